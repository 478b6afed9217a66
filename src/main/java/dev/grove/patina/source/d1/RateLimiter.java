package dev.grove.patina.source.d1;

import dev.grove.patina.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket that keeps Patina under Cloudflare's API limit of 1,200 requests per 5 minutes per user (past
 * it Cloudflare answers 429 and blocks the token for 5 minutes). In any window of {@code window} at most
 * {@code capacity + refill × window} requests pass; {@link #cloudflareDefault} keeps that at 1,100.
 * Thread-safe; share one instance between all D1 sources that use the same token.
 */
public final class RateLimiter {
    private final Clock clock;
    private final Sleeper sleeper;
    private final double capacity;
    private final double perNano;
    private double tokens;
    private Instant last;

    /**
     * @param capacity  requests that may go out back to back
     * @param refill    requests added back per {@code per}
     */
    public RateLimiter(int capacity, int refill, Duration per, Clock clock, Sleeper sleeper) {
        if (capacity < 1 || refill < 1 || per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException("capacity and refill must be positive");
        }
        this.clock = clock;
        this.sleeper = sleeper;
        this.capacity = capacity;
        this.perNano = refill / (double) per.toNanos();
        this.tokens = capacity;
        this.last = clock.instant();
    }

    /** 100 back to back, then 1,000 per 5 minutes: at most 1,100 in any 5 minutes, under Cloudflare's 1,200. */
    public static RateLimiter cloudflareDefault(Clock clock, Sleeper sleeper) {
        return new RateLimiter(100, 1000, Duration.ofMinutes(5), clock, sleeper);
    }

    /** Takes one request's token, waiting (through the sleeper) until one is available. */
    public void acquire() throws InterruptedException {
        while (true) {
            Duration wait;
            synchronized (this) {
                refill();
                if (tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                wait = Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
            }
            sleeper.sleep(wait);
        }
    }

    private void refill() {
        Instant now = clock.instant();
        long nanos = Duration.between(last, now).toNanos();
        if (nanos > 0) {
            tokens = Math.min(capacity, tokens + nanos * perNano);
            last = now;
        }
    }
}
