package dev.grove.patina.host;

import dev.grove.patina.run.RunListener;
import dev.grove.patina.run.RunOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CLI's side of a run handed over: when a console or a daemon holds the catalog in {@code folder}, the CLI's
 * run goes into that process's queue (one lane per kind, as every other road) and the CLI follows its progress;
 * otherwise the CLI runs it itself through its own run service.
 */
public final class RunHandOff {
    private final RunOrderJson json = new RunOrderJson();

    /** How a run handed over ended. */
    public record TakenRun(String takenBy, String state, String runId, String message,
                           java.util.List<dev.grove.patina.backup.VerifyService.Verdict> verdicts) {
        public TakenRun {
            verdicts = verdicts == null ? java.util.List.of() : java.util.List.copyOf(verdicts);
        }

        /** A run whose end carries no verdicts (any but a verify). */
        public TakenRun(String takenBy, String state, String runId, String message) {
            this(takenBy, state, runId, message, java.util.List.of());
        }

        /** True when the run ran to an end the catalog recorded (its status says how it went). */
        public boolean ran() {
            return "finished".equals(state) && runId != null;
        }
    }

    /**
     * Hands {@code order} to the process holding the instance lock in {@code folder} and follows it, passing its
     * progress to {@code onEvent}.
     *
     * @return how it ended, or empty when no live process holds the lock (or it takes no runs): run it here
     * @throws IllegalStateException when the holder took the run and then went away before it ended
     */
    public Optional<TakenRun> handOver(Path folder, RunOrder order, RunListener onEvent) {
        Optional<InstanceLock.Holder> holder = InstanceLock.holder(folder)
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false))
                .filter(h -> h.port() > 0);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        InstanceLock.Holder h = holder.get();
        TakenRun[] end = new TakenRun[1];
        boolean[] accepted = {false};
        try {
            ControlClient.handOver(h, json.order(order), line -> {
                RunOrderJson.TakerLine a = json.answer(line);
                if ("accepted".equals(a.event())) {
                    accepted[0] = true;
                }
                json.progressEvent(a).ifPresent(onEvent::onEvent);
                if (a.isEnd()) {
                    end[0] = new TakenRun(h.describe(), a.text("state"), a.text("runId"), a.text("message"),
                            json.verdicts(a));
                    return true;
                }
                return false;
            });
        } catch (IOException e) {
            if (!accepted[0] && end[0] == null) {
                return Optional.empty(); // it never took the run (unreachable, an older Patina): run it here
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
        return Optional.of(end[0]);
    }
}
