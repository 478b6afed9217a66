package dev.grove.patina.catalog;

import java.time.Instant;

/** One log line of a run, as stored by {@link Catalog#log}. */
public record LogLine(String runId, Instant at, String level, String message) {
}
