package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code object_copies}: each object's copy per replica store. Called inside a catalog transaction. */
final class CopyRecords {
    private static final String COLUMNS = "\"key\", store, state, size, sha256, copied_at, attempts, last_error, "
            + "deleted_at";
    /**
     * The primary's present objects not known damaged that the store lacks: no copy read back with the object's
     * SHA-256 (never copied, pending, deleted from it, or a copy of an earlier upload under the same key).
     */
    private static final String MISSING = " FROM objects o WHERE o.deleted_at IS NULL AND o.damaged_at IS NULL "
            + "AND NOT EXISTS (SELECT 1 FROM object_copies k WHERE k.\"key\" = o.\"key\" AND k.store = ? "
            + "AND k.state = 'present' AND (o.sha256 IS NULL OR k.sha256 = o.sha256))";

    private CopyRecords() {
    }

    static List<StoredObject> missing(Connection c, String store, int limit) throws SQLException {
        String columns = "o." + ObjectRecords.COLUMNS.replace(", ", ", o.");
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + MISSING
                + " ORDER BY o.created_at, o.\"key\" LIMIT ?")) {
            ps.setString(1, store);
            ps.setInt(2, limit);
            List<StoredObject> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(ObjectRecords.object(rs));
                }
            }
            return out;
        }
    }

    static long behind(Connection c, String store) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*)" + MISSING)) {
            ps.setString(1, store);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Copies the store still holds (present, or pending: a failed read-back may have left bytes) of objects the
     * primary deleted while intact — a delete on the replica that has not happened yet. An object the primary lost
     * (damaged) keeps its copy.
     */
    static List<ObjectCopy> leftBehind(Connection c, String store) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k." + COLUMNS.replace(", ", ", k.")
                + " FROM object_copies k JOIN objects o ON o.\"key\" = k.\"key\" WHERE k.store = ? "
                + "AND k.state <> 'deleted' AND o.deleted_at IS NOT NULL AND o.damaged_at IS NULL "
                + "ORDER BY k.\"key\"")) {
            ps.setString(1, store);
            return copies(ps);
        }
    }

    /** When the oldest object the store lacks was stored on the primary (epoch millis), or null. */
    static Long oldestMissing(Connection c, String store) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT min(o.created_at)" + MISSING)) {
            ps.setString(1, store);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long ms = rs.getLong(1);
                return rs.wasNull() ? null : ms;
            }
        }
    }

    /**
     * The reason of the most recent failed copy of an object the store still lacks (pending, the primary's object
     * present and intact), or null: a copy of an object the primary has since deleted or lost does not count.
     */
    static String missingError(Connection c, CatalogDialect dialect, String store) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k.last_error FROM object_copies k JOIN objects o "
                + "ON o.\"key\" = k.\"key\" WHERE k.store = ? AND k.state = 'pending' AND k.last_error IS NOT NULL "
                + "AND o.deleted_at IS NULL AND o.damaged_at IS NULL ORDER BY k." + dialect.copyInsertionOrder()
                + " DESC LIMIT 1")) {
            ps.setString(1, store);
            List<String> found = Rows.strings(ps);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /** The reason of the most recent failed copy to the store that is still pending, or null. */
    static String lastError(Connection c, CatalogDialect dialect, String store) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_error FROM object_copies WHERE store = ? "
                + "AND state = 'pending' AND last_error IS NOT NULL ORDER BY " + dialect.copyInsertionOrder()
                + " DESC LIMIT 1")) {
            ps.setString(1, store);
            List<String> found = Rows.strings(ps);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    static void present(Connection c, String key, String store, long size, String sha256, long at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_copies (" + COLUMNS + ") "
                + "VALUES (?, ?, 'present', ?, ?, ?, 1, NULL, NULL) ON CONFLICT (\"key\", store) DO UPDATE SET "
                + "state = 'present', size = excluded.size, sha256 = excluded.sha256, copied_at = excluded.copied_at, "
                + "attempts = object_copies.attempts + 1, last_error = NULL, deleted_at = NULL")) {
            ps.setString(1, key);
            ps.setString(2, store);
            ps.setLong(3, size);
            ps.setString(4, sha256);
            ps.setLong(5, at);
            ps.executeUpdate();
        }
    }

    static void failed(Connection c, String key, String store, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_copies (\"key\", store, state, attempts, "
                + "last_error) VALUES (?, ?, 'pending', 1, ?) ON CONFLICT (\"key\", store) DO UPDATE SET "
                + "state = 'pending', attempts = object_copies.attempts + 1, last_error = excluded.last_error, "
                + "deleted_at = NULL")) {
            ps.setString(1, key);
            ps.setString(2, store);
            ps.setString(3, error);
            ps.executeUpdate();
        }
    }

    static boolean verified(Connection c, String key, String store, long at) throws SQLException {
        return update(c, "state = 'present', copied_at = ?, last_error = NULL, deleted_at = NULL, "
                + "sha256 = (SELECT sha256 FROM objects WHERE \"key\" = ?), "
                + "size = (SELECT size FROM objects WHERE \"key\" = ?)", key, store, at, key, key);
    }

    static boolean deleted(Connection c, String key, String store, long at) throws SQLException {
        return update(c, "state = 'deleted', deleted_at = ?, last_error = NULL", key, store, at);
    }

    static boolean deleteFailed(Connection c, String key, String store, String error) throws SQLException {
        return update(c, "last_error = ?", key, store, error);
    }

    /**
     * Updates the copy of {@code key} on {@code store}: {@code set} is the SET clause, {@code values} its parameters.
     *
     * @return false when there is no copy row
     */
    private static boolean update(Connection c, String set, String key, String store, Object... values)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE object_copies SET " + set
                + " WHERE \"key\" = ? AND store = ?")) {
            int i = 1;
            for (Object value : values) {
                ps.setObject(i++, value);
            }
            ps.setString(i++, key);
            ps.setString(i, store);
            return ps.executeUpdate() > 0;
        }
    }

    static List<ObjectCopy> of(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM object_copies WHERE \"key\" = ? "
                + "ORDER BY store")) {
            ps.setString(1, key);
            return copies(ps);
        }
    }

    static List<ObjectCopy> ofKeys(Connection c, CatalogDialect dialect, String keysJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM object_copies WHERE \"key\" IN "
                + "(" + dialect.jsonTexts() + ") ORDER BY \"key\", store")) {
            ps.setString(1, keysJson);
            return copies(ps);
        }
    }

    static Optional<ObjectCopy> get(Connection c, String key, String store) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM object_copies WHERE \"key\" = ? "
                + "AND store = ?")) {
            ps.setString(1, key);
            ps.setString(2, store);
            List<ObjectCopy> found = copies(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<ObjectCopy> copies(PreparedStatement ps) throws SQLException {
        List<ObjectCopy> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long size = rs.getLong("size");
                Long boxed = rs.wasNull() ? null : size;
                out.add(new ObjectCopy(rs.getString("key"), rs.getString("store"),
                        CopyState.parse(rs.getString("state")), boxed, rs.getString("sha256"),
                        Rows.instant(rs, "copied_at"), rs.getInt("attempts"), rs.getString("last_error"),
                        Rows.instant(rs, "deleted_at")));
            }
        }
        return out;
    }
}
