package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunQueue;
import dev.grove.patina.run.RunScope;
import dev.grove.patina.run.WorkResult;
import dev.grove.patina.schedule.ClusterQueue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;

/**
 * A command's run in a cluster (ADR 0035): handed to the cluster's queue with the trigger {@code cli user@host},
 * run by whichever node is free, followed from here (queued, running on node X, ended) and read back from the
 * shared catalog. Stopping the command stops following, not the run.
 */
final class ClusterRun {
    /** Longer than any run: a command waits for its run. */
    private static final Duration AT_MOST = Duration.ofDays(2);
    /** How many recent runs are searched for the one the node ran. */
    private static final int RECENT = 200;

    private ClusterRun() {
    }

    static WorkResult run(PatinaRuntime rt, RunOrder order, PrintWriter err) {
        String what = "the " + order.kind().id() + " run";
        String trigger = RunTrigger.queuedFrom(RunTrigger.CLI, ClusterQueue.who());
        // a cleanup's plan is the node's, computed from the same policy when its run starts (as when handed over)
        RunOrder queued = order.scope() instanceof RunScope.CleanupScope ? RunOrder.cleanup(order.trigger(), null)
                : order;
        try (ClusterQueue queue = ClusterQueue.open(rt.clusterDatabase().orElseThrow(),
                rt.clusterNodes().orElseThrow(), trigger, rt.clock())) {
            RunQueue.Queued q = queue.enqueue(queued);
            if (!q.accepted()) {
                throw new IllegalStateException(what + " was not queued in " + queue.where() + ": " + q.message()
                        + " (--here runs it in this process)");
            }
            err.println("patina: " + q.message());
            err.flush();
            RunQueue.QueueState end = queue.follow(q, s -> {
                err.println("patina: " + what + " " + s.message());
                err.flush();
            }, AT_MOST);
            if (end.phase() != RunQueue.QueueState.QueuePhase.ENDED) {
                throw new IllegalStateException(what + " did not end in " + queue.where() + ": " + end.message());
            }
            if (end.outcome() == null || !end.outcome().startsWith("finished")) {
                throw new IllegalStateException(what + " on node " + end.node() + " ended " + end.outcome()
                        + " (its log: patina status, or the node's log)");
            }
            RunSummary run = ran(rt, order, trigger, end).orElseThrow(() -> new IllegalStateException(what
                    + " ended on node " + end.node() + " (" + end.outcome() + ") but is not in the catalog"));
            err.println("patina: " + what + " ran on node " + end.node() + " of " + queue.where() + " (run "
                    + run.id() + ")");
            err.flush();
            return new WorkResult.ReportedRun(run.toReport());
        }
    }

    /** The run the node started for this order: of its kind and trigger, the first that started once it took it. */
    private static Optional<RunSummary> ran(PatinaRuntime rt, RunOrder order, String trigger,
                                           RunQueue.QueueState end) {
        return rt.catalog().recentRuns(RECENT).stream()
                .filter(r -> r.kind() == order.kind() && trigger.equals(r.trigger()))
                .filter(r -> end.takenAt() == null || !r.startedAt().isBefore(end.takenAt().minusSeconds(1)))
                .min(Comparator.comparing(RunSummary::startedAt));
    }
}
