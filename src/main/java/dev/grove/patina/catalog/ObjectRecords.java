package dev.grove.patina.catalog;

import dev.grove.patina.model.ObjectKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the objects table (damage aside: {@link DamageRecords}). Called inside a catalog transaction. */
final class ObjectRecords {
    static final String COLUMNS = "\"key\", database, kind, date, size, sha256, row_counts, created_at, "
            + "verified_at, deleted_at, delete_error, damaged_at, damage, encryption, recipients";
    /** Newest first; the key makes the order total, so that pages neither overlap nor skip rows. */
    static final String ORDER = " ORDER BY date DESC, \"key\"";

    private ObjectRecords() {
    }

    static void upsert(Connection c, StoredObject o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO objects (" + COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (\"key\") DO UPDATE SET "
                + "database = excluded.database, kind = excluded.kind, date = excluded.date, size = excluded.size, "
                + "sha256 = excluded.sha256, row_counts = excluded.row_counts, created_at = excluded.created_at, "
                + "verified_at = excluded.verified_at, deleted_at = excluded.deleted_at, "
                + "delete_error = excluded.delete_error, damaged_at = excluded.damaged_at, damage = excluded.damage, "
                + "encryption = excluded.encryption, recipients = excluded.recipients")) {
            ps.setString(1, o.key());
            Rows.setText(ps, 2, o.database());
            ps.setString(3, o.kind().id());
            ps.setString(4, o.date().toString());
            ps.setLong(5, o.size());
            Rows.setText(ps, 6, o.sha256());
            ps.setString(7, RowCountsJson.write(o.rowCounts()));
            Rows.setInstant(ps, 8, o.createdAt());
            Rows.setInstant(ps, 9, o.verifiedAt());
            Rows.setInstant(ps, 10, o.deletedAt());
            Rows.setText(ps, 11, o.deleteError());
            Rows.setInstant(ps, 12, o.damagedAt());
            Rows.setText(ps, 13, o.damage());
            Rows.setText(ps, 14, o.encryption());
            Rows.setText(ps, 15, o.encrypted() ? RecipientsJson.write(o.recipients()) : null);
            ps.executeUpdate();
        }
    }

    static Optional<StoredObject> get(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM objects WHERE \"key\" = ?")) {
            ps.setString(1, key);
            return first(ps);
        }
    }

    static boolean markVerified(Connection c, String key, long at) throws SQLException {
        return update(c, "UPDATE objects SET verified_at = ?, damaged_at = NULL, damage = NULL WHERE \"key\" = ?",
                at, key);
    }

    static boolean markDeleted(Connection c, String key, long at) throws SQLException {
        return update(c, "UPDATE objects SET deleted_at = ?, delete_error = NULL WHERE \"key\" = ?", at, key);
    }

    static boolean recordDeleteFailure(Connection c, String key, String error) throws SQLException {
        return update(c, "UPDATE objects SET delete_error = ? WHERE \"key\" = ?", error, key);
    }

    private static boolean update(Connection c, String sql, Object value, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, value);
            ps.setString(2, key);
            return ps.executeUpdate() > 0;
        }
    }

    static Page<StoredObject> find(Connection c, CatalogDialect dialect, ObjectQuery q) throws SQLException {
        ObjectFilter filter = ObjectFilter.of(q, dialect);
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM objects" + filter.where())) {
            filter.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<StoredObject> items = new ArrayList<>(Math.min(q.limit(), 1000));
        if (q.offset() < total) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM objects" + filter.where() + ORDER + " LIMIT ? OFFSET ?")) {
                int next = filter.bind(ps, 1);
                ps.setInt(next, q.limit());
                ps.setInt(next + 1, q.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(object(rs));
                    }
                }
            }
        }
        return new Page<>(items, total, q.offset(), q.limit());
    }

    static Optional<StoredObject> latestGood(Connection c, String database) throws SQLException {
        return latest(c, database, " AND damaged_at IS NULL");
    }

    static Optional<StoredObject> latestDaily(Connection c, String database) throws SQLException {
        return latest(c, database, "");
    }

    private static Optional<StoredObject> latest(Connection c, String database, String condition)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM objects "
                + "WHERE database = ? AND kind = ? AND deleted_at IS NULL" + condition + " "
                + "ORDER BY date DESC, created_at DESC, \"key\" LIMIT 1")) {
            ps.setString(1, database);
            ps.setString(2, ObjectKind.DAILY.id());
            return first(ps);
        }
    }

    private static Optional<StoredObject> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(object(rs)) : Optional.empty();
        }
    }

    static StoredObject object(ResultSet rs) throws SQLException {
        String key = rs.getString("key");
        try {
            return new StoredObject(key, rs.getString("database"), ObjectKind.parse(rs.getString("kind")),
                    Rows.date(rs, "date"), rs.getLong("size"), rs.getString("sha256"),
                    RowCountsJson.read(rs.getString("row_counts")), Rows.instant(rs, "created_at"),
                    Rows.instant(rs, "verified_at"), Rows.instant(rs, "deleted_at"), rs.getString("delete_error"),
                    Rows.instant(rs, "damaged_at"), rs.getString("damage"), rs.getString("encryption"),
                    RecipientsJson.read(rs.getString("recipients")));
        } catch (RuntimeException e) {
            throw new SQLException("object " + key + " has an unreadable row: " + e.getMessage(), e);
        }
    }
}
