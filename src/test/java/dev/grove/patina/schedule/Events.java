package dev.grove.patina.schedule;

import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunListener;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that keeps every event and lets a test wait for the next one of a type (no sleeps). */
final class Events implements RunListener {
    final List<RunEvent> all = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<RunEvent> queue = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(RunEvent event) {
        all.add(event);
        queue.add(event);
    }

    /** Waits (up to 10 s) for the next event of {@code type}, skipping others. */
    <T extends RunEvent> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            RunEvent e = queue.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        assertNotNull(null, "no " + type.getSimpleName() + " event within 10 s; events: " + all);
        return null;
    }

    long count(Class<? extends RunEvent> type) {
        return all.stream().filter(type::isInstance).count();
    }
}
