package dev.grove.patina.store.s3;

import java.time.Duration;

/** Waits between retries; tests hand in one that records the delays instead of waiting them. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** Really waits, with {@link Thread#sleep(long)}. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
