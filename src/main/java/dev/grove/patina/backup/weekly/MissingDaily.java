package dev.grove.patina.backup.weekly;

import java.time.LocalDate;

/** A daily that a weekly archive does not hold, and why (never skipped silently). */
public record MissingDaily(String database, LocalDate date, String reason) {
}
