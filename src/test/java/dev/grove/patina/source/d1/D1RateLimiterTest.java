package dev.grove.patina.source.d1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.source.d1.D1Fixtures.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class D1RateLimiterTest {
    @Test
    void burstThenRefillRate() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = new RateLimiter(2, 1, Duration.ofSeconds(1), time, time.sleeper());
        Instant start = time.instant();
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }
        assertEquals(Duration.ofSeconds(3), Duration.between(start, time.instant()));
    }

    @Test
    void cloudflareDefaultStaysUnder1200In5MinutesInAnyWindow() throws Exception {
        FakeTime time = new FakeTime();
        RateLimiter limiter = RateLimiter.cloudflareDefault(time, time.sleeper());
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            limiter.acquire();
            sent.add(time.instant());
        }
        int j = 0;
        int most = 0;
        for (int i = 0; i < sent.size(); i++) {
            while (sent.get(j).isBefore(sent.get(i).minus(Duration.ofMinutes(5)).plusNanos(1))) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        assertTrue(most <= 1100, most + " requests in one 5-minute window");
    }
}
