package dev.grove.patina.dump;

import dev.grove.patina.util.AtomicFiles;
import dev.grove.patina.util.FileTargets;
import dev.grove.patina.util.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.sqlite.SQLiteConfig;

/**
 * Restores a SQL dump (Patina's own, {@code sqlite3 .dump} or {@code wrangler d1 export}; plain, gzip or zstd)
 * into a SQLite file. Everything is loaded in one transaction into a temporary file beside the target and checked
 * (the dump's own transaction committed, the footer's SHA-256 and row counts, {@code foreign_key_check}); then
 * whatever SQLite would open together with the target is set aside — a replaced target under the first free
 * {@code .bak} name with its {@code -wal}/{@code -journal}/{@code -shm}, leftover sidecars of a missing or empty
 * target as {@code <name>.stray-<time>}, never deleted — the temp file is renamed onto the target, and
 * {@code integrity_check} and the row counts are taken again of the target as SQLite opens it (RELIABILITY 25).
 * Any failure leaves no target file behind: a failure after the rename puts every moved file back.
 */
public final class Restorer {
    private static final int PROGRESS_EVERY_STATEMENTS = 200;
    private static final int SQLITE_LIMIT_SQL_LENGTH = 1;
    /** SQLite's hard ceiling of one statement (SQLITE_MAX_SQL_LENGTH). */
    public static final long MAX_SQL_LENGTH = 1_000_000_000L;

    private final Clock clock;
    private final RestoreGuard guard = new RestoreGuard();

    public Restorer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Restores {@code dump} into {@code target}.
     *
     * @throws DumpException with a message naming the file, statement or check that failed
     */
    public RestoreReport restore(Path dump, Path target, RestoreOptions options, RestoreProgress progress) {
        Instant started = clock.instant();
        if (!Files.isRegularFile(dump)) {
            throw new DumpException("dump file " + dump + " does not exist or is not a file");
        }
        checkTarget(dump, target, options.force());
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + ".patina-restore-"
                + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        try {
            Loaded loaded = load(dump, temp, options, progress);
            AtomicFiles.syncFile(temp);
            Placed placed = place(temp, target, options.force());
            try {
                AtomicFiles.syncFolder(dir); // the renames of place() made durable
                progress.update("integrity", loaded.statements, loaded.totalBytes, loaded.totalBytes);
                checkAsOpened(target, loaded);
            } catch (RuntimeException | SQLException | IOException e) {
                throw new DumpException(message(e) + placed.takeBack(target), e);
            }
            for (Path p : placed.setAside) {
                String from = p.getFileName().toString();
                from = from.substring(0, from.indexOf(".stray-"));
                loaded.warnings.add("leftover " + from + " (no database of its own: SQLite would have replayed it "
                        + "over the restore) kept as " + p);
            }
            progress.update("done", loaded.statements, loaded.totalBytes, loaded.totalBytes);
            return new RestoreReport(target, loaded.header, loaded.counts, loaded.checksumVerified,
                    loaded.countsVerified, loaded.statements, loaded.skipped, loaded.fkViolations,
                    loaded.warnings, placed.previous, placed.setAside, Duration.between(started, clock.instant()));
        } catch (IOException e) {
            throw new DumpException("restore of " + dump + " into " + target + " failed: " + e.getMessage(), e);
        } finally {
            deleteTemp(temp);
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void checkTarget(Path dump, Path target, boolean force) {
        if (Files.isDirectory(target)) {
            throw new DumpException("restore target " + target + " is a directory; name a database file");
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new DumpException("the folder of restore target " + target + " does not exist");
        }
        try {
            FileTargets.refuseSources(target, List.of(dump));
        } catch (FileTargets.RefusedException e) {
            throw new DumpException("restore target " + e.getMessage(), e);
        }
        if (force) {
            return;
        }
        if (FileTargets.holdsData(target)) {
            throw new DumpException("restore target " + target + " exists and is not empty; "
                    + "choose a new file or confirm the replacement with --force (the old file is kept as "
                    + FileTargets.nextKept(target, FileTargets.SQLITE_SIDECARS).getFileName() + ")");
        }
        List<Path> sidecars = FileTargets.sqliteSidecars(target);
        if (!sidecars.isEmpty()) {
            throw new DumpException(strayMessage(target, sidecars) + "; nothing was written. Move "
                    + (sidecars.size() == 1 ? "it" : "them") + " away (stop any application that still has "
                    + target.getFileName() + " open first), or pass --force to keep "
                    + (sidecars.size() == 1 ? "it" : "them") + " aside as " + sidecars.get(0).getFileName()
                    + ".stray-<time> and restore");
        }
    }

    private static String strayMessage(Path target, List<Path> sidecars) {
        StringBuilder b = new StringBuilder("restore target " + target + " "
                + (Files.exists(target) ? "is empty" : "does not exist") + " but ");
        for (int i = 0; i < sidecars.size(); i++) {
            Path p = sidecars.get(i);
            b.append(i == 0 ? "" : i == sidecars.size() - 1 ? " and " : ", ").append(p.getFileName());
            try {
                b.append(" (").append(dev.grove.patina.util.Bytes.formatBytes(Files.size(p))).append(", modified ")
                        .append(Files.getLastModifiedTime(p).toInstant().truncatedTo(ChronoUnit.SECONDS)).append(')');
            } catch (IOException ignored) {
                // the name is enough
            }
        }
        return b.append(sidecars.size() == 1 ? " lies" : " lie").append(" beside it: SQLite would replay ")
                .append(sidecars.size() == 1 ? "it" : "them").append(" over the restored database on its first "
                        + "open (").append(sidecars.size() == 1 ? "a leftover" : "leftovers")
                .append(" of a database that was there)").toString();
    }

    private static final class Loaded {
        DumpHeader header;
        final Map<String, Long> counts = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
        boolean checksumVerified;
        boolean countsVerified;
        long statements;
        long skipped;
        long fkViolations;
        long totalBytes;
    }

    private Loaded load(Path dump, Path temp, RestoreOptions options, RestoreProgress progress) throws IOException {
        Loaded out = new Loaded();
        out.totalBytes = Files.size(dump);
        Set<String> only = lowerSet(options.tables());
        Set<String> excluded = lowerSet(options.excludeTables());
        Set<String> created = new TreeSet<>();
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
        try (CountingInputStream raw = new CountingInputStream(Files.newInputStream(dump));
             CheckedStatementStream reader = new CheckedStatementStream(DumpInput.open(dump, raw), guard,
                     background, options.maxStatementBytes());
             Connection c = openTarget(temp, options.maxStatementBytes());
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
                    case CREATE_VIEW -> only.isEmpty() && !excluded.contains(lower(info.table()));
                    default -> "sqlite_sequence".equals(lower(info.table())) ? hasSequenceTable(s)
                            : wanted(info.table(), only, excluded);
                };
                if (!run) {
                    out.skipped++;
                } else {
                    execute(s, st);
                    if (info.kind() == StatementKind.CREATE_TABLE || info.kind() == StatementKind.CREATE_VIRTUAL_TABLE) {
                        created.add(lower(info.table()));
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
                        + "truncated — restore refused; download it again (`patina download … --force`) or use an earlier "
                        + "backup");
            } else {
                out.warnings.add("not a Patina dump: no checksum or row counts to verify against");
            }
            for (String missing : only) {
                if (!created.contains(missing)) {
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
            if (!only.isEmpty() || !excluded.isEmpty()) {
                dropForeignSequenceRows(s, created);
            }
            c.commit();
            progress.update("check", out.statements, raw.count(), out.totalBytes);
            check(c, s, dump, created, footer, only, excluded, out);
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

    private static boolean wanted(String table, Set<String> only, Set<String> excluded) {
        String t = lower(table);
        if ("sqlite_sequence".equals(t)) {
            return true;
        }
        return (only.isEmpty() || only.contains(t)) && !excluded.contains(t);
    }

    private static void execute(Statement s, SqlStatement st) {
        try {
            s.execute(st.sql());
        } catch (SQLException e) {
            throw new DumpException("statement " + st.number() + " (line " + st.line() + ") failed: "
                    + e.getMessage() + " — " + abbreviate(st.sql()), e);
        }
    }

    private static void dropForeignSequenceRows(Statement s, Set<String> created) throws SQLException {
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
            if (n == null || !created.contains(lower(n))) {
                s.execute("DELETE FROM sqlite_sequence WHERE name IS " + (n == null ? "NULL" : SqlLiteral.format(n)));
            }
        }
    }

    private static void check(Connection c, Statement s, Path dump, Set<String> created, DumpFooter footer,
                              Set<String> only, Set<String> excluded, Loaded out) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pragma_foreign_key_check")) {
            out.fkViolations = rs.next() ? rs.getLong(1) : 0;
        }
        if (out.fkViolations > 0) {
            out.warnings.add(out.fkViolations + " foreign-key violation(s) reported by PRAGMA foreign_key_check; "
                    + (out.checksumVerified ? "the dump's checksum matched, so they were in the source as well"
                    : "check the source database"));
        }
        boolean selective = !only.isEmpty() || !excluded.isEmpty();
        Map<String, Long> expected = footer == null ? Map.of() : footer.tables();
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            String table = e.getKey();
            boolean sequence = "sqlite_sequence".equals(table);
            // A selective restore keeps only the sequences of the tables it restored: nothing to compare.
            boolean restored = sequence ? !selective : created.contains(lower(table));
            if (!restored) {
                if (!selective && !sequence) {
                    throw new DumpException("table " + table + ": the dump's footer says " + e.getValue() + " rows "
                            + "but the dump never creates it — " + dump + " is incomplete, restore refused");
                }
                continue;
            }
            long actual = count(s, table);
            if (actual != e.getValue()) {
                throw new DumpException("table " + table + ": the dump's footer says " + e.getValue()
                        + " rows but " + actual + " were restored from " + dump + " — restore refused");
            }
        }
        for (String table : created) {
            String name = originalName(c, table);
            out.counts.put(name, count(s, name));
        }
        boolean allMatch = footer != null;
        out.countsVerified = allMatch;
    }

    private static String originalName(Connection c, String lowerName) throws SQLException {
        try (var ps = c.prepareStatement(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND lower(name) = ?")) {
            ps.setString(1, lowerName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : lowerName;
            }
        }
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SqlLiteral.quoteIdentifier(table))) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Connection openTarget(Path temp, long maxStatementBytes) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(false);
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
        config.setCacheSize(-65536);
        config.enforceForeignKeys(false);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + temp.toAbsolutePath(), config.toProperties());
        // the library's default (1,000,000 bytes) would refuse a sqlite3 .dump's big blob; our own limit is checked
        // while reading, with a message naming the statement
        ((org.sqlite.SQLiteConnection) c).getDatabase().limit(SQLITE_LIMIT_SQL_LENGTH,
                (int) Math.min(MAX_SQL_LENGTH, maxStatementBytes + 1024));
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

    /** What {@link #place} moved, so that a failure after the rename can put it all back. */
    private static final class Placed {
        /** Where a replaced, non-empty target is kept, or null. */
        Path previous;
        /** Leftover sidecars of a missing or empty target, at their new names. */
        final List<Path> setAside = new ArrayList<>();
        /** Every rename done, in order: {from, to}. */
        final List<Path[]> moves = new ArrayList<>();
        /** The target was kept by a hard link: until the rename it had both names. */
        boolean linked;

        /** Undoes the moves of a failed restore; says what became of the files. */
        String takeBack(Path target) {
            List<String> stuck = new ArrayList<>();
            try {
                Files.deleteIfExists(target); // the restored file: the dump it came from is still there
            } catch (IOException e) {
                stuck.add("the restored " + target + " could not be removed (" + e.getMessage() + ")");
            }
            List<Path> putBack = new ArrayList<>();
            boolean sidecarStuck = false;
            for (int i = moves.size() - 1; i >= 0; i--) {
                Path[] m = moves.get(i);
                try {
                    FileTargets.moveNoReplace(m[1], m[0]);
                    putBack.add(m[0]);
                } catch (IOException e) {
                    stuck.add(m[0].getFileName() + " is still at " + m[1]);
                    sidecarStuck = true;
                }
            }
            if (previous != null && linked) {
                // a -wal/-journal beside the target that is not the previous database's own (an application opened
                // the restored file meanwhile) would be replayed over it: then it stays where it is kept
                List<Path> foreign = new ArrayList<>(FileTargets.sqliteSidecars(target));
                foreign.removeAll(putBack);
                if (sidecarStuck || !foreign.isEmpty()) {
                    stuck.add("the previous database stays at " + previous + " (its own sidecar files could not all "
                            + "be put back beside " + target + (foreign.isEmpty() ? "" : ", where " + foreign
                            + " now lie") + ", and SQLite would replay them over it) — move it back by hand once "
                            + "nothing has " + target + " open");
                } else {
                    try {
                        FileTargets.moveNoReplace(previous, target);
                    } catch (IOException e) {
                        stuck.add("the previous database is still at " + previous);
                    }
                }
            }
            FileTargets.syncDirectory(target.toAbsolutePath().getParent());
            if (!stuck.isEmpty()) {
                return " — the restore was taken back, but " + String.join("; ", stuck);
            }
            return previous != null ? " — the restore was taken back: " + target + " is the previous database again"
                    : " — the restore was taken back: no target was left" + (setAside.isEmpty() ? ""
                    : " and the leftover files are back where they were");
        }
    }

    /**
     * Sets aside everything SQLite would open together with {@code target} and renames {@code temp} onto it. A
     * non-empty target (force only) is kept under the first free {@code .bak} name with its sidecars beside it;
     * the sidecars of a missing or empty target (force only) become {@code <name>.stray-<time>}. Nothing is
     * deleted. A failure before the rename puts back what was moved.
     */
    private Placed place(Path temp, Path target, boolean force) throws IOException {
        Placed placed = new Placed();
        try {
            if (FileTargets.holdsData(target)) {
                if (!force) {
                    throw new DumpException("restore target " + target + " appeared during the restore; not "
                            + "replaced");
                }
                Path kept = null;
                for (int attempt = 0; kept == null; attempt++) {
                    Path candidate = FileTargets.nextKept(target, FileTargets.SQLITE_SIDECARS);
                    try {
                        placed.linked = FileTargets.keepAs(target, candidate);
                        kept = candidate;
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        if (attempt > 100) {
                            throw e;
                        }
                    }
                }
                placed.previous = kept;
                if (!placed.linked) {
                    placed.moves.add(new Path[] {target, kept});
                }
                for (String suffix : FileTargets.SQLITE_SIDECARS) {
                    Path side = FileTargets.withSuffix(target, suffix);
                    if (Files.exists(side, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Path to = FileTargets.withSuffix(kept, suffix);
                        FileTargets.moveNoReplace(side, to);
                        placed.moves.add(new Path[] {side, to});
                    }
                }
            } else {
                List<Path> sidecars = FileTargets.sqliteSidecars(target);
                if (!sidecars.isEmpty() && !force) {
                    throw new DumpException(strayMessage(target, sidecars) + " — they appeared during the restore; "
                            + "nothing was written");
                }
                Instant now = clock.instant();
                for (Path side : sidecars) {
                    Path to = FileTargets.nextStray(side, now);
                    FileTargets.moveNoReplace(side, to);
                    placed.moves.add(new Path[] {side, to});
                    placed.setAside.add(to);
                }
            }
            AtomicFiles.rename(temp, target); // the caller fsyncs the folder, taking all back if that fails
        } catch (IOException | RuntimeException e) {
            for (int i = placed.moves.size() - 1; i >= 0; i--) {
                Path[] m = placed.moves.get(i);
                try {
                    FileTargets.moveNoReplace(m[1], m[0]);
                } catch (IOException ignored) {
                    // named in the message below
                }
            }
            if (placed.previous != null && placed.linked) {
                FileTargets.deleteQuietly(placed.previous); // a second name of the untouched target
            }
            throw e;
        }
        return placed;
    }

    /**
     * Checks the target as SQLite opens it, after the rename: no sidecar beside it, {@code integrity_check} ok and
     * every table's row count what was loaded (RELIABILITY 25).
     */
    private static void checkAsOpened(Path target, Loaded loaded) throws SQLException {
        List<Path> sidecars = FileTargets.sqliteSidecars(target);
        if (!sidecars.isEmpty()) {
            throw new DumpException(sidecars.stream().map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.joining(" and ")) + " appeared beside " + target
                    + " during the restore (is an application using it?): SQLite would replay "
                    + (sidecars.size() == 1 ? "it" : "them") + " over the restored database");
        }
        List<String> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target.toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA cache_size = -65536");
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    String line = rs.getString(1);
                    if (!"ok".equals(line)) {
                        problems.add(line);
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new DumpException("the restored database fails PRAGMA integrity_check: "
                        + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
            }
            for (Map.Entry<String, Long> e : loaded.counts.entrySet()) {
                long now = count(s, e.getKey());
                if (now != e.getValue()) {
                    throw new DumpException("table " + e.getKey() + " holds " + now + " rows in " + target
                            + " as SQLite opens it, but " + e.getValue() + " were restored");
                }
            }
        }
    }

    private static void deleteTemp(Path temp) {
        for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
            try {
                Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + suffix));
            } catch (NoSuchFileException ignored) {
                // already gone
            } catch (IOException ignored) {
                // best effort: a leftover temp file is named .<target>.patina-restore-*.tmp and never used
            }
        }
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    private static Set<String> lowerSet(Set<String> names) {
        Set<String> s = new TreeSet<>();
        for (String n : names) {
            s.add(lower(n));
        }
        return s;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
