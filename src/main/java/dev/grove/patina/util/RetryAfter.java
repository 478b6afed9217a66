package dev.grove.patina.util;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an HTTP {@code Retry-After} header: delay-seconds (decimals tolerated) or an HTTP-date. Used by the webhook
 * notifier and the D1 client.
 */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** The wait the server asks for, never negative; null when the header is absent or unreadable. */
    public static Duration parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.matches("\\d{1,9}(\\.\\d{1,9})?")) {
            long millis = new BigDecimal(value).movePointRight(3).longValue();
            return Duration.ofMillis(millis);
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
