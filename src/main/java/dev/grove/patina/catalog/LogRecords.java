package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the run_log table. Called inside a catalog transaction. */
final class LogRecords {
    private LogRecords() {
    }

    static void insert(Connection c, String runId, long at, String level, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_log (run_id, at, level, message) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setLong(2, at);
            ps.setString(3, level);
            ps.setString(4, message);
            ps.executeUpdate();
        }
    }

    static List<LogLine> of(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT run_id, at, level, message FROM run_log WHERE run_id = ? ORDER BY id")) {
            ps.setString(1, runId);
            List<LogLine> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new LogLine(rs.getString("run_id"), Rows.instant(rs, "at"), rs.getString("level"),
                            rs.getString("message")));
                }
            }
            return lines;
        }
    }
}
