package dev.grove.patina.alert;

import java.time.Duration;

/** Waits between delivery attempts. Injected so that tests do not wait. */
@FunctionalInterface
public interface Sleeper {

    /** Blocks for {@code duration}, or until the thread is interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real one: {@link Thread#sleep(long)}. */
    static Sleeper system() {
        return duration -> Thread.sleep(Math.max(0, duration.toMillis()));
    }
}
