package dev.grove.patina.schedule;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that keeps every event and lets a test wait for the next one of a type (no sleeps). */
final class Events implements SchedulerListener {
    final List<SchedulerEvent> all = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<SchedulerEvent> queue = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(SchedulerEvent event) {
        all.add(event);
        queue.add(event);
    }

    /** Waits (up to 10 s) for the next event of {@code type}, skipping others. */
    <T extends SchedulerEvent> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            SchedulerEvent e = queue.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        assertNotNull(null, "no " + type.getSimpleName() + " event within 10 s; events: " + all);
        return null;
    }

    long count(Class<? extends SchedulerEvent> type) {
        return all.stream().filter(type::isInstance).count();
    }
}
