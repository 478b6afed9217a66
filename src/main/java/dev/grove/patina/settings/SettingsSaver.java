package dev.grove.patina.settings;

import dev.grove.patina.config.ConfigException;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.ConfigWriter;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.QuartzCronSyntax;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.settings.SettingsSaveOutcome.SettingsInvalid;
import dev.grove.patina.settings.SettingsSaveOutcome.SettingsSaveFailed;
import dev.grove.patina.settings.SettingsSaveOutcome.SettingsSaved;
import java.io.IOException;
import java.util.Optional;

/**
 * Saves Patina's settings, for the console's Settings tab and its editors (and any other caller): checks them, writes
 * {@code patina.toml} through its one {@link ConfigWriter} (temp file, fsync, atomic rename; secrets written as their
 * references, plain-text ones as the operator wrote them), one write at a time, then reads the file back with the
 * {@link ConfigLoader} Patina starts with, so what is saved is what the next start reads.
 */
public final class SettingsSaver {
    private final ConfigLoader loader;
    private final ConfigWriter writer;

    /** @param loader resolves paths and secret references with the environment and keyring the next start uses */
    public SettingsSaver(ConfigLoader loader, ConfigWriter writer) {
        this.loader = loader;
        this.writer = writer;
    }

    /** Writes plain-text secrets as the operator wrote them (the config is the operator's own file). */
    public SettingsSaver(ConfigLoader loader) {
        this(loader, new ConfigWriter(ConfigWriter.PlainSecrets.WRITE));
    }

    /** The loader the editors resolve typed paths and secret references with. */
    public ConfigLoader loader() {
        return loader;
    }

    /** Checks {@code next}, writes it to its file and reads it back. Blocking; never throws. */
    public SettingsSaveOutcome save(PatinaConfig next) {
        Optional<SettingsInvalid> invalid = problem(next);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        try {
            write(next);
            return new SettingsSaved(loader.load(next.file()));
        } catch (IOException | ConfigException e) {
            return new SettingsSaveFailed(e);
        } catch (RuntimeException e) {
            return new SettingsSaveFailed(new IOException("Cannot save " + next.file() + ": " + e.getMessage(), e));
        }
    }

    /** One write at a time: the tab's Save and its editors may save at once. */
    private synchronized void write(PatinaConfig next) throws IOException {
        writer.writeTo(next, next.file());
    }

    /** The first setting that may not be saved, by its key; empty when all may. */
    static Optional<SettingsInvalid> problem(PatinaConfig c) {
        ScheduleConfig s = c.schedule();
        Optional<String> nightly = QuartzCronSyntax.problem(s.nightly());
        if (nightly.isPresent()) {
            return Optional.of(new SettingsInvalid("schedule.nightly", "not a valid Quartz cron expression: "
                    + nightly.get()));
        }
        Optional<String> weekly = QuartzCronSyntax.problem(s.weekly());
        if (weekly.isPresent()) {
            return Optional.of(new SettingsInvalid("schedule.weekly", "not a valid Quartz cron expression: "
                    + weekly.get()));
        }
        if (s.concurrency() < ScheduleConfig.MIN_CONCURRENCY || s.concurrency() > ScheduleConfig.MAX_CONCURRENCY) {
            return Optional.of(new SettingsInvalid("schedule.concurrency", "must be from "
                    + ScheduleConfig.MIN_CONCURRENCY + " to " + ScheduleConfig.MAX_CONCURRENCY));
        }
        if (c.retention().dailyDays() < 1) {
            return Optional.of(new SettingsInvalid("retention.daily_days", "must be at least 1 (days of dailies)"));
        }
        if (c.retention().weeklyWeeks() < 0) {
            return Optional.of(new SettingsInvalid("retention.weekly_weeks", "must be 0 or more"));
        }
        return Optional.empty();
    }
}
