package dev.grove.patina.catalog;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A run as the catalog knows it, finished or not, with the outcome of every database recorded so far (in the
 * order of their names).
 *
 * @param endedAt   null while the run is {@link RunStatus#RUNNING}
 * @param catchUpOf the missed scheduled fire time (ISO instant) a catch-up run makes up for; null for other runs
 */
public record RunSummary(String id, RunKind kind, String trigger, LocalDate runDate, Instant startedAt,
                         Instant endedAt, RunStatus status, String catchUpOf, List<DatabaseOutcome> databases) {
    public RunSummary {
        databases = List.copyOf(databases);
    }

    /** This run as the report the notifier and the console use. */
    public RunReport toReport() {
        return new RunReport(id, kind, trigger, runDate, startedAt, endedAt, status, databases);
    }
}
