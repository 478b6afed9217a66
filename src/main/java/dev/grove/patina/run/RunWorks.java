package dev.grove.patina.run;

import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.CleanupResult;
import dev.grove.patina.backup.CleanupService;
import dev.grove.patina.backup.retention.RetentionPlan;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.backup.weekly.WeeklyArchiver;
import dev.grove.patina.backup.weekly.WeeklyResult;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Adapts Patina's services to the {@link RunWork} port. Built in the composition root from the services it
 * drives; none of these alerts (the run service does).
 */
public final class RunWorks {
    private RunWorks() {
    }

    /** The nightly backup only (weekly and cleanup reported as not available) — for tests of the nightly alone. */
    public static Map<RunKind, RunWork> nightlyOnly(BackupService backups) {
        Map<RunKind, RunWork> works = new EnumMap<>(RunKind.class);
        works.put(RunKind.NIGHTLY, nightly(backups));
        works.put(RunKind.WEEKLY, RunWork.unavailable("no weekly archiver configured"));
        works.put(RunKind.CLEANUP, RunWork.unavailable("no cleanup configured"));
        return works;
    }

    /**
     * Every run kind: nightly, weekly archive, retention cleanup.
     *
     * @param zone the schedule's zone: the date a run falls on
     */
    public static Map<RunKind, RunWork> of(BackupService backups, WeeklyArchiver archiver, CleanupService cleanup,
                                           RetentionPolicy policy, Catalog catalog, ZoneId zone) {
        Map<RunKind, RunWork> works = new EnumMap<>(RunKind.class);
        works.put(RunKind.NIGHTLY, nightly(backups));
        works.put(RunKind.WEEKLY, weekly(archiver, catalog, zone));
        works.put(RunKind.CLEANUP, cleanup(cleanup, policy, catalog, zone));
        return works;
    }

    /**
     * Every run kind, each followed by the replicas' sync (copies of what a replica lacks, deletes of what retention
     * removed); without replicas the same as {@link #of(BackupService, WeeklyArchiver, CleanupService,
     * RetentionPolicy, Catalog, ZoneId)}.
     */
    public static Map<RunKind, RunWork> of(BackupService backups, WeeklyArchiver archiver, CleanupService cleanup,
                                           RetentionPolicy policy, Catalog catalog, ZoneId zone,
                                           dev.grove.patina.backup.replica.ReplicaSync replicas) {
        Map<RunKind, RunWork> works = of(backups, archiver, cleanup, policy, catalog, zone);
        if (!replicas.replicas().isEmpty()) {
            works.replaceAll((kind, work) -> new ReplicatedWork(work, replicas, catalog));
        }
        return works;
    }

    /**
     * The test restore (issue 15 §2): the latest daily of each database in the scope (all: {@code databases}),
     * one at a time, through {@code verifier} — which records the VERIFY run; it must not alert itself (the run
     * service does). Verifies the primary only: a scope naming a replica fails, naming the store.
     */
    public static RunWork verify(dev.grove.patina.backup.VerifyService verifier, Catalog catalog,
                                 java.util.List<String> databases) {
        return verify(store -> {
            if (store != null) {
                throw new IllegalArgumentException("no store named " + store + " (stores: primary)");
            }
            return verifier;
        }, catalog, databases);
    }

    /**
     * The test restore (issue 15 §2) of what the order's {@link RunScope.VerifyScope} names — the latest daily of
     * each database in it (all: {@code databases}), or every present daily of its date — one at a time, on the
     * store it names, through {@code verifierOf.apply(store)} (null: the primary's). That verifier records the
     * VERIFY run and must not alert itself (the run service does); an unknown store name fails the run with the
     * verifier's message (naming the stores there are).
     */
    public static RunWork verify(java.util.function.Function<String, dev.grove.patina.backup.VerifyService> verifierOf,
                                 Catalog catalog, java.util.List<String> databases) {
        return new RunWork() {
            @Override
            public WorkResult run(WorkRequest request, dev.grove.patina.backup.BackupProgress progress)
                    throws java.io.IOException {
                RunScope.VerifyScope scope = (RunScope.VerifyScope) request.scope();
                dev.grove.patina.backup.VerifyService verifier = verifierOf.apply(scope.store());
                java.util.List<dev.grove.patina.catalog.StoredObject> objects = objects(scope);
                if (objects.isEmpty()) {
                    throw new IllegalStateException("nothing to verify: no backup in the catalog matches ("
                            + scope.describe() + ")");
                }
                java.util.List<dev.grove.patina.backup.VerifyService.Verdict> verdicts = verifier.verify(objects,
                        request.trigger(), scope.decrypt(), v -> { }, progress);
                RunReport report = catalog.lastRun(RunKind.VERIFY).map(RunSummary::toReport)
                        .orElseThrow(() -> new IllegalStateException("the verify run is not in the catalog"));
                return new WorkResult.VerifyDone(report, verdicts);
            }

            /** A scheduled verify before the first backup has nothing to restore: skipped, not failed. */
            @Override
            public Optional<String> notNeeded(WorkRequest request) {
                return objects((RunScope.VerifyScope) request.scope()).isEmpty()
                        ? Optional.of("no backup in the catalog yet: nothing to test-restore") : Optional.empty();
            }

            private java.util.List<dev.grove.patina.catalog.StoredObject> objects(RunScope.VerifyScope scope) {
                java.util.List<dev.grove.patina.catalog.StoredObject> objects = new java.util.ArrayList<>();
                if (scope.date() != null) {
                    ObjectQuery q = ObjectQuery.firstPage(ObjectQuery.MAX_LIMIT).withKind(ObjectKind.DAILY)
                            .withStatus(dev.grove.patina.catalog.ObjectStatus.PRESENT)
                            .withDates(scope.date(), scope.date());
                    for (dev.grove.patina.catalog.StoredObject o : catalog.findObjects(scope.databases().size() == 1
                            ? q.withDatabase(scope.databases().iterator().next()) : q).items()) {
                        if (scope.databases().isEmpty() || scope.databases().contains(o.database())) {
                            objects.add(o);
                        }
                    }
                    return objects;
                }
                for (String name : scope.databases().isEmpty() ? databases : scope.databases().stream().sorted()
                        .toList()) {
                    catalog.latestDaily(name).ifPresent(objects::add);
                }
                return objects;
            }
        };
    }

    private static RunWork nightly(BackupService backups) {
        return (request, progress) -> new WorkResult.ReportedRun(backups.runNightly(request.now(), request.trigger(),
                ((RunScope.NightlyScope) request.scope()).databases(), progress, request.catchUpOf()));
    }

    /** The chosen week, else the week that ended on the run's date (Sunday) or, on another day, the last ended. */
    private static RunWork weekly(WeeklyArchiver archiver, Catalog catalog, ZoneId zone) {
        return new RunWork() {
            @Override
            public WorkResult run(WorkRequest request, dev.grove.patina.backup.BackupProgress progress)
                    throws java.io.IOException {
                WeeklyResult result = archiver.apply(archiver.plan(week(request, zone).monday()), request.trigger());
                RunReport report = catalog.run(result.runId()).map(RunSummary::toReport)
                        .orElseThrow(() -> new IllegalStateException("the weekly run " + result.runId()
                                + " is not in the catalog"));
                return new WorkResult.WeeklyDone(report, result);
            }

            @Override
            public Optional<String> notNeeded(WorkRequest request) {
                return beforeFirstDaily(catalog, week(request, zone));
            }
        };
    }

    private static IsoWeek week(WorkRequest request, ZoneId zone) {
        IsoWeek chosen = ((RunScope.WeeklyScope) request.scope()).week();
        return chosen != null ? chosen : IsoWeek.lastEndedOnOrBefore(LocalDate.ofInstant(request.now(), zone));
    }

    /**
     * A first start: the week ended before Patina's first daily, so an archive of it can only fail ("nothing to
     * archive" is not an alert). A later week without dailies still runs, and fails loudly.
     */
    static Optional<String> beforeFirstDaily(Catalog catalog, IsoWeek week) {
        boolean anyDaily = !catalog.findObjects(ObjectQuery.firstPage(1).withKind(ObjectKind.DAILY)
                .withDates(null, week.sunday())).items().isEmpty();
        return anyDaily ? Optional.empty() : Optional.of("no daily backup existed yet in " + week + " ("
                + week.monday() + " to " + week.sunday() + "): nothing to archive before Patina's first backups");
    }

    /**
     * {@code plan} (computed here, now) removing only what the operator {@code seen} removed in their preview (ADR
     * 0035): a removal they did not see is kept, and a key they saw that this plan keeps stays; both are logged.
     */
    static RetentionPlan onlySeen(RetentionPlan plan, java.util.Set<String> seen, String trigger,
                                  java.util.List<String> notes) {
        java.util.List<dev.grove.patina.backup.retention.Decision> decisions = new java.util.ArrayList<>();
        for (dev.grove.patina.backup.retention.Decision d : plan.decisions()) {
            if (d.action() == dev.grove.patina.backup.retention.Decision.Action.REMOVE && !seen.contains(d.key())) {
                String why = "not removed: not in the plan " + trigger + " was shown (this node's plan, computed "
                        + "now, removes it: " + d.reason() + ")";
                notes.add("kept " + d.key() + ": " + why);
                CLEANUP_LOG.info("cleanup ordered by {}: kept {}: {}", trigger, d.key(), why);
                decisions.add(new dev.grove.patina.backup.retention.Decision(d.object(),
                        dev.grove.patina.backup.retention.Decision.Action.KEEP, why, false));
            } else {
                if (d.action() == dev.grove.patina.backup.retention.Decision.Action.KEEP && seen.contains(d.key())) {
                    notes.add("kept " + d.key() + ", shown to " + trigger + " to be removed: this node's plan, "
                            + "computed now, keeps it (" + d.reason() + ")");
                    CLEANUP_LOG.info("cleanup ordered by {}: kept {}, shown to be removed: this node's plan, "
                            + "computed now, keeps it ({})", trigger, d.key(), d.reason());
                }
                decisions.add(d);
            }
        }
        java.util.Set<String> planned = new java.util.HashSet<>();
        plan.decisions().forEach(d -> planned.add(d.key()));
        seen.stream().filter(k -> !planned.contains(k)).sorted().forEach(k -> {
            notes.add(k + " was shown to " + trigger + " to be removed but is not in this node's plan (gone already, "
                    + "or not in the catalog): nothing done");
            CLEANUP_LOG.info("cleanup ordered by {}: {}", trigger, notes.get(notes.size() - 1));
        });
        return new RetentionPlan(plan.today(), plan.policy(), decisions);
    }

    private static final org.slf4j.Logger CLEANUP_LOG = org.slf4j.LoggerFactory.getLogger(RunWorks.class);

    /** The plan the order carries (the one a dialog showed), else the policy's plan for the run's date. */
    private static RunWork cleanup(CleanupService cleanup, RetentionPolicy policy, Catalog catalog, ZoneId zone) {
        return (request, progress) -> {
            RunScope.CleanupScope scope = (RunScope.CleanupScope) request.scope();
            RetentionPlan chosen = scope.plan();
            RetentionPlan plan = chosen != null ? chosen
                    : cleanup.plan(policy, LocalDate.ofInstant(request.now(), zone));
            java.util.List<String> notes = new java.util.ArrayList<>();
            if (chosen == null && scope.seen() != null) {
                plan = onlySeen(plan, scope.seen(), request.trigger(), notes);
            }
            CleanupResult result = cleanup.applyAndRecord(plan, request.trigger());
            RunSummary run = catalog.lastRun(RunKind.CLEANUP)
                    .orElseThrow(() -> new IllegalStateException("the cleanup run is not in the catalog"));
            notes.forEach(n -> catalog.log(run.id(), "INFO", n)); // in the run's log: what was not done, and why
            RunReport report = run.toReport();
            return new WorkResult.CleanupDone(report, result);
        };
    }
}
