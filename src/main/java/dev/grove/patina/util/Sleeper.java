package dev.grove.patina.util;

import java.time.Duration;

/**
 * Waits between requests, retries and delivery attempts (the D1 client, the S3 store, the webhook notifier); tests
 * hand in one that records the waits instead of waiting them (and may advance a test clock).
 */
@FunctionalInterface
public interface Sleeper {

    /** Blocks for {@code duration}, or until the thread is interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real one: {@link Thread#sleep(long)} (a negative duration waits not at all). */
    static Sleeper system() {
        return duration -> Thread.sleep(Math.max(0, duration.toMillis()));
    }
}
