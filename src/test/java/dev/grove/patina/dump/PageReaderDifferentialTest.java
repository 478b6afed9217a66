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
import java.sql.SQLException;
import java.sql.Statement;
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
            GeneratedSqliteDatabases.Generated g = GeneratedSqliteDatabases.generate(db, rnd);
            overflowValues += g.bigValues();
            if (g.reserved() > 0) {
                reservedDatabases++;
            }
            String what = "database " + n + " (seed " + seed + ", page size " + g.pageSize() + ", reserved "
                    + g.reserved() + ", auto_vacuum " + g.autoVacuum() + ")";
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
}
