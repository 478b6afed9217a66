package dev.grove.patina.ui.settings;

import dev.grove.patina.alert.AlertTestResult;
import dev.grove.patina.alert.Notifier;
import dev.grove.patina.app.NotifierFactory;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.config.AlertsConfig;
import dev.grove.patina.config.ConfigException;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.ConfigRules;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.util.Secret;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Edit alerts" dialog: the {@code [alerts]} table — a webhook URL given only as a reference
 * ({@code env:NAME}, {@code file:/path}, {@code keyring:NAME}: the URL carries the webhook's token, so it is a
 * secret), the body format and whether successful runs are reported too — or no alerts at all. The reference is
 * checked with {@link ConfigRules} and resolved in the background with the loader's resolver; the resolved URL is
 * handed only to the notifier, never to a property or a log line. "Send test alert" builds the notifier from the
 * edited values as the runtime does ({@link NotifierFactory}) and sends one message; Save writes
 * {@code patina.toml} with the reference. The running console and daemon keep the alerts they started with until
 * Patina restarts.
 */
public final class AlertsEditorViewModel extends EditorViewModel<AlertsEditorViewModel.AlertsField> {
    /** The fields that can be wrong, each with its own inline error. */
    public enum AlertsField { WEBHOOK_URL }

    private final SettingsViewModel owner;
    private final AlertsConfig original;

    private final BooleanProperty enabled = new SimpleBooleanProperty();
    private final StringProperty webhookUrl = new SimpleStringProperty("");
    private final ObjectProperty<AlertFormat> format = new SimpleObjectProperty<>(AlertsConfig.DEFAULT_FORMAT);
    private final BooleanProperty onSuccess = new SimpleBooleanProperty();

    AlertsEditorViewModel(SettingsViewModel owner, AlertsConfig original) {
        super(AlertsField.class);
        this.owner = owner;
        this.original = original;
        enabled.set(original.webhookUrl().isPresent());
        webhookUrl.set(original.webhookUrl().map(Secret::source).orElse(""));
        format.set(original.format());
        onSuccess.set(original.onSuccess());
        webhookUrl.addListener((o, was, is) -> check());
        enabled.addListener((o, was, is) -> check());
        format.addListener((o, was, is) -> status.set(""));
        check();
    }

    private void check() {
        status.set("");
        errors.get(AlertsField.WEBHOOK_URL).set(problem());
    }

    private String problem() {
        if (!enabled.get() || keepsOriginalUrl()) {
            return "";
        }
        String text = webhookUrl.get().strip();
        return EditorSupport.required(text, "Required: where the webhook URL is, e.g. env:PATINA_WEBHOOK",
                ConfigRules.secretReference(text));
    }

    /**
     * True while the field still shows the configured webhook's source: that secret is kept as it is (also one the
     * operator wrote in plain text, which only the file holds).
     */
    private boolean keepsOriginalUrl() {
        return original.webhookUrl().map(u -> u.source().equals(webhookUrl.get().strip())).orElse(false);
    }

    private record AlertsDraft(AlertsConfig config, Map<AlertsField, String> problems) {
    }

    /** The edited alerts, or problems per field; reads the reference (background only). */
    private AlertsDraft build() {
        Map<AlertsField, String> problems = new EnumMap<>(AlertsField.class);
        if (!enabled.get()) {
            return new AlertsDraft(new AlertsConfig(Optional.empty(), format.get(), onSuccess.get()), problems);
        }
        Secret url;
        if (keepsOriginalUrl()) {
            url = original.webhookUrl().orElseThrow();
        } else {
            ConfigLoader loader = owner.loader();
            try {
                url = loader.resolveSecret(owner.file(), "webhook_url", webhookUrl.get().strip());
            } catch (ConfigException e) {
                problems.put(AlertsField.WEBHOOK_URL, EditorSupport.of(e, "webhook_url", "The webhook URL"));
                return new AlertsDraft(null, problems);
            }
        }
        Optional<String> notAUrl = ConfigRules.secretHttpUrl(url);
        if (notAUrl.isPresent()) {
            problems.put(AlertsField.WEBHOOK_URL, "The webhook URL " + notAUrl.get());
            return new AlertsDraft(null, problems);
        }
        return new AlertsDraft(new AlertsConfig(Optional.of(url), format.get(), onSuccess.get()), problems);
    }

    private record Sent(AlertTestResult result, Map<AlertsField, String> problems) {
    }

    /**
     * In the background: sends one test message with the edited webhook and format, as the runtime's notifier
     * would send it; the answer (the HTTP status or what failed, never the URL) goes to the status.
     */
    public void sendTestAlert() {
        if (busy.get()) {
            return;
        }
        if (!enabled.get()) {
            statusOk.set(false);
            status.set("Alerts are off: there is no webhook to test.");
            return;
        }
        if (!valid.get()) {
            statusOk.set(false);
            status.set("Fix the fields marked in red first.");
            return;
        }
        busy.set(true);
        statusOk.set(false);
        status.set("Sending…");
        owner.executor().executeInBackground(() -> {
            AlertsDraft built = build();
            if (!built.problems().isEmpty()) {
                return new Sent(null, built.problems());
            }
            return new Sent(NotifierFactory.webhook(built.config(), owner.clock()).orElseThrow().sendTest(),
                    Map.of());
        }, sent -> {
            busy.set(false);
            if (!sent.problems().isEmpty()) {
                show(sent.problems());
                statusOk.set(false);
                status.set("Fix the fields marked in red.");
                return;
            }
            statusOk.set(sent.result().ok());
            status.set(sent.result().message());
        }, e -> {
            busy.set(false);
            statusOk.set(false);
            status.set("Test alert failed: " + Messages.of(e));
        });
    }


    private record AlertsSaved(PatinaConfig next, Notifier notifier, Map<AlertsField, String> problems) {
    }

    /**
     * Reads the reference in the background, then writes {@code patina.toml} with these alerts (the reference,
     * never the URL) and runs {@code onSaved}. Problems go under their fields and nothing is written. Does nothing
     * while a field shows an error.
     */
    public void save(Runnable onSaved) {
        if (!beginSave("Saving…")) {
            return;
        }
        PatinaConfig base = owner.saved();
        owner.executor().executeInBackground(() -> {
            AlertsDraft built = build();
            if (!built.problems().isEmpty()) {
                return new AlertsSaved(null, null, built.problems());
            }
            PatinaConfig next = ConfigEdits.withAlerts(base, built.config());
            owner.write(next);
            return new AlertsSaved(next, NotifierFactory.of(built.config(), owner.clock()), Map.of());
        }, saved -> {
            busy.set(false);
            if (!saved.problems().isEmpty()) {
                show(saved.problems());
                status.set("Not saved: fix the fields marked in red.");
                return;
            }
            owner.alertsApplied(saved.next(), saved.notifier());
            status.set("");
            onSaved.run();
        }, e -> {
            busy.set(false);
            statusOk.set(false);
            status.set("Not saved: " + Messages.of(e));
        });
    }

    /** True: run reports go to the webhook; false: no alerts (Save removes the webhook from the file). */
    public BooleanProperty enabledProperty() {
        return enabled;
    }

    /** The webhook URL's reference, never the URL. */
    public StringProperty webhookUrlProperty() {
        return webhookUrl;
    }

    public ObjectProperty<AlertFormat> formatProperty() {
        return format;
    }

    /** Whether successful runs are reported too (failures always are). */
    public BooleanProperty onSuccessProperty() {
        return onSuccess;
    }
}
