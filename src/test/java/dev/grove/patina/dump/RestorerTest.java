package dev.grove.patina.dump;

import static dev.grove.patina.dump.DumpFixtures.dump;
import static dev.grove.patina.dump.DumpFixtures.restorer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.compress.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorerTest {
    @TempDir
    Path dir;

    private Path chinookDump() throws IOException {
        Path sql = dir.resolve("chinook.sql");
        dump(DumpFixtures.chinook(dir), sql, DumpDialect.D1, Compression.NONE);
        return sql;
    }

    /** Only the files the test itself put there: no target, no temp file left behind. */
    private void assertNothingLeftBesides(String... expected) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(Stream.of(expected).sorted().toList(), names);
        }
    }

    @Test
    void refusesANonEmptyTargetUnlessForcedAndKeepsTheOldFile() throws Exception {
        Path sql = chinookDump();
        Path target = dir.resolve("live.sqlite");
        Files.writeString(target, "precious");
        DumpException e = assertThrows(DumpException.class,
                () -> restorer().restore(sql, target, RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("live.sqlite") && e.getMessage().contains("--force"), e.getMessage());
        assertEquals("precious", Files.readString(target));

        RestoreReport r = restorer().restore(sql, target, RestoreOptions.all().withForce(true), RestoreProgress.NONE);
        assertEquals(dir.resolve("live.sqlite.bak"), r.previousFile());
        assertEquals("precious", Files.readString(r.previousFile()));
        assertEquals(3503L, r.rowCounts().get("Track"));
    }

    @Test
    void anEmptyExistingTargetNeedsNoForce() throws Exception {
        Path sql = chinookDump();
        Path target = Files.createFile(dir.resolve("empty.sqlite"));
        restorer().restore(sql, target, RestoreOptions.all(), RestoreProgress.NONE);
        assertTrue(Files.size(target) > 0);
    }

    @Test
    void aFlippedByteIsCaughtByTheChecksumAndNothingIsWritten() throws Exception {
        Path sql = chinookDump();
        byte[] bytes = Files.readAllBytes(sql);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.indexOf("'Balls to the Wall'") + 1;
        bytes[at] = (byte) 'b'; // still valid SQL, different data
        Files.write(sql, bytes);
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql, dir.resolve("out.sqlite"),
                RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("SHA-256"), e.getMessage());
        assertNothingLeftBesides("chinook.sql", "chinook.sqlite");
    }

    @Test
    void aTruncatedDumpIsRefusedAndNothingIsWritten() throws Exception {
        Path sql = chinookDump();
        byte[] bytes = Files.readAllBytes(sql);
        Files.write(sql, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(Exception.class, () -> restorer().restore(sql, dir.resolve("out.sqlite"), RestoreOptions.all(),
                RestoreProgress.NONE));
        assertNothingLeftBesides("chinook.sql", "chinook.sqlite");

        // cut exactly before the footer: every statement complete, but the proof of completeness is missing
        String text = new String(bytes, StandardCharsets.UTF_8);
        Files.writeString(sql, text.substring(0, text.indexOf("-- patina:footer")));
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql, dir.resolve("out.sqlite"),
                RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertNothingLeftBesides("chinook.sql", "chinook.sqlite");
    }

    @Test
    void hostileStatementsAreRefusedByNumberAndTouchNothing() throws Exception {
        Path evil = dir.resolve("evil.sqlite");
        List<String> attacks = List.of(
                "ATTACH DATABASE '" + evil + "' AS x;",
                "INSERT INTO t VALUES (load_extension('/tmp/evil.so'));",
                "PRAGMA writable_schema = ON;",
                "VACUUM INTO '" + evil + "';",
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT load_extension('x'); END;",
                "DELETE FROM t;",
                "INSERT INTO t SELECT * FROM t;");
        for (String attack : attacks) {
            Path sql = dir.resolve("hostile.sql");
            Files.writeString(sql, "CREATE TABLE t (a);\nINSERT INTO t VALUES (1);\n" + attack + "\n");
            DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql,
                    dir.resolve("out.sqlite"), RestoreOptions.all(), RestoreProgress.NONE), attack);
            assertTrue(e.getMessage().contains("statement 3"), attack + " → " + e.getMessage());
            assertFalse(Files.exists(evil), attack);
            assertNothingLeftBesides("hostile.sql");
        }
    }

    @Test
    void restoresWhatTheSqlite3ShellsDumpLooksLike() throws Exception {
        // The exact shape `sqlite3 db .dump` writes (3.40): foreign_keys off, one transaction, no column lists,
        // replace()/char() for newlines, sqlite_sequence, indexes at the end.
        String shellDump = """
                PRAGMA foreign_keys=OFF;
                BEGIN TRANSACTION;
                CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT, data BLOB);
                INSERT INTO notes VALUES(1,replace('line one\\nline two;','\\n',char(10)),X'00ff');
                INSERT INTO notes VALUES(2,'it''s',NULL);
                INSERT INTO notes VALUES(5,unistr('tab\\u0009end'),X'');
                DELETE FROM sqlite_sequence;
                INSERT INTO sqlite_sequence VALUES('notes',7);
                CREATE INDEX notes_body ON notes(body);
                COMMIT;
                """;
        Path sql = dir.resolve("shell.sql");
        Files.writeString(sql, shellDump);
        Path out = dir.resolve("out.sqlite");
        RestoreReport r = restorer().restore(sql, out, RestoreOptions.all(), RestoreProgress.NONE);
        assertFalse(r.checksumVerified());
        assertEquals(3L, r.rowCounts().get("notes"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT body, data FROM notes WHERE id = 1")) {
                rs.next();
                assertEquals("line one\nline two;", rs.getString(1));
                assertArrayEquals(new byte[] {0, (byte) 0xFF}, rs.getBytes(2));
            }
            try (ResultSet rs = s.executeQuery("SELECT body FROM notes WHERE id = 5")) {
                rs.next();
                assertEquals("tab\tend", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'notes'")) {
                rs.next();
                assertEquals(7, rs.getInt(1));
            }
        }
    }

    @Test
    void explainsWhyAShellDumpOfAVirtualTableCannotBeRestored() throws Exception {
        Path sql = dir.resolve("vtab.sql");
        Files.writeString(sql, """
                PRAGMA foreign_keys=OFF;
                BEGIN TRANSACTION;
                PRAGMA writable_schema=ON;
                INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','f','f',0,'CREATE VIRTUAL TABLE f USING fts5(x)');
                COMMIT;
                """);
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql, dir.resolve("o.sqlite"),
                RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("statement 3") && e.getMessage().contains("writable_schema")
                && e.getMessage().contains("patina dump"), e.getMessage());
        assertNothingLeftBesides("vtab.sql");
    }

    @Test
    void reportsForeignKeyViolationsThatWereInTheSource() throws Exception {
        Path db = dir.resolve("fk.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
            s.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))");
            s.execute("INSERT INTO child VALUES (1, 99)"); // foreign_keys is off by default: the app allowed it
        }
        Path sql = dir.resolve("fk.sql");
        dump(db, sql, DumpDialect.D1, Compression.NONE);
        RestoreReport r = restorer().restore(sql, dir.resolve("fk-restored.sqlite"), RestoreOptions.all(),
                RestoreProgress.NONE);
        assertEquals(1, r.foreignKeyViolations());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("foreign-key")), r.warnings().toString());
    }

    @Test
    void aFailingStatementNamesItsNumberAndLine() throws Exception {
        Path sql = dir.resolve("bad.sql");
        Files.writeString(sql, "CREATE TABLE t (a INTEGER NOT NULL);\n\nINSERT INTO t VALUES (NULL);\n");
        DumpException e = assertThrows(DumpException.class, () -> restorer().restore(sql, dir.resolve("o.sqlite"),
                RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("statement 2 (line 3)") && e.getMessage().contains("NOT NULL"),
                e.getMessage());
        assertNothingLeftBesides("bad.sql");
    }

    @Test
    void inspectorVerifiesTheChecksumAndListsTables() throws Exception {
        Path sql = chinookDump();
        DumpInspector.Report ok = new DumpInspector().inspect(sql);
        assertTrue(ok.ok());
        assertNotNull(ok.header());
        assertEquals(11, ok.tables().size());
        byte[] bytes = Files.readAllBytes(sql);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("'Balls to the Wall'") + 2;
        bytes[at] ^= 0x01; // a flipped bit inside a value: still valid SQL
        Files.write(sql, bytes);
        DumpInspector.Report bad = new DumpInspector().inspect(sql);
        assertFalse(bad.checksumOk());
        assertFalse(bad.ok());
    }
}
