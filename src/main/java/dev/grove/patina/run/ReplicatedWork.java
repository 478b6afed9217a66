package dev.grove.patina.run;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.replica.ReplicaSync;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.model.ReplicaOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import java.util.List;
import java.util.Optional;

/**
 * A run followed by the replicas' sync ({@link ReplicaSync}): once the work has stored and recorded its objects on
 * the primary, every replica copies what it lacks and drops what retention removed, each within its timeout. The
 * report then says how each replica fared (the alert names a replica that failed, and why), the run's catalog log
 * has a line per replica, and the run's status stays the primary's. An interrupted run does not sync: the next run
 * catches up.
 */
final class ReplicatedWork implements RunWork {
    private final RunWork work;
    private final ReplicaSync sync;
    private final Catalog catalog;

    ReplicatedWork(RunWork work, ReplicaSync sync, Catalog catalog) {
        this.work = work;
        this.sync = sync;
        this.catalog = catalog;
    }

    @Override
    public WorkResult run(WorkRequest request, BackupProgress progress) throws Exception {
        WorkResult result = work.run(request, progress);
        if (result.report().status() == RunStatus.INTERRUPTED || Thread.currentThread().isInterrupted()) {
            return result;
        }
        List<ReplicaOutcome> outcomes = sync.sync();
        for (ReplicaOutcome o : outcomes) {
            log(result.report(), o);
        }
        RunReport report = result.report().withReplicas(outcomes);
        if (result instanceof WorkResult.WeeklyDone w) {
            return new WorkResult.WeeklyDone(report, w.archive());
        }
        if (result instanceof WorkResult.CleanupDone c) {
            return new WorkResult.CleanupDone(report, c.cleanup());
        }
        return new WorkResult.ReportedRun(report);
    }

    private void log(RunReport report, ReplicaOutcome o) {
        if (report.runId() == null) {
            return;
        }
        String line = "replica " + o.replica() + ": copied " + o.copied() + ", deleted " + o.deleted() + ", "
                + (o.behind() == 0 ? "in sync" : o.behind() + " behind") + (o.failed() ? " — " + o.error() : "");
        try {
            catalog.log(report.runId(), o.failed() ? "WARN" : "INFO", line);
        } catch (RuntimeException ignored) {
            // the report still says it; a log line that cannot be written never fails the run
        }
    }

    @Override
    public Optional<String> notNeeded(WorkRequest request) {
        return work.notNeeded(request);
    }

    @Override
    public boolean available() {
        return work.available();
    }

    @Override
    public String unavailableReason() {
        return work.unavailableReason();
    }
}
