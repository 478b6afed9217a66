package dev.grove.patina.model;

import java.time.Instant;
import java.util.List;

/**
 * One finished run: what was asked, when, and what happened to each database. Sent to the notifier, recorded in
 * the catalog, shown by the console and the CLI.
 *
 * @param trigger  who started it: {@code schedule}, {@code catch-up}, {@code manual}, {@code cli}, {@code api}
 * @param runDate  the day the run backs up (the nightly's date in the configured zone)
 * @param replicas how each replica store fared after the run (empty without {@code [[replicas]]}); a replica that
 *                 failed does not change {@code status} (the primary's), but makes the run one to alert about
 */
public record RunReport(String runId, RunKind kind, String trigger, java.time.LocalDate runDate, Instant startedAt,
                        Instant endedAt, RunStatus status, List<DatabaseOutcome> databases,
                        List<ReplicaOutcome> replicas) {
    public RunReport {
        databases = List.copyOf(databases);
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** A run without replicas. */
    public RunReport(String runId, RunKind kind, String trigger, java.time.LocalDate runDate, Instant startedAt,
                     Instant endedAt, RunStatus status, List<DatabaseOutcome> databases) {
        this(runId, kind, trigger, runDate, startedAt, endedAt, status, databases, List.of());
    }

    /** The same report with how the replicas fared. */
    public RunReport withReplicas(List<ReplicaOutcome> outcomes) {
        return new RunReport(runId, kind, trigger, runDate, startedAt, endedAt, status, databases, outcomes);
    }

    /** The replicas that failed in this run. */
    public List<ReplicaOutcome> replicaFailures() {
        return replicas.stream().filter(ReplicaOutcome::failed).toList();
    }

    public List<DatabaseOutcome> failures() {
        return databases.stream().filter(d -> d.status() != RunStatus.OK).toList();
    }
}
