package dev.grove.patina.backup;

import dev.grove.patina.model.DatabaseOutcome;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A cluster node's queue of nightly parts (ADR 0026) as the backup service holds it: built by the runtime when the
 * config has {@code [cluster]} and handed to the backup service's constructor. It takes parts only while this process
 * is a node whose scheduler runs — the scheduler {@linkplain #open opens} it on its own parts scheduler at start and
 * {@linkplain #close closes} it at shutdown; in a console or a one-shot CLI with the same config it stays closed and
 * their nightly runs in their own process, as before.
 */
public final class NodePartsQueue implements NightlyParts {
    /** The running node's queue; null while closed. */
    private volatile NightlyParts open;

    /** This node's scheduler runs: nightlies started here hand their parts to {@code queue}. */
    public void open(NightlyParts queue) {
        open = queue;
    }

    /** This node's scheduler stops: nightlies started from now on run in this process. */
    public void close() {
        open = null;
    }

    @Override
    public boolean takesParts() {
        return open != null;
    }

    /**
     * @throws IllegalStateException when the queue is closed (the scheduler stopped after {@link #takesParts()} said
     *                               yes): the backup service then runs the databases in this process
     */
    @Override
    public List<DatabaseOutcome> runParts(String runId, LocalDate date, Instant since, List<String> databases,
                                          BackupProgress progress) {
        NightlyParts queue = open;
        if (queue == null) {
            throw new IllegalStateException("the cluster's queue is closed: this node's scheduler has stopped");
        }
        return queue.runParts(runId, date, since, databases, progress);
    }
}
