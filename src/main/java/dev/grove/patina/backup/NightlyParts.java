package dev.grove.patina.backup;

import dev.grove.patina.model.DatabaseOutcome;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Where a nightly's per-database parts run when they do not run in this process (issue 17, ADR 0026): in a cluster,
 * one job per database in the cluster's shared queue, taken by whichever node has a free backup thread. Each part
 * runs {@link BackupService#runPart} on its node and records its outcome in the shared catalog; the run that
 * handed them out ({@link BackupService#runNightly}) stays the one run and sends the one alert.
 */
public interface NightlyParts {
    /**
     * Hands out one part per database of run {@code runId} and waits until each has an outcome in the catalog.
     *
     * @param since    a part whose database already has a good daily of {@code date} stored at or after this instant
     *                 does not upload again (a recovered part, or a recovered run of the same night)
     * @param progress told of each outcome as it is recorded; its stop request ends the wait
     * @return one outcome per database, in the order given; a part that never recorded one is FAILED, saying why
     */
    /**
     * Whether parts are handed out now; false: the nightly runs its databases in this process. A cluster node's queue
     * is open only while the node's scheduler runs (ADR 0026).
     */
    default boolean takesParts() {
        return true;
    }

    List<DatabaseOutcome> runParts(String runId, LocalDate date, Instant since, List<String> databases,
                                   BackupProgress progress);
}
