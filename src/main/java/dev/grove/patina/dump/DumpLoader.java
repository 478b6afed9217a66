package dev.grove.patina.dump;

import dev.grove.patina.util.CountingInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.sqlite.SQLiteConnection;

/**
 * Loads a dump into a new temporary SQLite file in one transaction: every statement checked by the
 * {@link RestoreGuard} (on a reader thread) and by the {@link TransactionCheck}, the tables the options want, the
 * header's pragmas; then the footer's SHA-256 and, through {@link LoadVerifier}, its row counts.
 */
final class DumpLoader {
    private static final int PROGRESS_EVERY_STATEMENTS = 200;
    private static final int SQLITE_LIMIT_SQL_LENGTH = 1;

    private final RestoreGuard guard;

    DumpLoader(RestoreGuard guard) {
        this.guard = guard;
    }

    LoadedDump load(Path dump, Path temp, RestoreOptions options, RestoreProgress progress) throws IOException {
        return load(dump, null, temp, options, progress);
    }

    /**
     * Loads {@code dump} into {@code temp}; with a {@code diff}, the full {@code dump} is its base and the
     * differential is applied in the same load (ADR 0028): after the full's checksum and row counts were checked
     * and before its held-back indexes are built, in the same transaction — no second pass over a finished file.
     */
    LoadedDump load(Path dump, Path diff, Path temp, RestoreOptions options, RestoreProgress progress)
            throws IOException {
        LoadedDump out = new LoadedDump();
        out.totalBytes = Files.size(dump);
        TableSelection tables = new TableSelection(options);
        Long userVersion = null;
        Long applicationId = null;
        boolean sawStatistics = false;
        DumpFooter footer = null;
        ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "patina-restore-reader");
            t.setDaemon(true);
            return t;
        });
        TransactionCheck transactions = new TransactionCheck();
        LoadSettings settings = LoadSettings.forDump(dump);
        DeferredIndexes indexes = new DeferredIndexes();
        try (CountingInputStream raw = new CountingInputStream(Files.newInputStream(dump));
             CheckedStatementStream reader = new CheckedStatementStream(DumpInput.open(dump, raw), guard,
                     background, options.maxStatementBytes());
             Connection c = openTarget(temp, settings, options.maxStatementBytes());
             Statement s = c.createStatement()) {
            CheckedStatementStream.Checked checked;
            while ((checked = reader.next()) != null) {
                SqlStatement st = checked.statement();
                StatementInfo info = checked.info();
                out.statements++;
                try {
                    transactions.accept(st, info);
                } catch (DumpException e) {
                    throw new DumpException("dump " + dump + ": " + e.getMessage() + " — restore refused, nothing "
                            + "was written", e);
                }
                boolean run = switch (info.kind()) {
                    case TRANSACTION_CONTROL -> false;
                    case STATISTICS -> {
                        sawStatistics = true;
                        yield false;
                    }
                    case PRAGMA -> {
                        String name = info.pragmaName();
                        if ("user_version".equals(name)) {
                            userVersion = parseLong(info.pragmaValue(), st);
                        } else if ("application_id".equals(name)) {
                            applicationId = parseLong(info.pragmaValue(), st);
                        }
                        yield false; // foreign keys are checked after the load, see below
                    }
                    // sqlite_sequence exists only once an AUTOINCREMENT table was created: a selective restore
                    // without one has no sequences to write
                    case DELETE_SEQUENCE -> hasSequenceTable(s);
                    case CREATE_VIEW -> tables.wantsView(info.table());
                    default -> "sqlite_sequence".equals(TableSelection.lower(info.table())) ? hasSequenceTable(s)
                            : tables.wants(info.table());
                };
                if (!run) {
                    out.skipped++;
                } else if (info.kind() == StatementKind.CREATE_INDEX) {
                    indexes.defer(st); // built once, after the rows that follow it (ADR 0022)
                } else {
                    if (DeferredIndexes.needsBuiltBefore(info.kind())) {
                        indexes.build(s); // sqlite_schema keeps the dump's order
                    }
                    execute(s, st);
                    if (info.kind() == StatementKind.CREATE_TABLE
                            || info.kind() == StatementKind.CREATE_VIRTUAL_TABLE) {
                        tables.created(info.table());
                    }
                }
                if (out.statements % PROGRESS_EVERY_STATEMENTS == 0) {
                    progress.update("load", out.statements, raw.count(), out.totalBytes);
                }
            }
            String unterminated = transactions.unterminated();
            if (unterminated != null) {
                throw new DumpException("dump " + dump + ": " + unterminated + " — restore refused, nothing was "
                        + "written");
            }
            if (reader.headerJson() != null) {
                out.header = DumpHeader.parse(reader.headerJson());
            }
            if (reader.footerJson() != null) {
                footer = DumpFooter.parse(reader.footerJson());
                String actual = HexFormat.of().formatHex(reader.sha256BeforeFooter());
                if (!actual.equals(footer.sha256())) {
                    throw new DumpException("dump " + dump + " is damaged: its SHA-256 is " + actual
                            + " but its footer says " + footer.sha256() + " — restore refused");
                }
                out.checksumVerified = true;
            } else if (out.header != null) {
                throw new DumpException("dump " + dump + " has a Patina header but no footer: the file is "
                        + "truncated — restore refused; download it again (`patina download … --force`) or use an "
                        + "earlier backup");
            } else {
                out.warnings.add("not a Patina dump: no checksum or row counts to verify against");
            }
            for (String missing : tables.only) {
                if (!tables.created.contains(missing)) {
                    throw new DumpException("dump " + dump + " has no table named '" + missing + "'");
                }
            }
            if (out.header != null && out.header.warnings() != null) {
                for (String w : out.header.warnings()) {
                    out.warnings.add("the dump says: " + w);
                }
            }
            if (sawStatistics) {
                out.warnings.add("ANALYZE statistics (sqlite_stat1) in the dump were skipped; run ANALYZE if "
                        + "query plans need them");
            }
            if (out.header != null) {
                userVersion = userVersion != null ? userVersion : out.header.userVersion();
                applicationId = applicationId != null ? applicationId : out.header.applicationId();
            }
            if (userVersion != null) {
                s.execute("PRAGMA user_version = " + userVersion);
            }
            if (applicationId != null) {
                s.execute("PRAGMA application_id = " + applicationId);
            }
            if (tables.selective()) {
                dropForeignSequenceRows(s, tables);
            }
            if (diff != null) {
                if (footer == null) {
                    throw new DumpException("dump " + dump + " has no Patina footer: it is not the full a "
                            + "differential applies to — restore refused");
                }
                LoadVerifier.check(c, s, dump, tables, footer, out); // the full's own counts, before the diff
                out.applied = new DiffApplier().applyOn(diff, c, s, footer.sha256(), () -> indexes.build(s));
            }
            indexes.build(s);
            c.commit();
            progress.update("check", out.statements, raw.count(), out.totalBytes);
            if (diff == null) {
                LoadVerifier.check(c, s, dump, tables, footer, out);
            } else {
                out.counts.clear();
                LoadVerifier.recordCounts(c, s, tables, out); // the result's, for the check as opened
            }
        } catch (HostileStatementException | StatementTooLongException e) {
            throw new DumpException(e.getMessage() + " (dump " + dump + "; nothing was restored)", e);
        } catch (SQLException e) {
            throw new DumpException("restore of " + dump + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DumpException("restore of " + dump + " was interrupted; nothing was restored", e);
        } finally {
            background.shutdownNow();
        }
        return out;
    }

    private static boolean hasSequenceTable(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    private static void execute(Statement s, SqlStatement st) {
        try {
            s.execute(st.sql());
        } catch (SQLException e) {
            throw new DumpException("statement " + st.number() + " (line " + st.line() + ") failed: "
                    + e.getMessage() + " — " + abbreviate(st.sql()), e);
        }
    }

    private static void dropForeignSequenceRows(Statement s, TableSelection tables) throws SQLException {
        try (ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'")) {
            if (!rs.next() || rs.getInt(1) == 0) {
                return;
            }
        }
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_sequence")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        for (String n : names) {
            if (n == null || !tables.wasCreated(n)) {
                s.execute("DELETE FROM sqlite_sequence WHERE name IS "
                        + (n == null ? "NULL" : SqlLiteral.format(n)));
            }
        }
    }

    private static Connection openTarget(Path temp, LoadSettings settings, long maxStatementBytes)
            throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + temp.toAbsolutePath(),
                settings.config().toProperties());
        // the library's default (1,000,000 bytes) would refuse a sqlite3 .dump's big blob; our own limit is checked
        // while reading, with a message naming the statement
        ((SQLiteConnection) c).getDatabase().limit(SQLITE_LIMIT_SQL_LENGTH,
                (int) Math.min(Restorer.MAX_SQL_LENGTH, maxStatementBytes + 1024));
        c.setAutoCommit(false);
        return c;
    }

    private static long parseLong(String value, SqlStatement st) {
        try {
            return Long.decode(value.trim());
        } catch (NumberFormatException e) {
            throw new DumpException("statement " + st.number() + " (line " + st.line() + "): PRAGMA value '"
                    + value + "' is not an integer");
        }
    }

    static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
