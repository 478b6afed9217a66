package dev.grove.patina.dump;

import dev.grove.patina.util.CountingInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * Applies a differential onto the restored SQLite file of its base full (ADR 0016), in one transaction, foreign keys
 * off: every statement checked by {@link DiffGuard} first, the differential's base checked against the full it is
 * applied to, the SHA-256 of its text against its footer. Nothing is committed unless all of it ran; the caller
 * then checks every table's digest ({@link TableDigester}) against the footer.
 */
public final class DiffApplier {
    /** SQLite's limit id of the statement length (the library's default, 1,000,000 bytes, is too small). */
    private static final int SQLITE_LIMIT_SQL_LENGTH = 1;
    private final DiffGuard guard = new DiffGuard();

    /** What was applied: the differential's header and footer and its statements run. */
    public record Applied(DiffHeader header, DiffFooter footer, long statements) {
    }

    /**
     * Applies {@code diff} (plain or compressed SQL) onto {@code target}.
     *
     * @param baseDumpSha256 the SHA-256 the footer of the full restored into {@code target} states
     * @throws DumpException naming the file and the statement, or the base, when it cannot be applied; the target
     *                       is then as it was
     */
    public Applied apply(Path diff, Path target, String baseDumpSha256) {
        try (Connection c = open(target); Statement s = c.createStatement()) {
            Applied applied = applyOn(diff, c, s, baseDumpSha256, () -> { });
            c.commit();
            return applied;
        } catch (SQLException e) {
            throw new DumpException("applying differential " + diff + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code diff}'s statements on {@code c} in its open transaction without committing: what {@link #apply}
     * does, and what a restore of full + differential does inside the full's own load ({@link Restorer}).
     *
     * @param beforeSchema runs before any statement that is not a row statement (the load builds its held-back
     *                     indexes there, so the schema keeps its order)
     * @throws DumpException naming the file and the statement, or the base; the caller must not commit then
     */
    Applied applyOn(Path diff, Connection c, Statement s, String baseDumpSha256, Runnable beforeSchema) {
        long statements = 0;
        DiffHeader header = null;
        try (CountingInputStream raw = new CountingInputStream(Files.newInputStream(diff));
             SqlStatementReader reader = new SqlStatementReader(DumpInput.open(diff, raw))) {
            SqlStatement st;
            while ((st = reader.next()) != null) {
                if (header == null) {
                    header = checkedHeader(reader.headerJson(), diff, baseDumpSha256);
                }
                statements++;
                DiffGuard.DiffStatement checked = guard.check(st);
                if (checked.kind() == DiffGuard.Kind.DROP_TABLE) {
                    requireVirtual(c, checked.name(), st);
                }
                if (checked.kind() == null) {
                    StatementKind kind = checked.info().kind();
                    if (kind == StatementKind.TRANSACTION_CONTROL || kind == StatementKind.PRAGMA
                            || kind == StatementKind.STATISTICS) {
                        continue; // one transaction of our own, foreign keys off, user_version from the header
                    }
                }
                if (!rowStatement(checked)) {
                    beforeSchema.run();
                }
                try {
                    s.execute(st.sql());
                } catch (SQLException e) {
                    throw new DumpException("differential " + diff + ": statement " + st.number() + " (line "
                            + st.line() + ") failed: " + e.getMessage(), e);
                }
            }
            if (header == null) {
                header = checkedHeader(reader.headerJson(), diff, baseDumpSha256);
            }
            if (reader.footerJson() == null) {
                throw new DumpException("differential " + diff + " has no footer: the file is truncated — nothing "
                        + "was applied");
            }
            DiffFooter footer = DiffFooter.parse(reader.footerJson());
            String actual = HexFormat.of().formatHex(reader.sha256BeforeFooter());
            if (!actual.equals(footer.sha256())) {
                throw new DumpException("differential " + diff + " is damaged: its SHA-256 is " + actual
                        + " but its footer says " + footer.sha256() + " — nothing was applied");
            }
            s.execute("PRAGMA user_version = " + header.userVersion());
            s.execute("PRAGMA application_id = " + header.applicationId());
            return new Applied(header, footer, statements);
        } catch (HostileStatementException e) {
            throw new DumpException(e.getMessage() + " (differential " + diff + "; nothing was applied)", e);
        } catch (SQLException | IOException e) {
            throw new DumpException("applying differential " + diff + " failed: " + e.getMessage(), e);
        }
    }

    /** A statement that only writes rows (a differential's key-list DELETE, an INSERT, a big row's append). */
    private static boolean rowStatement(DiffGuard.DiffStatement checked) {
        if (checked.kind() != null) {
            return checked.kind() == DiffGuard.Kind.DELETE_ROWS;
        }
        StatementKind kind = checked.info().kind();
        return kind == StatementKind.INSERT || kind == StatementKind.UPDATE_APPEND
                || kind == StatementKind.DELETE_SEQUENCE;
    }

    private static DiffHeader checkedHeader(String json, Path diff, String baseDumpSha256) {
        if (json == null || !DiffHeader.names(json)) {
            throw new DumpException(diff + " is not a Patina differential (no patina-sql-diff header)");
        }
        DiffHeader h = DiffHeader.parse(json);
        if (!h.baseDumpSha256().equals(baseDumpSha256)) {
            throw new DumpException("differential " + diff + " applies to the full " + h.baseKey() + " (dump SHA-256 "
                    + h.baseDumpSha256() + "), not to the full restored here (" + baseDumpSha256 + ")");
        }
        return h;
    }

    private static void requireVirtual(Connection c, String table, SqlStatement st) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                String sql = rs.next() ? rs.getString(1) : null;
                if (sql == null || !sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("CREATE VIRTUAL")) {
                    throw new HostileStatementException(st.number(), st.line(), "a differential drops only virtual "
                            + "tables (to rebuild them); " + table + " is not one");
                }
            }
        }
    }

    private static Connection open(Path target) throws SQLException {
        if (!Files.isRegularFile(target)) {
            throw new DumpException("cannot apply a differential onto " + target + ": no such file");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(false);
        config.enforceForeignKeys(false);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + target.toAbsolutePath(), config.toProperties());
        ((SQLiteConnection) c).getDatabase().limit(SQLITE_LIMIT_SQL_LENGTH, (int) Restorer.MAX_SQL_LENGTH);
        c.setAutoCommit(false);
        return c;
    }
}
