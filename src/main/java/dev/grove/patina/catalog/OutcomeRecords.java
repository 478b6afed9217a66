package dev.grove.patina.catalog;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The SQL of the database_results table: one outcome per database of a run. Called inside a catalog transaction. */
final class OutcomeRecords {
    /** Run ids per {@code IN (…)} query, well below SQLite's limit on bound parameters. */
    private static final int IN_CHUNK = 500;

    private OutcomeRecords() {
    }

    static void upsert(Connection c, String runId, DatabaseOutcome o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO database_results (run_id, database, status, "
                + "\"rows\", row_counts, bytes, duration_ms, error, object_key, schema_change, node, recovered) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (run_id, database) DO UPDATE SET status = excluded.status, "
                + "\"rows\" = excluded.\"rows\", row_counts = excluded.row_counts, bytes = excluded.bytes, "
                + "duration_ms = excluded.duration_ms, error = excluded.error, object_key = excluded.object_key, "
                + "schema_change = excluded.schema_change, node = excluded.node, recovered = excluded.recovered")) {
            ps.setString(1, runId);
            ps.setString(2, o.database());
            ps.setString(3, o.status().id());
            ps.setLong(4, o.rows());
            ps.setString(5, RowCountsJson.write(o.rowCounts()));
            ps.setLong(6, o.bytes());
            ps.setLong(7, o.duration() == null ? 0 : o.duration().toMillis());
            Rows.setText(ps, 8, o.error());
            Rows.setText(ps, 9, o.objectKey());
            Rows.setText(ps, 10, o.schemaChange());
            Rows.setText(ps, 11, o.node());
            ps.setInt(12, o.recovered() ? 1 : 0);
            ps.executeUpdate();
        }
    }

    /** Whether the database has an outcome in the run. */
    static boolean exists(Connection c, String runId, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM database_results WHERE run_id = ? AND database = ?")) {
            ps.setString(1, runId);
            ps.setString(2, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** How many failed outcomes each database has, verify runs left out (damage a verify finds is no failed backup). */
    static Map<String, Long> failedCounts(Connection c) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT r.database, COUNT(*) FROM database_results r JOIN runs ON runs.id = r.run_id "
                        + "WHERE r.status = ? AND runs.kind <> ? GROUP BY r.database")) {
            ps.setString(1, RunStatus.FAILED.id());
            ps.setString(2, RunKind.VERIFY.id()); // a verify that finds damage is no failed backup
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** The outcomes of the given runs, by run id, each list in the order of database names. */
    static Map<String, List<DatabaseOutcome>> ofRuns(Connection c, List<String> runIds)
            throws SQLException {
        Map<String, List<DatabaseOutcome>> out = new HashMap<>();
        for (int from = 0; from < runIds.size(); from += IN_CHUNK) {
            List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + IN_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, database, status, row_counts, bytes, "
                    + "duration_ms, error, object_key, schema_change, node, recovered FROM database_results WHERE run_id IN (" + marks + ") "
                    + "ORDER BY run_id, database")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DatabaseOutcome o = new DatabaseOutcome(rs.getString("database"),
                                RunStatus.parse(rs.getString("status")), rs.getString("object_key"),
                                RowCountsJson.read(rs.getString("row_counts")), rs.getLong("bytes"),
                                Duration.ofMillis(rs.getLong("duration_ms")), rs.getString("error"),
                                rs.getString("schema_change"), rs.getString("node"), rs.getInt("recovered") != 0);
                        out.computeIfAbsent(rs.getString("run_id"), k -> new ArrayList<>()).add(o);
                    }
                }
            }
        }
        return out;
    }

    /** The node that stored each of {@code keys}, as the outcomes that name one say; keys without one left out. */
    static Map<String, String> nodesOf(Connection c, List<String> keys) throws SQLException {
        Map<String, String> out = new HashMap<>();
        for (int from = 0; from < keys.size(); from += IN_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            // the OK outcome wins over a failed one of the same key; then the latest run
            try (PreparedStatement ps = c.prepareStatement("SELECT r.object_key, r.node FROM database_results r "
                    + "JOIN runs ON runs.id = r.run_id WHERE r.node IS NOT NULL AND r.object_key IN (" + marks + ") "
                    + "ORDER BY r.object_key, CASE WHEN r.status = 'ok' THEN 0 ELSE 1 END, runs.started_at DESC")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.putIfAbsent(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    /** Whether any run or outcome names a node. */
    static boolean anyNode(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (EXISTS (SELECT 1 FROM runs WHERE node IS NOT NULL)) "
                + "OR (EXISTS (SELECT 1 FROM database_results WHERE node IS NOT NULL))");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
