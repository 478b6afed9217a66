package dev.grove.patina.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings a catalog file to the schema version of this code, one {@link Migration} per transaction, and refuses
 * files it must not touch: a catalog of a newer Patina, an SQLite database of another application, or an SQLite
 * database that has tables but no catalog version.
 */
final class SchemaUpgrader {
    /** {@code PRAGMA application_id} of a catalog: "PTNA". */
    static final int APPLICATION_ID = 0x50544E41;

    private final Path file;
    private final Migrations migrations;

    SchemaUpgrader(Path file, Migrations migrations) {
        this.file = file;
        this.migrations = migrations;
    }

    /** Upgrades the catalog on {@code c} (in auto-commit mode) and returns its version, now {@code latest()}. */
    int upgrade(Connection c) throws SQLException {
        int version = check(c);
        if (version == migrations.latest()) {
            return version;
        }
        for (Migration step : migrations.after(version)) {
            execute(c, "BEGIN IMMEDIATE");
            try {
                // another process may have upgraded the file between our check and our write lock
                int now = check(c);
                if (now >= step.target()) {
                    execute(c, "COMMIT");
                    continue;
                }
                if (now == 0) {
                    requireEmpty(c);
                    execute(c, "PRAGMA application_id = " + APPLICATION_ID);
                }
                step.apply(c);
                execute(c, "PRAGMA user_version = " + step.target());
                execute(c, "COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                if (e instanceof CatalogException ce) {
                    throw ce;
                }
                throw new CatalogException("catalog " + file + ": upgrading the schema from version "
                        + (step.target() - 1) + " to " + step.target() + " (" + step.description() + ") failed, "
                        + "the file stays at version " + (step.target() - 1) + ": " + e.getMessage(), e);
            }
        }
        return migrations.latest();
    }

    /** Reads and checks the file's identity and version. */
    private int check(Connection c) throws SQLException {
        int applicationId = intPragma(c, "application_id");
        if (applicationId != 0 && applicationId != APPLICATION_ID) {
            throw new CatalogException("catalog " + file + " is an SQLite database of another application "
                    + String.format("(application_id 0x%08X)", applicationId) + ", not a Patina catalog");
        }
        int version = intPragma(c, "user_version");
        if (version > migrations.latest()) {
            throw new CatalogTooNewException(file, version, migrations.latest());
        }
        if (version < 0) {
            throw new CatalogException("catalog " + file + " has an invalid schema version " + version);
        }
        return version;
    }

    private void requireEmpty(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new CatalogException("catalog " + file + " is an SQLite database with tables but no catalog "
                        + "version, not a Patina catalog; refusing to add tables to it");
            }
        }
    }

    private static int intPragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
