package dev.grove.patina.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.grove.patina.source.sqlite.PageReadingSnapshot;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential harness of the page reader (ADR 0032): generated databases — random schemas (INTEGER PRIMARY KEY
 * aliases, hidden rowids, non-alias keys, WITHOUT ROWID and generated columns that fall back), random values (big
 * TEXT and BLOBs through overflow chains, empty strings, NULLs, extreme integers and reals, -0.0, invalid UTF-8),
 * every page size 512–65536, reserved bytes per page, auto_vacuum none/full/incremental, ALTER TABLE ADD COLUMN
 * defaults, deleted rows — are dumped with sqlite-jdbc and with the page reader, and the dumps must be byte for
 * byte the same below the header. {@code -Dpatina.pageHarness.count=N} (default 120) and
 * {@code -Dpatina.pageHarness.seed=S} choose the run.
 */
class PageReaderDifferentialTest {
    private static final int[] PAGE_SIZES = {512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};
    private static final String[] TYPES = {"INTEGER", "INT", "TEXT", "REAL", "FLOAT", "DOUBLE PRECISION", "BLOB",
        "NUMERIC", "", "VARCHAR(10)", "BOOLEAN", "DECIMAL(10,2)", "FLOATING POINT", "ANY"};
    private static final String[] NAMES = {"a", "b", "name", "value", "x y", "Ünï", "q\"uote", "rowid", "oid",
        "data", "n", "when", "_rowid_", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"};

    @TempDir
    Path dir;

    @Test
    void generatedDatabasesDumpTheSameWithBothReaders() throws Exception {
        int count = Integer.getInteger("patina.pageHarness.count", 120);
        long seed = Long.getLong("patina.pageHarness.seed", 18L);
        int pagesTables = 0;
        int reservedDatabases = 0;
        int overflowValues = 0;
        for (int n = 0; n < count; n++) {
            Random rnd = new Random(seed * 1_000_003L + n);
            Path db = dir.resolve("gen-" + n + ".sqlite");
            Generated g = generate(db, rnd);
            overflowValues += g.bigValues;
            if (g.reserved > 0) {
                reservedDatabases++;
            }
            String what = "database " + n + " (seed " + seed + ", page size " + g.pageSize + ", reserved "
                    + g.reserved + ", auto_vacuum " + g.autoVacuum + ")";
            pagesTables += assertSameDumps(db, what, true);
            Files.delete(db);
        }
        assertTrue(pagesTables > count, "the page reader read " + pagesTables + " tables");
        assertTrue(count < 20 || reservedDatabases > 0, "some databases have reserved bytes");
        assertTrue(count < 20 || overflowValues > 0, "some values spill to overflow pages");
    }

    @Test
    void theChinookCorpusDumpsTheSameWithBothReaders() throws Exception {
        Path db = DumpFixtures.chinook(dir);
        assertTrue(assertSameDumps(db, "chinook", true) >= 10);
    }

    @Test
    void walFramesNotCheckpointedSendTheDumpToSqliteJdbcAndSayWhy() throws Exception {
        Path db = dir.resolve("wal.sqlite");
        try (Connection keep = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = keep.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t (v) VALUES ('in the wal'), ('only')");
            // the connection stays open: its frames stay in the -wal file, never checkpointed
            assertTrue(Files.size(dir.resolve("wal.sqlite-wal")) > 0);
            try (DumpSnapshot snap = new SqliteFileSource("wal", db, true).openSnapshot()) {
                PageReadingSnapshot pages = (PageReadingSnapshot) snap;
                assertNotNull(pages.fallbackReason());
                assertTrue(pages.fallbackReason().contains("-wal file holds"), pages.fallbackReason());
                String dump = dump(snap);
                assertTrue(dump.contains("\"reader\":\"sqlite-jdbc (the page reader was asked for but not used: "
                        + "the database is in WAL mode"), dump);
                assertTrue(dump.contains("'in the wal'"));
                assertEquals(0, pages.tablesReadByPages());
            }
        }
        // once every connection is closed the -wal file is checkpointed and removed: the page reader reads it
        assertEquals(1, assertSameDumps(db, "wal after checkpoint", true));
    }

    @Test
    void aWalWriterCommittingDuringThePageDumpIsNotSeen() throws Exception {
        Path db = dir.resolve("live.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL, note TEXT)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                    + "INSERT INTO accounts SELECT i, 100, hex(randomblob(20)) FROM n");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Path reference = dir.resolve("reference.sqlite");
        Files.copy(db, reference);
        String expected;
        try (DumpSnapshot snap = new SqliteFileSource("live", reference, false).openSnapshot()) {
            expected = body(dump(snap));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong commits = new AtomicLong();
        AtomicReference<Throwable> writerError = new AtomicReference<>();
        String got;
        try (DumpSnapshot snap = new SqliteFileSource("live", db, true).openSnapshot()) {
            assertEquals(null, ((PageReadingSnapshot) snap).fallbackReason());
            Thread writer = new Thread(() -> {
                Random rnd = new Random(5);
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                     Statement s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout=5000");
                    while (!stop.get()) {
                        s.execute("UPDATE accounts SET balance = balance + 1, note = hex(randomblob(300)) "
                                + "WHERE id = " + (1 + rnd.nextInt(20000)));
                        s.execute("DELETE FROM accounts WHERE id = " + (1 + rnd.nextInt(20000)));
                        s.execute("INSERT INTO accounts (balance, note) VALUES (1, hex(randomblob(2000)))");
                        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                        commits.incrementAndGet();
                    }
                } catch (Throwable t) {
                    writerError.set(t);
                }
            });
            writer.start();
            while (commits.get() < 50 && writerError.get() == null) {
                Thread.sleep(5);
            }
            got = body(dump(snap));
            stop.set(true);
            writer.join(10_000);
            assertEquals(1, ((PageReadingSnapshot) snap).tablesReadByPages());
        }
        assertEquals(null, writerError.get());
        assertTrue(commits.get() >= 50, "the writer committed " + commits.get() + " times during the dump");
        assertEquals(expected, got, "the page dump is the snapshot of its read transaction");
    }

    @Test
    void aRollbackJournalWriterCannotCommitWhileThePageDumpReads() throws Exception {
        Path db = dir.resolve("rollback.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=DELETE");
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
                    + "INSERT INTO t SELECT i, hex(randomblob(50)) FROM n");
        }
        Path reference = dir.resolve("rollback-reference.sqlite");
        Files.copy(db, reference);
        String expected;
        try (DumpSnapshot snap = new SqliteFileSource("r", reference, false).openSnapshot()) {
            expected = body(dump(snap));
        }
        int busy = 0;
        String got;
        try (DumpSnapshot snap = new SqliteFileSource("r", db, true).openSnapshot();
             Connection w = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = w.createStatement()) {
            s.execute("PRAGMA busy_timeout=50");
            for (int i = 0; i < 3; i++) {
                try {
                    s.execute("INSERT INTO t (v) VALUES ('written while the dump reads')");
                } catch (SQLException e) {
                    busy++; // the dump's SHARED lock keeps the writer from the file
                }
            }
            got = body(dump(snap));
            assertEquals(1, ((PageReadingSnapshot) snap).tablesReadByPages());
        }
        assertEquals(3, busy, "every commit waits for the dump's read transaction");
        assertEquals(expected, got);
    }

    @Test
    void aCorruptPageFailsTheDumpNamingTheFileAndPage() throws Exception {
        Path db = dir.resolve("corrupt.sqlite");
        long root;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t (v) VALUES ('a'), ('b')");
            try (var rs = s.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = 't'")) {
                rs.next();
                root = rs.getLong(1);
            }
        }
        try (var ch = java.nio.channels.FileChannel.open(db, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x0A}), (root - 1) * 4096); // a table leaf made an index leaf
        }
        try (DumpSnapshot snap = new SqliteFileSource("c", db, true).openSnapshot()) {
            DumpException e = org.junit.jupiter.api.Assertions.assertThrows(DumpException.class, () -> dump(snap));
            assertTrue(e.getMessage().contains("table t") && e.getMessage().contains("corrupt.sqlite page " + root)
                    && e.getMessage().contains("page type 10 is not a table b-tree page"), e.getMessage());
        }
    }

    @Test
    void utf16AndWithoutRowidAndGeneratedColumnsFallBackAndTheHeaderSaysSo() throws Exception {
        Path utf16 = dir.resolve("utf16.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + utf16); Statement s = c.createStatement()) {
            s.execute("PRAGMA encoding='UTF-16le'");
            s.execute("CREATE TABLE t (v TEXT)");
            s.execute("INSERT INTO t VALUES ('héllo 😀')");
        }
        try (DumpSnapshot snap = new SqliteFileSource("u", utf16, true).openSnapshot()) {
            assertTrue(((PageReadingSnapshot) snap).fallbackReason().contains("UTF-16le"));
        }
        assertEquals(0, assertSameDumps(utf16, "utf16", false));

        Path mixed = dir.resolve("mixed.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + mixed); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID");
            s.execute("CREATE TABLE gen (a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) STORED)");
            s.execute("INSERT INTO plain (v) VALUES ('p')");
            s.execute("INSERT INTO kv VALUES ('k', 1)");
            s.execute("INSERT INTO gen (a) VALUES (21)");
        }
        assertEquals(1, assertSameDumps(mixed, "mixed", true));
        try (DumpSnapshot snap = new SqliteFileSource("m", mixed, true).openSnapshot()) {
            assertTrue(dump(snap).contains("\"reader\":\"pages; sqlite-jdbc for kv (WITHOUT ROWID), "
                    + "gen (generated columns)\""));
        }
    }

    /** Dumps {@code db} with both readers, requires the same bytes below the header; returns tables read by pages. */
    private static int assertSameDumps(Path db, String what, boolean expectPages) throws Exception {
        String viaJdbc;
        try (DumpSnapshot snap = new SqliteFileSource("db", db, false).openSnapshot()) {
            viaJdbc = dump(snap);
        }
        String viaPages;
        int tables;
        try (DumpSnapshot snap = new SqliteFileSource("db", db, true).openSnapshot()) {
            PageReadingSnapshot pages = (PageReadingSnapshot) snap;
            if (expectPages) {
                assertEquals(null, pages.fallbackReason(), what);
            }
            viaPages = dump(snap);
            tables = pages.tablesReadByPages();
        }
        assertTrue(!viaJdbc.contains("\"reader\""), what);
        assertTrue(viaPages.contains(expectPages ? "\"reader\":\"pages" : "\"reader\":\"sqlite-jdbc"), what);
        String a = body(viaJdbc);
        String b = body(viaPages);
        if (!a.equals(b)) {
            String[] la = a.split("\n", -1);
            String[] lb = b.split("\n", -1);
            for (int i = 0; i < Math.min(la.length, lb.length); i++) {
                if (!la[i].equals(lb[i])) {
                    fail(what + ": line " + (i + 1) + " differs\njdbc:  " + cut(la[i]) + "\npages: " + cut(lb[i]));
                }
            }
            fail(what + ": " + la.length + " lines through sqlite-jdbc, " + lb.length + " through the page reader");
        }
        return tables;
    }

    private static String cut(String line) {
        return line.length() > 400 ? line.substring(0, 400) + "…" : line;
    }

    private static String dump(DumpSnapshot snap) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SqlDumpWriter(DumpFixtures.CLOCK, "test").write(snap, DumpOptions.all("db", DumpDialect.SQLITE), out,
                DumpProgress.NONE);
        return out.toString(StandardCharsets.ISO_8859_1); // byte for byte, whatever the bytes
    }

    /** The dump without its header line and footer line (which differ by the reader named and the hash). */
    private static String body(String dump) {
        StringBuilder b = new StringBuilder();
        for (String line : dump.split("\n", -1)) {
            if (!line.startsWith(DumpHeader.LINE_PREFIX) && !line.startsWith(DumpFooter.LINE_PREFIX)) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    private record Generated(int pageSize, int reserved, int autoVacuum, int bigValues) {
    }

    private static Generated generate(Path db, Random rnd) throws Exception {
        int pageSize = PAGE_SIZES[rnd.nextInt(PAGE_SIZES.length)];
        int reserved = rnd.nextInt(3) == 0 ? new int[] {1, 8, 32, 64}[rnd.nextInt(4)] : 0;
        int autoVacuum = rnd.nextInt(3);
        if (reserved > 0) {
            writeEmptyDatabase(db, pageSize, reserved);
        }
        int[] big = {0};
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size=" + pageSize);
            s.execute("PRAGMA auto_vacuum=" + autoVacuum);
            s.execute("VACUUM");
            if (rnd.nextInt(4) == 0) {
                s.execute("PRAGMA journal_mode=WAL"); // checkpointed and its -wal file removed when closed
            }
            int tables = 1 + rnd.nextInt(4);
            for (int t = 0; t < tables; t++) {
                table(c, s, "t" + t + (rnd.nextInt(4) == 0 ? " odd\"name" : ""), rnd, pageSize, big);
            }
        }
        byte[] header = new byte[100];
        try (var ch = java.nio.channels.FileChannel.open(db)) {
            ch.read(ByteBuffer.wrap(header), 0);
        }
        int realPageSize = ((header[16] & 0xFF) << 8 | (header[17] & 0xFF));
        return new Generated(realPageSize == 1 ? 65536 : realPageSize, header[20] & 0xFF, autoVacuum, big[0]);
    }

    /** An empty database file whose pages keep {@code reserved} bytes at their end (no pragma sets that). */
    private static void writeEmptyDatabase(Path db, int pageSize, int reserved) throws IOException {
        ByteBuffer p = ByteBuffer.allocate(pageSize);
        p.put("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII));
        p.putShort((short) (pageSize == 65536 ? 1 : pageSize));
        p.put((byte) 1).put((byte) 1).put((byte) reserved).put((byte) 64).put((byte) 32).put((byte) 32);
        p.putInt(24, 1); // file change counter
        p.putInt(28, 1); // pages
        p.putInt(44, 4); // schema format
        p.putInt(56, 1); // UTF-8
        p.putInt(92, 1); // version-valid-for
        p.putInt(96, 3_045_000);
        p.put(100, (byte) 0x0D); // an empty table leaf: sqlite_schema
        int contentStart = pageSize - reserved;
        p.putShort(105, (short) (contentStart == 65536 ? 0 : contentStart));
        Files.write(db, p.array());
    }

    private static void table(Connection c, Statement s, String name, Random rnd, int pageSize, int[] big)
            throws SQLException {
        int columns = 1 + rnd.nextInt(7);
        List<String> names = new ArrayList<>();
        while (names.size() < columns) {
            String n = NAMES[rnd.nextInt(NAMES.length)];
            if (names.stream().noneMatch(x -> x.equalsIgnoreCase(n))) {
                names.add(n);
            }
            if (names.containsAll(List.of("rowid", "oid", "_rowid_"))) {
                names.remove("oid"); // a table whose rowid is hidden by all three has no key: big rows fail
            }
        }
        int keyKind = rnd.nextInt(10); // 0-3 alias, 4 alias DESC (not an alias), 5 text key, 6 WITHOUT ROWID
        boolean autoincrement = keyKind <= 1 && rnd.nextBoolean();
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + SqlLiteral.quoteIdentifier(name) + " (");
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                ddl.append(", ");
            }
            ddl.append(SqlLiteral.quoteIdentifier(names.get(i)));
            if (i == 0 && keyKind <= 3) {
                ddl.append(" INTEGER PRIMARY KEY").append(autoincrement ? " AUTOINCREMENT" : "");
            } else if (i == 0 && keyKind == 4) {
                ddl.append(" INTEGER PRIMARY KEY DESC");
            } else if (i == 0 && (keyKind == 5 || keyKind == 6)) {
                ddl.append(" TEXT PRIMARY KEY");
            } else {
                String type = TYPES[rnd.nextInt(TYPES.length)];
                if (!type.isEmpty()) {
                    ddl.append(' ').append(type);
                }
            }
        }
        ddl.append(')').append(keyKind == 6 ? " WITHOUT ROWID" : "");
        s.execute(ddl.toString());
        String quoted = SqlLiteral.quoteIdentifier(name);
        int rows = rnd.nextInt(6) == 0 ? 0 : rnd.nextInt(rnd.nextBoolean() ? 40 : 600);
        insertRows(c, quoted, names, rows, rnd, pageSize, big, keyKind, autoincrement);
        if (rows > 0 && rnd.nextInt(3) == 0) {
            s.execute("DELETE FROM " + quoted + " WHERE abs(random()) % 4 = 0");
        }
        if (keyKind != 6 && rnd.nextInt(3) == 0) {
            String[] defaults = {"42", "-7", "'text default'", "x'beef00'", "1.5", "NULL", "-0.0", "''",
                "9223372036854775807", "'12'", "3.0"};
            String[] addedTypes = {"", " INTEGER", " REAL", " TEXT", " NUMERIC", " BLOB"};
            int added = 1 + rnd.nextInt(2);
            for (int k = 0; k < added; k++) {
                String col = "added" + k;
                s.execute("ALTER TABLE " + quoted + " ADD COLUMN " + col + addedTypes[rnd.nextInt(addedTypes.length)]
                        + " DEFAULT " + defaults[rnd.nextInt(defaults.length)]);
                names.add(col);
            }
            insertRows(c, quoted, names, rnd.nextInt(30), rnd, pageSize, big, keyKind,
                    autoincrement);
        }
        if (rnd.nextInt(8) == 0 && names.size() > 1) {
            s.execute("UPDATE OR IGNORE " + quoted + " SET " + SqlLiteral.quoteIdentifier(names.get(names.size() - 1))
                    + " = CAST(x'C328FF' AS TEXT) WHERE abs(random()) % 3 = 0");
        }
        if (rnd.nextInt(4) == 0 && names.size() > 1) {
            s.execute("CREATE INDEX " + SqlLiteral.quoteIdentifier("ix_" + name) + " ON " + quoted + " ("
                    + SqlLiteral.quoteIdentifier(names.get(1)) + ")");
        }
    }

    private static void insertRows(Connection c, String table, List<String> names, int rows, Random rnd,
                                   int pageSize, int[] big, int keyKind, boolean autoincrement)
            throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT OR IGNORE INTO " + table + " (");
        boolean explicitRowid = keyKind > 4 && keyKind != 6 && !names.contains("rowid") && rnd.nextInt(3) == 0;
        if (explicitRowid) {
            sql.append("rowid, ");
        }
        for (int i = 0; i < names.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(SqlLiteral.quoteIdentifier(names.get(i)));
        }
        sql.append(") VALUES (").append(explicitRowid ? "?, " : "");
        sql.append("?, ".repeat(names.size() - 1)).append("?)");
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int r = 0; r < rows; r++) {
                int p = 1;
                if (explicitRowid) {
                    ps.setLong(p++, randomKey(rnd));
                }
                for (int i = 0; i < names.size(); i++) {
                    if (i == 0 && keyKind <= 4) {
                        if (rnd.nextInt(3) == 0) {
                            // AUTOINCREMENT cannot go on after a key near the largest integer
                            ps.setLong(p++, autoincrement ? rnd.nextInt(1_000_000) : randomKey(rnd));
                        } else {
                            ps.setNull(p++, java.sql.Types.INTEGER);
                        }
                    } else if (i == 0 && keyKind <= 6) {
                        ps.setString(p++, "k" + rnd.nextInt(1_000_000));
                    } else {
                        bindRandom(ps, p++, rnd, pageSize, big);
                    }
                }
                ps.executeUpdate();
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static long randomKey(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> -1 - rnd.nextInt(1000);
            case 1 -> Long.MAX_VALUE - rnd.nextInt(1000);
            case 2 -> Long.MIN_VALUE + rnd.nextInt(1000);
            default -> rnd.nextInt(1_000_000);
        };
    }

    private static void bindRandom(PreparedStatement ps, int p, Random rnd, int pageSize, int[] big)
            throws SQLException {
        switch (rnd.nextInt(12)) {
            case 0 -> ps.setNull(p, java.sql.Types.NULL);
            case 1 -> ps.setLong(p, new long[] {0, 1, -1, 127, 128, -129, 32767, 8388608, 2147483648L,
                -140737488355328L, 140737488355328L, Long.MAX_VALUE, Long.MIN_VALUE}[rnd.nextInt(13)]);
            case 2 -> ps.setLong(p, rnd.nextLong() >> rnd.nextInt(64));
            case 3 -> ps.setDouble(p, new double[] {0.0, -0.0, 1.5, 3.0, -2.0, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.MIN_VALUE, 1e-300, 9.007199254740993e15, 1e20, 0.1}[rnd.nextInt(12)]);
            case 4 -> ps.setDouble(p, rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
            case 5 -> ps.setString(p, new String[] {"", "a", "it's", "héllo 😀", "12", "1.5", " 7 ", "0x10",
                "line\nbreak", "nul\0inside"}[rnd.nextInt(10)]);
            case 6, 7 -> ps.setString(p, randomText(rnd, rnd.nextInt(60)));
            case 8 -> ps.setBytes(p, randomBytes(rnd, rnd.nextInt(40)));
            case 9 -> ps.setBytes(p, new byte[0]);
            case 10 -> {
                if (rnd.nextInt(4) == 0) {
                    big[0]++;
                    int n = pageSize + rnd.nextInt(3 * pageSize + 20_000);
                    if (rnd.nextBoolean()) {
                        ps.setBytes(p, randomBytes(rnd, n));
                    } else {
                        ps.setString(p, randomText(rnd, n));
                    }
                } else {
                    ps.setString(p, randomText(rnd, rnd.nextInt(pageSize)));
                }
            }
            default -> ps.setInt(p, rnd.nextInt(100));
        }
    }

    private static String randomText(Random rnd, int n) {
        StringBuilder b = new StringBuilder(n);
        String alphabet = "abcdefghij KLMNOP'\"0123456789\té€😀\r\n,()";
        while (b.length() < n) {
            b.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                    rnd.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return b.toString();
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
