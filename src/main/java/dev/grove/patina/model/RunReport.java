package dev.grove.patina.model;

import java.time.Instant;
import java.util.List;

/**
 * One finished run: what was asked, when, and what happened to each database. Sent to the notifier, recorded in
 * the catalog, shown by the console and the CLI.
 *
 * @param trigger  who started it: {@code schedule}, {@code catch-up}, {@code manual}, {@code cli}, {@code api}
 * @param runDate  the day the run backs up (the nightly's date in the configured zone)
 */
public record RunReport(String runId, RunKind kind, String trigger, java.time.LocalDate runDate, Instant startedAt,
                        Instant endedAt, RunStatus status, List<DatabaseOutcome> databases) {
    public RunReport {
        databases = List.copyOf(databases);
    }

    public List<DatabaseOutcome> failures() {
        return databases.stream().filter(d -> d.status() != RunStatus.OK).toList();
    }
}
