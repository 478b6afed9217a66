package dev.grove.patina.ui.dashboard;

import dev.grove.patina.schedule.SchedulerEvent;
import dev.grove.patina.schedule.SchedulerListener;
import dev.grove.patina.ui.common.UiExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one place where the scheduler's events (from Quartz's and the runs' threads) cross onto the GUI thread.
 * Progress events of a run replace each other (only the newest snapshot per run is kept); every other event is
 * kept in order. At most one hand-over is pending at a time, so a fast run cannot flood the FX queue; the batch
 * arrives on the GUI thread in the order the events happened, with a run's progress folded into its place.
 */
final class SchedulerRelay implements SchedulerListener {
    private final UiExecutor executor;
    private final Consumer<List<SchedulerEvent>> deliver;
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Guarded by {@code this}: ordered; progress keyed by ticket so a newer snapshot replaces the older. */
    private Map<Object, SchedulerEvent> batch = new LinkedHashMap<>();
    private long sequence;

    SchedulerRelay(UiExecutor executor, Consumer<List<SchedulerEvent>> deliver) {
        this.executor = executor;
        this.deliver = deliver;
    }

    @Override
    public void onEvent(SchedulerEvent event) {
        synchronized (this) {
            if (event instanceof SchedulerEvent.Progress p) {
                batch.put("progress:" + p.job().ticket(), event);
            } else {
                if (event instanceof SchedulerEvent.Finished f) {
                    batch.remove("progress:" + f.job().ticket());
                } else if (event instanceof SchedulerEvent.Failed f) {
                    batch.remove("progress:" + f.job().ticket());
                }
                batch.put(sequence++, event);
            }
        }
        if (pending.compareAndSet(false, true)) {
            executor.executeOnGuiThread(this::flush);
        }
    }

    private void flush() {
        List<SchedulerEvent> events;
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
