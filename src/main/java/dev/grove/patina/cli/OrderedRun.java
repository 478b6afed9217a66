package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.host.RunHandOff;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunFollower;
import dev.grove.patina.run.RunListener;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunService;
import dev.grove.patina.run.WorkResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A command's run: ordered from the run service (the same road as the schedule, the console and the API: one
 * lane per kind, the same catalog record, the same alert) and followed by its ticket until it ends. When a console
 * or a daemon holds the catalog, the run is handed to that process's run service (its queue, its live progress in
 * the console) and followed from here; otherwise this process runs it. A run replayed with {@code --now} is always
 * this process's own.
 */
final class OrderedRun {
    /** Longer than any run: a command waits for its run. */
    private static final Duration AT_MOST = Duration.ofDays(2);

    private OrderedRun() {
    }

    /**
     * Orders {@code order} — handed over to the process holding the catalog when there is one — passes its run's
     * progress to {@code onEvent} on this thread, and returns how it ended. A run handed over comes back as a
     * {@link WorkResult.ReportedRun} read from the catalog (a verify as a {@link WorkResult.VerifyDone} with the
     * verdicts its taker sent).
     *
     * @throws IllegalStateException when the order was refused, or the run could not run (exit 1)
     */
    static WorkResult run(PatinaRuntime rt, RuntimeOptions options, RunOrder order, RunListener onEvent,
                          PrintWriter err) {
        return run(rt, options, null, order, onEvent, err);
    }

    /**
     * As above; with {@code [cluster]} (ADR 0035) and no process here holding the catalog, the order goes into the
     * cluster's queue — a free node runs it, this command follows it there and reads its run from the shared
     * catalog — unless {@code queue} says {@code --here}, or {@code --now} replays another moment.
     */
    static WorkResult run(PatinaRuntime rt, RuntimeOptions options, QueueOptions queue, RunOrder order,
                          RunListener onEvent, PrintWriter err) {
        if (!options.replays()) {
            Path folder = rt.config().catalog().path().toAbsolutePath().getParent();
            Optional<RunHandOff.TakenRun> taken = new RunHandOff().handOver(folder, order, onEvent);
            if (taken.isPresent()) {
                return reported(rt, order, taken.get(), err);
            }
            if (queue != null && !queue.here() && rt.clusterDatabase().isPresent()
                    && rt.clusterNodes().isPresent()) {
                return ClusterRun.run(rt, order, err);
            }
        }
        return run(rt.runs(), order, onEvent);
    }

    private static WorkResult reported(PatinaRuntime rt, RunOrder order, RunHandOff.TakenRun taken,
                                       PrintWriter err) {
        String what = "the " + order.kind().id() + " run";
        if (!taken.ran()) {
            throw new IllegalStateException(what + " was handed to " + taken.takenBy() + ", which "
                    + ("refused".equals(taken.state()) ? "refused it: " : "did not run it: ") + taken.message());
        }
        err.println("patina: " + taken.takenBy() + " holds the catalog: " + what + " ran in its queue (run "
                + taken.runId() + ")");
        err.flush();
        RunReport report = rt.catalog().run(taken.runId()).map(RunSummary::toReport).orElseThrow(() ->
                new IllegalStateException(what + " " + taken.runId() + " that " + taken.takenBy()
                        + " reported is not in the catalog"));
        if (!taken.verdicts().isEmpty()) { // a verify: the verdicts came with its end, the checks each ran
            return new WorkResult.VerifyDone(report, taken.verdicts());
        }
        return new WorkResult.ReportedRun(report);
    }

    /**
     * Orders {@code order} from this process's run service, passes its run's events to {@code onEvent} on this
     * thread, and returns how it ended.
     *
     * @throws IllegalStateException when the order was refused, or the run could not run (exit 1)
     */
    static WorkResult run(RunService runs, RunOrder order, RunListener onEvent) {
        RunFollower.Followed f = new RunFollower(runs).submitAndFollow(order, onEvent, AT_MOST);
        if (!f.trigger().accepted()) {
            throw new IllegalStateException("the " + order.kind().id() + " run did not start: "
                    + f.trigger().message());
        }
        RunEvent end = f.end().orElseThrow(() -> new IllegalStateException("the " + order.kind().id()
                + " run did not end in time"));
        return f.result().orElseThrow(() -> new IllegalStateException(
                end instanceof RunEvent.RunSkipped ? "the " + order.kind().id() + " run did not run: "
                        + RunFollower.why(end) : RunFollower.why(end)));
    }
}
