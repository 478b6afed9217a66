package dev.grove.patina.dump;

import static dev.grove.patina.dump.DumpFixtures.dump;
import static dev.grove.patina.dump.DumpFixtures.restorer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.testing.TarFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 on the restore side (RELIABILITY 25, 27, 29, 31): leftover sidecar files never replace a restore, a
 * kept copy is never overwritten, an incomplete dump restores nothing, one huge statement fails by name, and a
 * weekly archive is named as such. Each test reproduces the case as an operator met it.
 */
class RestoreNothingLostTest {
    @TempDir
    Path dir;

    private Path chinookDump() throws IOException {
        Path sql = dir.resolve("chinook.sql");
        dump(DumpFixtures.chinook(dir), sql, DumpDialect.D1, Compression.NONE);
        return sql;
    }

    private static List<String> tables(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The repro: a WAL database's {@code -wal} left behind, the database and its {@code -shm} deleted. The
     * WAL holds the old database's page 1, so SQLite would replay it over the restored file on the first open.
     */
    private byte[] leaveAWalBehind(Path app) throws Exception {
        Path wal = app.resolveSibling(app.getFileName() + "-wal");
        byte[] walBytes;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + app); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("CREATE TABLE old_notes (id INTEGER PRIMARY KEY, body TEXT)");
            for (int i = 0; i < 50; i++) {
                s.execute("INSERT INTO old_notes (body) VALUES ('note " + i + "')");
            }
            walBytes = Files.readAllBytes(wal); // the WAL as it lies on disk while the application runs
        }
        Files.deleteIfExists(app);
        Files.deleteIfExists(wal);
        Files.deleteIfExists(app.resolveSibling(app.getFileName() + "-shm"));
        Files.write(wal, walBytes);
        return walBytes;
    }

    @Test
    void aLeftoverWalIsNeverReplayedOverTheRestoreWithoutForceNothingIsTouched() throws Exception {
        Path sql = chinookDump();
        Path app = dir.resolve("app.sqlite");
        byte[] wal = leaveAWalBehind(app);
        DumpException e = assertThrows(DumpException.class,
                () -> restorer().restore(sql, app, RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("app.sqlite-wal") && e.getMessage().contains("--force")
                && e.getMessage().contains("replay"), e.getMessage());
        assertFalse(Files.exists(app), "no target");
        assertArrayEquals(wal, Files.readAllBytes(dir.resolve("app.sqlite-wal")), "the WAL is untouched");
        assertEquals(List.of("app.sqlite-wal", "chinook.sql", "chinook.sqlite"), files());
    }

    @Test
    void aLeftoverWalIsKeptAsideWithForceAndTheRestoreOpensWhole() throws Exception {
        Path sql = chinookDump();
        Path app = dir.resolve("app.sqlite");
        byte[] wal = leaveAWalBehind(app);
        RestoreReport r = restorer().restore(sql, app, RestoreOptions.all().withForce(true), RestoreProgress.NONE);
        Path kept = dir.resolve("app.sqlite-wal.stray-20261128T020000Z");
        assertEquals(List.of(kept), r.setAside());
        assertArrayEquals(wal, Files.readAllBytes(kept), "kept, never deleted");
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("app.sqlite-wal") && w.contains(kept.toString())),
                r.warnings().toString());
        assertFalse(Files.exists(dir.resolve("app.sqlite-wal")));
        // opened as an application opens it: the restored tables are there, the old WAL's are not
        List<String> tables = tables(app);
        assertTrue(tables.contains("Track") && !tables.contains("old_notes"), tables.toString());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + app); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM Track")) {
            rs.next();
            assertEquals(3503, rs.getInt(1));
        }
    }

    /** A rollback journal left hot by a crash in the middle of a transaction of a database that is gone since. */
    private byte[] leaveAHotJournalBehind(Path app) throws Exception {
        Path other = dir.resolve("crashed.sqlite");
        byte[] journal;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=DELETE");
            s.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, pad TEXT)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
                    + "INSERT INTO big (pad) SELECT printf('%0500d', i) FROM n");
            s.execute("PRAGMA cache_size=10"); // so the transaction spills pages into the file before it commits
            c.setAutoCommit(false);
            s.execute("UPDATE big SET pad = upper(pad) || 'x'");
            Path hot = dir.resolve("crashed.sqlite-journal");
            assertTrue(Files.size(hot) > 0, "the transaction is journalled");
            journal = Files.readAllBytes(hot); // what a crash at this moment leaves on disk
            c.rollback();
        }
        Files.delete(other);
        Files.write(app.resolveSibling(app.getFileName() + "-journal"), journal);
        return journal;
    }

    @Test
    void aLeftoverHotJournalIsNeverRolledBackIntoTheRestore() throws Exception {
        Path sql = chinookDump();
        Path app = dir.resolve("app.sqlite");
        byte[] journal = leaveAHotJournalBehind(app);
        DumpException e = assertThrows(DumpException.class,
                () -> restorer().restore(sql, app, RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("app.sqlite-journal") && e.getMessage().contains("--force"),
                e.getMessage());
        assertFalse(Files.exists(app));

        RestoreReport r = restorer().restore(sql, app, RestoreOptions.all().withForce(true), RestoreProgress.NONE);
        Path kept = dir.resolve("app.sqlite-journal.stray-20261128T020000Z");
        assertEquals(List.of(kept), r.setAside());
        assertArrayEquals(journal, Files.readAllBytes(kept));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + app); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1), "the file as SQLite opens it");
        }
        assertEquals(3503L, r.rowCounts().get("Track"));
    }

    @Test
    void aSidecarAppearingBeforeTheRenameIsCaughtByTheCheckOfTheFileAsSqliteOpensIt() throws Exception {
        Path sql = chinookDump();
        Path app = dir.resolve("app.sqlite");
        byte[] wal = leaveAWalBehind(app);
        Path walFile = dir.resolve("app.sqlite-wal");
        Files.move(walFile, dir.resolve("elsewhere-wal"));
        // another process drops a WAL beside the target while the restore checks its temp file
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql, app, RestoreOptions.all(),
                (phase, statements, read, total) -> {
                    if ("check".equals(phase) && !Files.exists(walFile)) {
                        try {
                            Files.write(walFile, wal);
                        } catch (IOException x) {
                            throw new java.io.UncheckedIOException(x);
                        }
                    }
                }));
        assertTrue(e.getMessage().contains("app.sqlite-wal"), e.getMessage());
        assertFalse(Files.exists(app), "no target left behind");
        assertArrayEquals(wal, Files.readAllBytes(walFile), "the other process's WAL is untouched");
    }

    @Test
    void aSidecarAppearingAfterTheRenameFailsTheCheckAndTheRestoreIsTakenBack() throws Exception {
        Path sql = chinookDump();
        Path live = dir.resolve("live.sqlite");
        Files.writeString(live, "the original");
        Path walFile = dir.resolve("live.sqlite-wal");
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql, live,
                RestoreOptions.all().withForce(true), (phase, statements, read, total) -> {
                    if ("integrity".equals(phase)) { // renamed, not yet checked as SQLite opens it
                        try {
                            Files.writeString(walFile, "someone's wal");
                        } catch (IOException x) {
                            throw new java.io.UncheckedIOException(x);
                        }
                    }
                }));
        assertTrue(e.getMessage().contains("live.sqlite-wal") && e.getMessage().contains("taken back"),
                e.getMessage());
        // a WAL that is not the original's own lies beside live.sqlite now: SQLite would replay it over the
        // original, so the original stays where it is kept, and the message says where
        assertTrue(e.getMessage().contains("the previous database stays at " + dir.resolve("live.sqlite.bak")),
                e.getMessage());
        assertEquals("the original", Files.readString(dir.resolve("live.sqlite.bak")), "the original is whole");
        assertFalse(Files.exists(live), "never put back beside a WAL that is not its own");
        assertEquals("someone's wal", Files.readString(walFile), "never replayed, moved or deleted");
        assertEquals(List.of("chinook.sql", "chinook.sqlite", "live.sqlite-wal", "live.sqlite.bak"), files());
    }

    @Test
    void aTakenBackRestorePutsThePreviousDatabaseBackWhenNoForeignSidecarAppeared() throws Exception {
        Path sql = chinookDump();
        Path live = dir.resolve("live.sqlite");
        Files.writeString(live, "the original");
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql, live,
                RestoreOptions.all().withForce(true), (phase, statements, read, total) -> {
                    if ("integrity".equals(phase)) { // renamed, not yet checked: the check fails for another reason
                        throw new IllegalStateException("the check could not run");
                    }
                }));
        assertTrue(e.getMessage().contains("taken back") && e.getMessage().contains("previous database again"),
                e.getMessage());
        assertEquals("the original", Files.readString(live), "the previous database is in place again");
        assertEquals(List.of("chinook.sql", "chinook.sqlite", "live.sqlite"), files());
    }

    @Test
    void aSecondForcedRestoreNeverOverwritesTheKeptOriginal() throws Exception {
        Path sql = chinookDump();
        Path live = dir.resolve("live.sqlite");
        Files.writeString(live, "the original");
        RestoreReport first = restorer().restore(sql, live, RestoreOptions.all().withForce(true),
                RestoreProgress.NONE);
        assertEquals(dir.resolve("live.sqlite.bak"), first.previousFile());
        byte[] firstRestore = Files.readAllBytes(live);
        RestoreReport second = restorer().restore(sql, live, RestoreOptions.all().withForce(true),
                RestoreProgress.NONE);
        assertEquals(dir.resolve("live.sqlite.bak.1"), second.previousFile());
        assertEquals("the original", Files.readString(dir.resolve("live.sqlite.bak")), "the original is never lost");
        assertArrayEquals(firstRestore, Files.readAllBytes(dir.resolve("live.sqlite.bak.1")));
        RestoreReport third = restorer().restore(sql, live, RestoreOptions.all().withForce(true),
                RestoreProgress.NONE);
        assertEquals(dir.resolve("live.sqlite.bak.2"), third.previousFile());
        assertEquals("the original", Files.readString(dir.resolve("live.sqlite.bak")));
    }

    @Test
    void aReplacedWalDatabaseIsKeptWithItsWalUnderTheNextFreeName() throws Exception {
        Path sql = chinookDump();
        Path live = dir.resolve("live.sqlite");
        Files.writeString(dir.resolve("live.sqlite.bak"), "an earlier copy");
        Files.writeString(dir.resolve("live.sqlite.bak.1-wal"), "a WAL beside nothing"); // taken: .bak.1 is not free
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        Files.writeString(dir.resolve("live.sqlite-wal"), "its wal");
        Files.writeString(dir.resolve("live.sqlite-shm"), "its shm");
        RestoreReport r = restorer().restore(sql, live, RestoreOptions.all().withForce(true), RestoreProgress.NONE);
        assertEquals(dir.resolve("live.sqlite.bak.2"), r.previousFile());
        assertEquals("its wal", Files.readString(dir.resolve("live.sqlite.bak.2-wal")));
        assertEquals("its shm", Files.readString(dir.resolve("live.sqlite.bak.2-shm")));
        assertEquals("an earlier copy", Files.readString(dir.resolve("live.sqlite.bak")));
        assertEquals("a WAL beside nothing", Files.readString(dir.resolve("live.sqlite.bak.1-wal")));
        assertFalse(Files.exists(dir.resolve("live.sqlite-wal")));
        assertFalse(Files.exists(dir.resolve("live.sqlite-shm")));
        assertTrue(tables(live).contains("Track"));
    }

    private static final String SHELL_DUMP_CUT = """
            PRAGMA foreign_keys=OFF;
            BEGIN TRANSACTION;
            CREATE TABLE a (x);
            INSERT INTO a VALUES(1);
            CREATE TABLE b (y);
            INSERT INTO b VALUES(2);
            """;

    @Test
    void aShellDumpCutAtAStatementBoundaryRestoresNothing() throws Exception {
        Path sql = dir.resolve("cut.sql");
        Files.writeString(sql, SHELL_DUMP_CUT);
        Path out = dir.resolve("out.sqlite");
        DumpException e = assertThrows(DumpException.class,
                () -> restorer().restore(sql, out, RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("BEGIN") && e.getMessage().contains("COMMIT")
                && e.getMessage().contains("statement 2 (line 2)") && e.getMessage().contains("incomplete"),
                e.getMessage());
        assertEquals(List.of("cut.sql"), files());

        DumpInspector.Report inspected = new DumpInspector().inspect(sql);
        assertFalse(inspected.ok(), "inspect fails it too");
        assertTrue(inspected.problem().contains("COMMIT"), inspected.problem());
    }

    @Test
    void aShellDumpThatRolledBackRestoresNothing() throws Exception {
        Path sql = dir.resolve("rolled-back.sql");
        Files.writeString(sql, SHELL_DUMP_CUT + "ROLLBACK; -- due to errors\n");
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql, dir.resolve("o.sqlite"),
                RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("ROLLBACK") && e.getMessage().contains("statement 7"), e.getMessage());
        assertEquals(List.of("rolled-back.sql"), files());
        assertFalse(new DumpInspector().inspect(sql).ok());
    }

    @Test
    void dumpsWithoutAnyTransactionAreNotUnterminated() throws Exception {
        // wrangler d1 export and Patina's d1 dialect have no BEGIN at all; a whole shell dump ends in COMMIT
        Path d1 = dir.resolve("d1.sql");
        Files.writeString(d1, "PRAGMA defer_foreign_keys = on;\nCREATE TABLE a (x);\nINSERT INTO a VALUES(1);\n");
        assertEquals(1L, restorer().restore(d1, dir.resolve("d1.sqlite"), RestoreOptions.all(), RestoreProgress.NONE)
                .rowCounts().get("a"));
        assertTrue(new DumpInspector().inspect(d1).ok());
        Path whole = dir.resolve("whole.sql");
        Files.writeString(whole, SHELL_DUMP_CUT + "COMMIT;\n");
        assertEquals(2, restorer().restore(whole, dir.resolve("whole.sqlite"), RestoreOptions.all(),
                RestoreProgress.NONE).rowCounts().size());
        assertTrue(new DumpInspector().inspect(whole).ok());
        Path sqliteDialect = dir.resolve("sqlite-dialect.sql");
        dump(DumpFixtures.chinook(dir), sqliteDialect, DumpDialect.SQLITE, Compression.NONE);
        assertTrue(new DumpInspector().inspect(sqliteDialect).ok());
    }

    @Test
    void inspectCountsTheRowsOfEveryShapeOfDatabaseAsTheFooterDoes() throws Exception {
        // FTS5 commands, contentless tables, big rows appended by UPDATE, sequences: all agree with the footer
        Path awkward = dev.grove.patina.testing.AwkwardDatabase.create(dir.resolve("awkward.sqlite"));
        dev.grove.patina.demo.DemoWorkspace demo = new dev.grove.patina.demo.DemoWorkspace(dir.resolve("demo"));
        demo.create();
        List<Path> databases = new ArrayList<>(List.of(awkward));
        dev.grove.patina.demo.DemoWorkspace.DATABASES.forEach(n -> databases.add(demo.database(n)));
        for (Path db : databases) {
            for (DumpDialect dialect : DumpDialect.values()) {
                Path sql = dir.resolve(db.getFileName() + "-" + dialect + ".sql");
                dump(db, sql, dialect, Compression.NONE);
                DumpInspector.Report r = new DumpInspector().inspect(sql);
                assertTrue(r.ok(), sql + ": " + r.problem());
            }
        }
    }

    /** Rewrites the footer's row count of one table; the checksum (of the bytes above the footer) still holds. */
    private static void setFooterCount(Path sql, String table, long rows) throws IOException {
        String text = Files.readString(sql);
        int at = text.indexOf("-- patina:footer ");
        DumpFooter f = DumpFooter.parse(text.substring(at + 17).strip());
        java.util.Map<String, Long> tables = new java.util.LinkedHashMap<>(f.tables());
        tables.put(table, rows);
        Files.writeString(sql, text.substring(0, at) + DumpFooter.LINE_PREFIX
                + new DumpFooter(f.sha256(), f.statements(), tables).toJson() + "\n");
    }

    @Test
    void rowCountsThatDisagreeWithTheFooterFailRestoreAndInspect() throws Exception {
        Path sql = chinookDump();
        setFooterCount(sql, "Track", 3504);
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql, dir.resolve("o.sqlite"),
                RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("Track") && e.getMessage().contains("3504"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o.sqlite")));
        DumpInspector.Report r = new DumpInspector().inspect(sql);
        assertTrue(r.checksumOk(), "the bytes above the footer are intact");
        assertFalse(r.ok(), "but the rows are not what the footer says");
        assertTrue(r.problem().contains("Track") && r.problem().contains("3504") && r.problem().contains("3503"),
                r.problem());
    }

    @Test
    void aTableTheFooterListsButTheDumpNeverCreatesFailsRestoreAndInspect() throws Exception {
        Path sql = chinookDump();
        setFooterCount(sql, "Invoices2027", 12);
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql, dir.resolve("o.sqlite"),
                RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("Invoices2027"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o.sqlite")));
        assertFalse(new DumpInspector().inspect(sql).ok());
        // a selective restore of other tables does not need it
        restorer().restore(sql, dir.resolve("part.sqlite"), new RestoreOptions(java.util.Set.of("Genre"),
                java.util.Set.of(), false), RestoreProgress.NONE);
    }

    /** A gzip of concatenated members, each 16 MiB of 'a': tiny on disk, {@code copies} × 16 MiB inside. */
    private Path hugeStatementGzip(int copies) throws IOException {
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(member) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 16; i++) {
                gz.write(chunk);
            }
        }
        Path file = dir.resolve("huge.sql.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(gzip("CREATE TABLE t (x);\nINSERT INTO t VALUES('"));
            for (int i = 0; i < copies; i++) {
                member.writeTo(out);
            }
            out.write(gzip("');\n"));
        }
        return file;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(b)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    @Test
    void oneHugeStatementFailsByNumberLineAndFlagWithinTheHeap() throws Exception {
        Path gz = hugeStatementGzip(160); // 2.5 GiB of SQL in one statement, more than the test JVM's heap
        assertTrue(Files.size(gz) < 8 << 20, "a small file: " + Files.size(gz));
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(gz, dir.resolve("o.sqlite"),
                RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("statement 2 (line 2)") && e.getMessage().contains("64 MiB")
                && e.getMessage().contains("--max-statement-mib"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o.sqlite")));
        DumpException inspected = assertThrows(DumpException.class, () -> new DumpInspector().inspect(gz));
        assertTrue(inspected.getMessage().contains("statement 2 (line 2)"), inspected.getMessage());
    }

    @Test
    void theStatementLimitCanBeRaised() throws Exception {
        Path gz = hugeStatementGzip(5); // one 80 MiB statement
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(gz, dir.resolve("o.sqlite"),
                RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("64 MiB"), e.getMessage());
        RestoreReport r = restorer().restore(gz, dir.resolve("o.sqlite"),
                RestoreOptions.all().withMaxStatementMib(96), RestoreProgress.NONE);
        assertEquals(1L, r.rowCounts().get("t"));
    }

    @Test
    void aWeeklyArchiveIsNamedAsSuchWithHowToExtractAMember() throws Exception {
        Path tgz = dir.resolve("2026-W48.tar.gz");
        byte[] member = "CREATE TABLE a (x);\n".getBytes(StandardCharsets.UTF_8);
        TarFixture.oneMember(tgz, "2026-11-23/shop.sql", member);
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(tgz, dir.resolve("o.sqlite"),
                RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("weekly archive") && e.getMessage().contains("patina extract")
                && !e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o.sqlite")));
        DumpException i = assertThrows(DumpException.class, () -> new DumpInspector().inspect(tgz));
        assertTrue(i.getMessage().contains("weekly archive") && i.getMessage().contains("patina extract"),
                i.getMessage());
    }
}
