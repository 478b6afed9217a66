package dev.grove.patina.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Ages and times as the console prints them. */
class UiDurationsTest {
    @Test
    void agesAreShortAndNeverNegative() {
        assertEquals("< 1 min", Durations.human(Duration.ofSeconds(59)));
        assertEquals("< 1 min", Durations.human(Duration.ofMinutes(-5)));
        assertEquals("42 min", Durations.human(Duration.ofMinutes(42)));
        assertEquals("3 h", Durations.human(Duration.ofHours(3)));
        assertEquals("26 h 1 min", Durations.human(Duration.ofMinutes(26 * 60 + 1)));
        assertEquals("2 d", Durations.human(Duration.ofDays(2)));
        assertEquals("9 d 4 h", Durations.human(Duration.ofHours(9 * 24 + 4).plusMinutes(59)));
    }

    @Test
    void stampsAreInTheConfiguredZone() {
        Instant at = Instant.parse("2026-11-28T02:00:00Z");
        assertEquals("2026-11-28 02:00 UTC", Durations.stamp(at, ZoneOffset.UTC));
        assertEquals("2026-11-28 02:00 UTC", Durations.stamp(at, ZoneId.of("UTC")));
        assertEquals("2026-11-28 03:00 Europe/Berlin", Durations.stamp(at, ZoneId.of("Europe/Berlin")));
        assertEquals("Sat 28 Nov 02:00", Durations.dayTime(at, ZoneOffset.UTC));
    }

    @Test
    void failuresBecomeOneLine() {
        assertEquals("disk full", Messages.of(new RuntimeException(new java.io.IOException("disk full"))));
        assertEquals("IllegalStateException", Messages.of(new IllegalStateException()));
    }
}
