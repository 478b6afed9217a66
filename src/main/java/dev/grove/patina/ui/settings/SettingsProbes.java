package dev.grove.patina.ui.settings;

import dev.grove.patina.alert.AlertTestResult;
import dev.grove.patina.alert.Notifier;
import dev.grove.patina.alert.WebhookNotifier;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The Settings tab's "Test connection" (the store in use) and "Send test alert", each in the background. */
final class SettingsProbes {
    private final StoreProbe store;
    private final UiExecutor executor;
    /** What "Send test alert" sends through: the running notifier, then the one of the saved alerts. */
    private Notifier notifier;
    final StringProperty storeResult = new SimpleStringProperty("");
    final BooleanProperty storeOk = new SimpleBooleanProperty();
    final BooleanProperty testingStore = new SimpleBooleanProperty();
    final StringProperty alertResult = new SimpleStringProperty("");
    final BooleanProperty alertOk = new SimpleBooleanProperty();
    final BooleanProperty sendingAlert = new SimpleBooleanProperty();
    final BooleanProperty canSendTestAlert = new SimpleBooleanProperty();

    SettingsProbes(StoreProbe store, Notifier notifier, UiExecutor executor) {
        this.store = store;
        this.executor = executor;
        useNotifier(notifier);
    }

    /** Runs the store's access check; the answer goes to the store result. */
    void testConnection() {
        if (testingStore.get()) {
            return;
        }
        testingStore.set(true);
        storeResult.set("Testing…");
        executor.executeInBackground(() -> {
            store.checkAccess();
            return store.describe();
        }, where -> {
            testingStore.set(false);
            storeOk.set(true);
            storeResult.set("Connected: " + where + " passed the store's access check.");
        }, e -> {
            testingStore.set(false);
            storeOk.set(false);
            storeResult.set("Connection failed: " + Messages.of(e));
        });
    }

    /** Sends a test alert; the answer (never the URL) goes to the alert result. */
    void sendTestAlert() {
        if (!(notifier instanceof WebhookNotifier webhook) || sendingAlert.get()) {
            return;
        }
        sendingAlert.set(true);
        alertResult.set("Sending…");
        executor.executeInBackground(webhook::sendTest, (AlertTestResult r) -> {
            sendingAlert.set(false);
            alertOk.set(r.ok());
            alertResult.set(r.message());
        }, e -> {
            sendingAlert.set(false);
            alertOk.set(false);
            alertResult.set("Test alert failed: " + Messages.of(e));
        });
    }

    /** From now on "Send test alert" sends through {@code next} (the saved alerts' notifier). */
    void useNotifier(Notifier next) {
        notifier = next;
        canSendTestAlert.set(next instanceof WebhookNotifier);
    }

    /** Where backups go now, in words. */
    String storeDescription() {
        return store.describe();
    }
}
