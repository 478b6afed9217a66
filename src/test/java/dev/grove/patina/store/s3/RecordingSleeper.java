package dev.grove.patina.store.s3;

import dev.grove.patina.util.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Sleeper} that records the waits instead of waiting them (a millisecond each, to yield). */
final class RecordingSleeper implements Sleeper {
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        waits.add(duration);
        Thread.sleep(1);
    }

    List<Duration> waits() {
        return List.copyOf(waits);
    }

    Duration total() {
        return waits.stream().reduce(Duration.ZERO, Duration::plus);
    }

    void clear() {
        waits.clear();
    }
}
