package dev.grove.patina.schedule;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.CleanupService;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.backup.weekly.WeeklyArchiver;
import dev.grove.patina.backup.weekly.WeeklyResult;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Adapts Patina's services to the scheduler's {@link ScheduledWork} port: the same services the CLI calls. */
public final class ScheduledWorks {
    private ScheduledWorks() {
    }

    /** The nightly backup only (weekly and cleanup reported as not available) — for tests of the nightly alone. */
    public static Map<RunKind, ScheduledWork> of(BackupService backups) {
        Map<RunKind, ScheduledWork> works = new EnumMap<>(RunKind.class);
        works.put(RunKind.NIGHTLY, nightly(backups));
        works.put(RunKind.WEEKLY, ScheduledWork.unavailable("no weekly archiver configured"));
        works.put(RunKind.CLEANUP, ScheduledWork.unavailable("no cleanup configured"));
        return works;
    }

    /** Every run kind over a configured runtime: nightly, weekly archive, retention cleanup. */
    public static Map<RunKind, ScheduledWork> of(PatinaRuntime runtime) {
        Map<RunKind, ScheduledWork> works = new EnumMap<>(RunKind.class);
        ZoneId zone = runtime.config().schedule().timezone();
        works.put(RunKind.NIGHTLY, nightly(runtime.backups()));
        works.put(RunKind.WEEKLY, weekly(runtime.weeklyArchiver(), runtime.catalog(), runtime.notifier(), zone));
        RetentionPolicy policy = new RetentionPolicy(runtime.config().retention().dailyDays(),
                runtime.config().retention().weeklyWeeks());
        works.put(RunKind.CLEANUP, cleanup(runtime.cleanup(), policy, runtime.catalog(), runtime.notifier(), zone));
        return works;
    }

    private static ScheduledWork nightly(BackupService backups) {
        return (request, progress) -> backups.runNightly(request.now(), request.trigger(), Set.of(), progress,
                request.catchUpOf());
    }

    /** The week that ended on the run's date (Sunday) or, on any other day, the last week that ended. */
    private static ScheduledWork weekly(WeeklyArchiver archiver, Catalog catalog, Notifier notifier, ZoneId zone) {
        return new ScheduledWork() {
            @Override
            public RunReport run(WorkRequest request, dev.grove.patina.backup.BackupProgress progress)
                    throws java.io.IOException {
                IsoWeek week = IsoWeek.lastEndedOnOrBefore(LocalDate.ofInstant(request.now(), zone));
                WeeklyResult result = archiver.apply(archiver.plan(week.monday()), request.trigger());
                RunReport report = catalog.run(result.runId()).map(RunSummary::toReport)
                        .orElseThrow(() -> new IllegalStateException("the weekly run " + result.runId()
                                + " is not in the catalog"));
                notifyEvenIfStopped(notifier, report);
                return report;
            }

            @Override
            public java.util.Optional<String> notNeeded(WorkRequest request) {
                return beforeFirstDaily(catalog, IsoWeek.lastEndedOnOrBefore(LocalDate.ofInstant(request.now(), zone)));
            }
        };
    }

    /**
     * A first start: the week ended before Patina's first daily, so an archive of it can only fail ("nothing to
     * archive" is not an alert). A later week without dailies still runs, and fails loudly.
     */
    static java.util.Optional<String> beforeFirstDaily(Catalog catalog, IsoWeek week) {
        boolean anyDaily = !catalog.findObjects(dev.grove.patina.catalog.ObjectQuery.firstPage(1)
                .withKind(dev.grove.patina.model.ObjectKind.DAILY).withDates(null, week.sunday())).items().isEmpty();
        return anyDaily ? java.util.Optional.empty() : java.util.Optional.of("no daily backup existed yet in " + week
                + " (" + week.monday() + " to " + week.sunday() + "): nothing to archive before Patina's first backups");
    }

    private static ScheduledWork cleanup(CleanupService cleanup, RetentionPolicy policy, Catalog catalog,
                                         Notifier notifier, ZoneId zone) {
        return (request, progress) -> {
            LocalDate today = LocalDate.ofInstant(request.now(), zone);
            cleanup.applyAndRecord(cleanup.plan(policy, today), request.trigger());
            RunReport report = catalog.lastRun(RunKind.CLEANUP).map(RunSummary::toReport)
                    .orElseThrow(() -> new IllegalStateException("the cleanup run is not in the catalog"));
            notifyEvenIfStopped(notifier, report);
            return report;
        };
    }

    /**
     * Sends the run's alert with the thread's interrupt (a cancel or a shutdown) cleared for the send, so a stopped
     * run still alerts; the interrupt is restored after.
     */
    private static void notifyEvenIfStopped(Notifier notifier, RunReport report) {
        boolean interrupted = Thread.interrupted();
        try {
            notifier.notify(report);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
