package dev.grove.patina.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard a webhook delivery tries.
 *
 * @param timeout       the limit of one attempt, from connecting to the last byte of the answer
 * @param maxAttempts   attempts in all (1 = no retry); retried are connection errors, time-outs, 5xx and 429
 * @param firstBackoff  the wait after the first failed attempt; it doubles after each further one
 * @param maxBackoff    the longest backoff wait
 * @param maxRetryAfter the longest wait a server's {@code Retry-After} can ask for; longer asks are cut to this
 */
public record DeliveryPolicy(Duration timeout, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                             Duration maxRetryAfter) {

    public DeliveryPolicy {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 10: " + maxAttempts);
        }
        if (firstBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("waits must not be negative");
        }
    }

    /** 10 s per attempt, 3 attempts, backoff 1 s then 2 s (at most 8 s), {@code Retry-After} honoured up to 30 s. */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(Duration.ofSeconds(10), 3, Duration.ofSeconds(1), Duration.ofSeconds(8),
                Duration.ofSeconds(30));
    }

    /** The same policy with another per-attempt timeout. */
    public DeliveryPolicy withTimeout(Duration newTimeout) {
        return new DeliveryPolicy(newTimeout, maxAttempts, firstBackoff, maxBackoff, maxRetryAfter);
    }

    /** The backoff wait after failed attempt number {@code attempt} (1-based). */
    Duration backoffAfter(int attempt) {
        Duration wait = firstBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
