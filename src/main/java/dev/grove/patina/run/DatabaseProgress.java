package dev.grove.patina.run;

import dev.grove.patina.model.RunStatus;

/**
 * Where one database of a running run stands, in numbers (the console words it as a
 * {@code ui.dashboard.DatabaseProgressLine}).
 *
 * @param status RUNNING until its outcome is known, then OK or FAILED
 * @param node   in a cluster nightly, the node its part runs on (ADR 0036); null when it runs in this process, or
 *               is not running yet
 * @param queued true while a cluster nightly's part waits in the cluster's queue for a node
 */
public record DatabaseProgress(String database, long rows, long bytes, RunStatus status, String node,
                               boolean queued) {
    public DatabaseProgress(String database, long rows, long bytes, RunStatus status) {
        this(database, rows, bytes, status, null, false);
    }
}
