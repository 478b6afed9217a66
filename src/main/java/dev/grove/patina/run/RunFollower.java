package dev.grove.patina.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Submits one order and follows its run by ticket: hands the run's events to a listener (progress lines) and
 * waits for its end. Listens before it submits, so no event of the run is missed. Events carry the ticket, so
 * another process can follow the same way from a relay of the events.
 */
public final class RunFollower {
    private final RunService runs;

    public RunFollower(RunService runs) {
        this.runs = runs;
    }

    /** How a followed order ended: refused, skipped, failed (the work threw) or finished. */
    public record Followed(TriggerResult trigger, Optional<RunEvent> end) {
        /** The finished run's result, when it finished. */
        public Optional<WorkResult> result() {
            return end.filter(e -> e instanceof RunEvent.RunFinished).map(e -> ((RunEvent.RunFinished) e).result());
        }
    }

    /** Why a run ended without a result: the error of a run that could not run, or why it was skipped. */
    public static String why(RunEvent end) {
        if (end instanceof RunEvent.RunFailed f) {
            return f.error();
        }
        if (end instanceof RunEvent.RunSkipped k) {
            return k.reason();
        }
        return "it ended";
    }

    /**
     * Submits {@code order}, passes each event of its run to {@code onEvent} (on this thread) and returns when the
     * run ended or was dropped. Interrupting this thread cancels the run.
     *
     * @param limit the longest it waits; then the run goes on and the answer has no end
     */
    public Followed submitAndFollow(RunOrder order, RunListener onEvent, Duration limit) {
        return submitAndFollow(order, onEvent, limit, answer -> { });
    }

    /**
     * Like {@link #submitAndFollow(RunOrder, RunListener, Duration)}, telling {@code onAnswer} the run service's
     * answer (started, queued, merged, refused) as soon as it is given, before the run's first event.
     */
    public Followed submitAndFollow(RunOrder order, RunListener onEvent, Duration limit,
                                    java.util.function.Consumer<TriggerResult> onAnswer) {
        BlockingQueue<RunEvent> events = new LinkedBlockingQueue<>();
        RunListener tap = events::add;
        runs.addListener(tap);
        try {
            TriggerResult result = runs.submit(order);
            onAnswer.accept(result);
            if (!result.accepted()) {
                return new Followed(result, Optional.empty());
            }
            long deadline = System.nanoTime() + limit.toNanos();
            List<RunEvent> batch = new ArrayList<>();
            while (true) {
                RunEvent e;
                try {
                    e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException stop) {
                    runs.cancel(result.ticket());
                    Thread.currentThread().interrupt();
                    return new Followed(result, Optional.empty());
                }
                if (e == null) {
                    return new Followed(result, Optional.empty());
                }
                batch.clear();
                batch.add(e);
                events.drainTo(batch);
                for (RunEvent ev : batch) {
                    if (!result.ticket().equals(ev.ticket())) {
                        continue;
                    }
                    onEvent.onEvent(ev);
                    if (ev instanceof RunEvent.RunFinished || ev instanceof RunEvent.RunFailed
                            || ev instanceof RunEvent.RunSkipped) {
                        return new Followed(result, Optional.of(ev));
                    }
                }
            }
        } finally {
            runs.removeListener(tap);
        }
    }
}
