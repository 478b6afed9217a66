package dev.grove.patina.store.s3;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently the S3 store retries one request that failed in a way that may pass (HTTP 5xx,
 * 429 or 408, a reset or refused connection, a timeout): at most {@code maxAttempts} tries, waiting an
 * exponentially growing delay with jitter between them ({@code baseDelay × 2^(n-1)}, capped at {@code maxDelay},
 * of which a random half is waited). Every other failure (403, 404, 400) fails at once.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be 1..100, not " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
        }
    }

    /** 7 tries, 0.5 s doubling up to 30 s: about half a minute of patience for one request. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(7, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** Fails at the first error. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The wait before try {@code failedAttempts + 1}: half of the capped exponential delay plus a random part of
     * the other half ("equal jitter"), so that parallel retries spread out and the delay still grows.
     */
    public Duration delayAfter(int failedAttempts, RandomGenerator random) {
        long base = baseDelay.toMillis();
        long cap = maxDelay.toMillis();
        int shift = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long exponential = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
        long half = exponential / 2;
        return Duration.ofMillis(half + (exponential - half == 0 ? 0 : random.nextLong(exponential - half + 1)));
    }
}
