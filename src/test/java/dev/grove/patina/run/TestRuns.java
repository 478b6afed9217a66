package dev.grove.patina.run;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.schedule.SchedulerService;
import java.time.Clock;
import java.util.Map;

/** Builds run services and schedulers over them for tests, the way the composition root does. */
public final class TestRuns {
    private TestRuns() {
    }

    /** A run service over {@code works} that alerts nobody. */
    public static RunService of(Map<RunKind, RunWork> works, Catalog catalog, ScheduleConfig config, Clock clock) {
        return new RunService(works, catalog, config.timezone(), config.cleanupAfterWeekly(), Notifier.none(), clock);
    }

    /**
     * Runs the nightly of {@code only} (empty: all) of {@code backups} the way every road does — ordered from a run
     * service that alerts through {@code notifier} — and returns its report (the run's "now" is {@code clock}'s).
     */
    public static dev.grove.patina.model.RunReport nightly(dev.grove.patina.backup.BackupService backups,
                                                           Catalog catalog, Notifier notifier, Clock clock,
                                                           String trigger, java.util.Set<String> only) {
        RunService runs = new RunService(RunWorks.nightlyOnly(backups), catalog, java.time.ZoneOffset.UTC, false,
                notifier, clock);
        try {
            RunFollower.Followed f = new RunFollower(runs).submitAndFollow(RunOrder.nightly(trigger, only), e -> { },
                    java.time.Duration.ofMinutes(5));
            return f.result().orElseThrow(() -> new AssertionError("the nightly did not finish: " + f)).report();
        } finally {
            runs.shutdown(java.time.Duration.ofSeconds(5));
        }
    }

    /** A scheduler over a run service of its own (shut down with the scheduler). */
    public static SchedulerService scheduler(ScheduleConfig config, Map<RunKind, RunWork> works, Catalog catalog,
                                             Clock clock) {
        return new SchedulerService(config, of(works, catalog, config, clock), catalog, clock);
    }
}
