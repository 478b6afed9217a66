package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of the run_puts table: the keys a run is storing, so that the next process can clean up after a run that
 * died mid-put. Called inside a catalog transaction.
 */
final class PutRecords {
    private PutRecords() {
    }

    static void insert(Connection c, String runId, String key, long at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_puts (run_id, \"key\", started_at) "
                + "VALUES (?, ?, ?) ON CONFLICT (run_id, \"key\") DO UPDATE SET started_at = excluded.started_at")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            ps.setLong(3, at);
            ps.executeUpdate();
        }
    }

    static void delete(Connection c, String runId, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM run_puts WHERE run_id = ? AND \"key\" = ?")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    static void clear(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM run_puts WHERE run_id = ?")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
    }

    /** The keys run {@code runId} has unfinished puts of, in key order. */
    static List<String> keys(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT \"key\" FROM run_puts WHERE run_id = ? ORDER BY \"key\"")) {
            ps.setString(1, runId);
            return Rows.strings(ps);
        }
    }

    /** The runs that have unfinished puts. */
    static List<String> runIds(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT run_id FROM run_puts ORDER BY run_id")) {
            return Rows.strings(ps);
        }
    }
}
