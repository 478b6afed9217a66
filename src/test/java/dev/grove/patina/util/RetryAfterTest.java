package dev.grove.patina.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one reader of {@code Retry-After}, shared by the webhook notifier and the D1 client. */
class RetryAfterTest {
    @Test
    void retryAfterReadsSecondsAndDates() {
        Instant now = Instant.parse("2025-03-14T02:00:00Z");
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse("7", now));
        assertEquals(Duration.ofMillis(1500), RetryAfter.parse(" 1.5 ", now));
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Fri, 14 Mar 2025 02:00:30 GMT", now));
        assertEquals(Duration.ZERO, RetryAfter.parse("Fri, 14 Mar 2025 01:00:00 GMT", now));
        assertNull(RetryAfter.parse("soon", now));
        assertNull(RetryAfter.parse("-3", now));
        assertNull(RetryAfter.parse(null, now));
    }
}
