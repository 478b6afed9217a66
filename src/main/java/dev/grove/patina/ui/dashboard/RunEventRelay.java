package dev.grove.patina.ui.dashboard;

import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunListener;
import dev.grove.patina.ui.common.UiExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one place where the run service's events (from the triggering and the runs' threads) cross onto the GUI
 * thread. Progress events of a run replace each other (only the newest snapshot per run is kept); every other event
 * is kept in order. At most one hand-over is pending at a time, so a fast run cannot flood the FX queue; the batch
 * arrives on the GUI thread in the order the events happened, with a run's progress folded into its place.
 *
 * <p>{@code gate} is held while an event is taken in: whoever submits an order under it has recorded its ticket
 * before any event of that run is taken in.
 */
final class RunEventRelay implements RunListener {
    private final UiExecutor executor;
    private final Consumer<List<RunEvent>> deliver;
    private final Object gate;
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Guarded by {@code this}: ordered; progress keyed by ticket so a newer snapshot replaces the older. */
    private Map<Object, RunEvent> batch = new LinkedHashMap<>();
    private long sequence;

    RunEventRelay(UiExecutor executor, Object gate, Consumer<List<RunEvent>> deliver) {
        this.executor = executor;
        this.gate = gate;
        this.deliver = deliver;
    }

    @Override
    public void onEvent(RunEvent event) {
        synchronized (gate) {
            synchronized (this) {
                if (event instanceof RunEvent.RunProgressed p) {
                    batch.put("progress:" + p.ticket(), event);
                } else {
                    if (event instanceof RunEvent.RunFinished || event instanceof RunEvent.RunFailed) {
                        batch.remove("progress:" + event.ticket());
                    }
                    batch.put(sequence++, event);
                }
            }
            if (pending.compareAndSet(false, true)) {
                executor.executeOnGuiThread(this::flush);
            }
        }
    }

    private void flush() {
        List<RunEvent> events;
        synchronized (this) {
            pending.set(false);
            events = new ArrayList<>(batch.values());
            batch = new LinkedHashMap<>();
        }
        if (!events.isEmpty()) {
            deliver.accept(events);
        }
    }
}
