package dev.grove.patina.settings;

import dev.grove.patina.config.PatinaConfig;

/** How saving the settings ended. */
public sealed interface SettingsSaveOutcome permits SettingsSaveOutcome.SettingsSaved,
        SettingsSaveOutcome.SettingsInvalid, SettingsSaveOutcome.SettingsSaveFailed {

    /** Written, and read back as Patina's next start will read it. */
    record SettingsSaved(PatinaConfig config) implements SettingsSaveOutcome {
    }

    /**
     * Not written: {@code key} (as in {@code patina.toml}, for example {@code schedule.nightly}) is wrong.
     *
     * @param reason why, in words; never a secret's value
     */
    record SettingsInvalid(String key, String reason) implements SettingsSaveOutcome {
    }

    /** Not written, or written but not readable again: {@code error} names the file and, when known, the key. */
    record SettingsSaveFailed(Exception error) implements SettingsSaveOutcome {
    }
}
