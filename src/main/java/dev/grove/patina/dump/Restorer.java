package dev.grove.patina.dump;

import dev.grove.patina.compress.Compression;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * into a SQLite file. Everything is loaded in one transaction into a temporary file beside the target, then
 * checked ({@code integrity_check}, {@code foreign_key_check}, the footer's SHA-256 and row counts) and only then
 * renamed onto the target. Any failure leaves no target file behind and nothing changed.
 */
public final class Restorer {
    private static final int PROGRESS_EVERY_STATEMENTS = 200;

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
        checkTarget(target, options.force());
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + ".patina-restore-"
                + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        try {
            Loaded loaded = load(dump, temp, options, progress);
            syncFile(temp);
            Path previous = replace(temp, target, options.force());
            progress.update("done", loaded.statements, loaded.totalBytes, loaded.totalBytes);
            return new RestoreReport(target, loaded.header, loaded.counts, loaded.checksumVerified,
                    loaded.countsVerified, loaded.statements, loaded.skipped, loaded.fkViolations,
                    loaded.warnings, previous, Duration.between(started, clock.instant()));
        } catch (IOException e) {
            throw new DumpException("restore of " + dump + " into " + target + " failed: " + e.getMessage(), e);
        } finally {
            deleteTemp(temp);
        }
    }

    private static void checkTarget(Path target, boolean force) {
        if (Files.isDirectory(target)) {
            throw new DumpException("restore target " + target + " is a directory; name a database file");
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new DumpException("the folder of restore target " + target + " does not exist");
        }
        try {
            if (Files.exists(target) && Files.size(target) > 0 && !force) {
                throw new DumpException("restore target " + target + " exists and is not empty; "
                        + "choose a new file or confirm the replacement with --force (the old file is kept as "
                        + target.getFileName() + ".bak)");
            }
        } catch (IOException e) {
            throw new DumpException("cannot read restore target " + target + ": " + e.getMessage(), e);
        }
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
        try (CountingInputStream raw = new CountingInputStream(Files.newInputStream(dump));
             CheckedStatementStream reader = new CheckedStatementStream(Compression.decompressing(raw), guard,
                     background);
             Connection c = openTarget(temp);
             Statement s = c.createStatement()) {
            CheckedStatementStream.Checked checked;
            while ((checked = reader.next()) != null) {
                SqlStatement st = checked.statement();
                StatementInfo info = checked.info();
                out.statements++;
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
                        + "truncated — restore refused");
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
        } catch (HostileStatementException e) {
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
        List<String> problems = new ArrayList<>();
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

    private static Connection openTarget(Path temp) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(false);
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
        config.setCacheSize(-65536);
        config.enforceForeignKeys(false);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + temp.toAbsolutePath(), config.toProperties());
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

    private static void syncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Moves the finished temp file onto the target; a replaced target (and its WAL) is kept as .bak. */
    private static Path replace(Path temp, Path target, boolean force) throws IOException {
        Path previous = null;
        if (Files.exists(target) && Files.size(target) > 0) {
            if (!force) {
                throw new DumpException("restore target " + target + " appeared during the restore; not replaced");
            }
            previous = target.resolveSibling(target.getFileName() + ".bak");
            move(target, previous);
            for (String suffix : List.of("-wal", "-journal")) {
                Path side = target.resolveSibling(target.getFileName() + suffix);
                if (Files.exists(side)) {
                    move(side, previous.resolveSibling(previous.getFileName() + suffix));
                }
            }
            Files.deleteIfExists(target.resolveSibling(target.getFileName() + "-shm"));
        }
        move(temp, target);
        try (FileChannel dir = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // directories cannot be opened for fsync on every platform; the rename itself is atomic
        }
        return previous;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
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

    /** Counts bytes read from the dump file, for progress (read on another thread than it is counted). */
    private static final class CountingInputStream extends FilterInputStream {
        private volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
