package dev.grove.patina.ui.runs;

import dev.grove.patina.model.DatabaseOutcome;

/**
 * One database's result within the selected run. Rows and size stay numbers (the table sorts them), the view
 * formats them.
 *
 * @param error what went wrong, "" when nothing did
 * @param node  the cluster node that did this database's part, "node-b (recovered)" when it was run again after the
 *              node that ran it first died, "" when none is recorded
 */
public record OutcomeRow(String database, String status, long rows, long size, String duration, String error,
                         String node) {
    static OutcomeRow of(DatabaseOutcome o) {
        return new OutcomeRow(o.database(), o.status().id(), o.rows(), o.bytes(),
                o.duration() == null ? "—" : RunHistoryRow.seconds(o.duration()), o.error() == null ? "" : o.error(),
                RunHistoryRow.node(o.node(), o.recovered()));
    }
}
