package dev.grove.patina.source.d1;

import java.time.Duration;

/** Waits between requests and retries; tests hand in one that records the waits (and advances a test clock). */
@FunctionalInterface
public interface Sleeper {
    /** Blocks for {@code duration}, or until the thread is interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** Really waits, with {@link Thread#sleep(long)}. */
    static Sleeper system() {
        return duration -> Thread.sleep(Math.max(0, duration.toMillis()));
    }
}
