package dev.grove.patina.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The SQL of recorded schemas (table {@code schemas}, {@code objects.schema_sha256}). Called inside a transaction. */
final class SchemaRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };

    private SchemaRecords() {
    }

    static boolean record(Connection c, String key, String fingerprint, List<String> statements) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO schemas (sha256, statements) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING")) {
            ps.setString(1, fingerprint);
            ps.setString(2, write(statements));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE objects SET schema_sha256 = ? WHERE \"key\" = ?")) {
            ps.setString(1, fingerprint);
            ps.setString(2, key);
            return ps.executeUpdate() > 0;
        }
    }

    static Optional<BackupSchemas.Recorded> ofObject(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT o.\"key\", o.date, s.sha256, s.statements "
                + "FROM objects o JOIN schemas s ON s.sha256 = o.schema_sha256 WHERE o.\"key\" = ?")) {
            ps.setString(1, key);
            return one(ps);
        }
    }

    static Optional<BackupSchemas.Recorded> latest(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT o.\"key\", o.date, s.sha256, s.statements "
                + "FROM objects o JOIN schemas s ON s.sha256 = o.schema_sha256 "
                + "WHERE o.database = ? AND o.kind = 'daily' ORDER BY o.date DESC, o.created_at DESC LIMIT 1")) {
            ps.setString(1, database);
            return one(ps);
        }
    }

    static java.util.Map<String, BackupSchemas.SchemaMark> marks(Connection c, List<String> keys)
            throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
        String sql = "SELECT o.\"key\", o.schema_sha256, p.\"key\", p.date, p.schema_sha256, "
                + "CASE WHEN p.deleted_at IS NULL AND p.damaged_at IS NULL THEN 1 ELSE 0 END, "
                + "(SELECT coalesce(r.schema_change, '') FROM runs u JOIN database_results r ON r.run_id = u.id "
                + "AND r.database = o.database WHERE u.started_at BETWEEN o.created_at - 86400000 AND o.created_at "
                + "AND r.object_key = o.\"key\" ORDER BY u.started_at DESC LIMIT 1) "
                + "FROM objects o JOIN objects p ON p.id = (SELECT q.id FROM objects q WHERE q.database = o.database "
                + "AND q.kind = 'daily' AND q.date < o.date ORDER BY q.date DESC LIMIT 1) "
                + "WHERE o.\"key\" IN (" + marks + ") AND o.kind = 'daily' AND o.schema_sha256 IS NOT NULL";
        java.util.Map<String, BackupSchemas.SchemaMark> out = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < keys.size(); i++) {
                ps.setString(i + 1, keys.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String verdict = rs.getString(7);
                    String previous = rs.getString(5);
                    LocalDate previousDate = LocalDate.parse(rs.getString(4));
                    String summary;
                    if (verdict != null) {
                        summary = verdict.isEmpty() ? null : verdict;
                    } else {
                        summary = previous != null && !previous.equals(rs.getString(2))
                                ? "schema differs from the backup of " + previousDate : null;
                    }
                    if (summary != null) {
                        out.put(rs.getString(1), new BackupSchemas.SchemaMark(rs.getString(1), summary,
                                rs.getString(3), previousDate, rs.getInt(6) != 0));
                    }
                }
            }
        }
        return out;
    }

    private static Optional<BackupSchemas.Recorded> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new BackupSchemas.Recorded(rs.getString(1), LocalDate.parse(rs.getString(2)),
                    rs.getString(3), read(rs.getString(4), rs.getString(3))));
        }
    }

    private static String write(List<String> statements) {
        try {
            return JSON.writeValueAsString(statements);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a schema as JSON", e);
        }
    }

    private static List<String> read(String json, String fingerprint) throws SQLException {
        try {
            return List.copyOf(JSON.readValue(json, LIST));
        } catch (JsonProcessingException e) {
            throw new SQLException("the recorded schema " + fingerprint + " is not a JSON array of statements: "
                    + e.getOriginalMessage(), e);
        }
    }
}
