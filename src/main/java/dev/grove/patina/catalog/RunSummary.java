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
 * @param node      the cluster node that ran the run (ADR 0034): for a cluster's scheduled run the node that fired it,
 *                  for a recovered fire the node that recovered it; null for a stand-alone process's run
 * @param recovered true when the run is a recovered fire (the node that fired it first died)
 */
public record RunSummary(String id, RunKind kind, String trigger, LocalDate runDate, Instant startedAt,
                         Instant endedAt, RunStatus status, String catchUpOf, List<DatabaseOutcome> databases,
                         String node, boolean recovered) {
    public RunSummary {
        databases = List.copyOf(databases);
    }

    /** A run of a stand-alone process (no node). */
    public RunSummary(String id, RunKind kind, String trigger, LocalDate runDate, Instant startedAt, Instant endedAt,
                      RunStatus status, String catchUpOf, List<DatabaseOutcome> databases) {
        this(id, kind, trigger, runDate, startedAt, endedAt, status, catchUpOf, databases, null, false);
    }

    /** This run as the report the notifier and the console use. */
    public RunReport toReport() {
        return new RunReport(id, kind, trigger, runDate, startedAt, endedAt, status, databases);
    }
}
