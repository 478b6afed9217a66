package dev.grove.patina.cli;

import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunFollower;
import dev.grove.patina.run.RunListener;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunService;
import dev.grove.patina.run.WorkResult;
import java.time.Duration;

/**
 * A command's run: ordered from the run service (the same road as the schedule, the console and the API: one
 * lane per kind, the same catalog record, the same alert) and followed by its ticket until it ends.
 */
final class OrderedRun {
    /** Longer than any run: a command waits for its run. */
    private static final Duration AT_MOST = Duration.ofDays(2);

    private OrderedRun() {
    }

    /**
     * Orders {@code order}, passes its run's events to {@code onEvent} on this thread, and returns how it ended.
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
