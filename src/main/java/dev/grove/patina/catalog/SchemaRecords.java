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
