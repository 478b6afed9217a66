package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of an object's damage (its {@code damaged_at} and {@code damage} columns): what a check found wrong with
 * it. A successful verify clears it ({@link ObjectRecords#markVerified}). Called inside a catalog transaction.
 */
final class DamageRecords {
    private DamageRecords() {
    }

    static boolean markDamaged(Connection c, String key, long at, String what) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE objects SET damaged_at = ?, damage = ? WHERE \"key\" = ?")) {
            ps.setLong(1, at);
            ps.setString(2, what);
            ps.setString(3, key);
            return ps.executeUpdate() > 0;
        }
    }

    static List<StoredObject> damaged(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ObjectRecords.COLUMNS + " FROM objects "
                + "WHERE damaged_at IS NOT NULL AND deleted_at IS NULL" + ObjectRecords.ORDER)) {
            List<StoredObject> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(ObjectRecords.object(rs));
                }
            }
            return out;
        }
    }
}
