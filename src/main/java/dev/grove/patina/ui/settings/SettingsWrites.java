package dev.grove.patina.ui.settings;

import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.settings.SettingsSaveOutcome;
import dev.grove.patina.settings.SettingsSaveOutcome.SettingsInvalid;
import dev.grove.patina.settings.SettingsSaveOutcome.SettingsSaveFailed;
import dev.grove.patina.settings.SettingsSaveOutcome.SettingsSaved;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Settings tab's config edits: its Save and every editor's write go through the one {@link SettingsSaver}
 * (checked, written atomically, read back with the loader Patina starts with), in the background; {@link #message}
 * says how the last one ended and {@link #saving} is true while one runs.
 */
final class SettingsWrites {
    private final Path file;
    private final SettingsSaver saver;
    private final UiExecutor executor;
    final StringProperty message = new SimpleStringProperty("");
    final BooleanProperty saving = new SimpleBooleanProperty();

    SettingsWrites(Path file, SettingsSaver saver, UiExecutor executor) {
        this.file = file;
        this.saver = saver;
        this.executor = executor;
    }

    /**
     * Saves {@code next} in the background; once saved, {@code done} gets the config as read back (on the GUI
     * thread) and the message says where it went, else the message says why not.
     */
    void save(PatinaConfig next, Consumer<PatinaConfig> done) {
        saving.set(true);
        message.set("Saving…");
        executor.executeInBackground(() -> saver.save(next), (SettingsSaveOutcome outcome) -> {
            saving.set(false);
            if (outcome instanceof SettingsSaved ok) {
                done.accept(ok.config());
                message.set("Saved to " + file + ". The daemon and the console use the new settings after a restart.");
            } else {
                message.set("Not saved: " + Messages.of(failure(outcome)));
            }
        }, e -> {
            saving.set(false);
            message.set("Not saved: " + Messages.of(e));
        });
    }

    /**
     * Writes {@code next} in the background; once written, {@code done} runs on the GUI thread (it sets the message),
     * else the message is {@code failed} followed by why.
     */
    void writeInBackground(PatinaConfig next, String failed, Consumer<PatinaConfig> done) {
        saving.set(true);
        message.set("Saving…");
        executor.executeInBackground(() -> {
            write(next);
            return next;
        }, written -> {
            saving.set(false);
            done.accept(written);
        }, e -> {
            saving.set(false);
            message.set(failed + Messages.of(e));
        });
    }

    /** Saves {@code next} as Save does, through the one {@link SettingsSaver}. Blocking; for the editors. */
    void write(PatinaConfig next) throws IOException {
        SettingsSaveOutcome outcome = saver.save(next);
        if (!(outcome instanceof SettingsSaved)) {
            Exception e = failure(outcome);
            throw e instanceof IOException io ? io : new IOException(Messages.of(e), e);
        }
    }

    /** The failure of an outcome that is not {@link SettingsSaved}, as an exception naming the file and key. */
    private Exception failure(SettingsSaveOutcome outcome) {
        if (outcome instanceof SettingsInvalid invalid) {
            return new IOException(invalid.key() + " in " + file + ": " + invalid.reason());
        }
        return ((SettingsSaveFailed) outcome).error();
    }

    ConfigLoader loader() {
        return saver.loader();
    }
}
