package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as an operator meets it: exit codes, one-line errors, real files. */
class CliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, new Services(Clock.systemUTC()), new java.io.ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Path chinook() throws Exception {
        Path db = dir.resolve("chinook.sqlite");
        try (InputStream in = getClass().getResourceAsStream("/chinook/Chinook_Sqlite.sqlite")) {
            Files.copy(in, db);
        }
        return db;
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("patina "), v.out());
        Result h = run("--help");
        assertEquals(0, h.code());
        for (String command : new String[] {"dump", "restore", "inspect", "demo"}) {
            assertTrue(h.out().contains(command), h.out());
        }
    }

    @Test
    void dumpInspectRestoreWithExitCodes() throws Exception {
        Path db = chinook();
        Path sql = dir.resolve("c.sql.zst");
        Result d = run("dump", db.toString(), "-o", sql.toString(), "--quiet");
        assertEquals(0, d.code(), d.err());
        assertEquals((byte) 0x28, Files.readAllBytes(sql)[0], "zstd chosen from the .zst suffix");
        Result i = run("inspect", sql.toString());
        assertEquals(0, i.code(), i.out() + i.err());
        assertTrue(i.out().contains("checksum:    ok"), i.out());
        assertTrue(i.out().contains("Track") && i.out().contains("3,503 rows"), i.out());
        Result r = run("restore", sql.toString(), dir.resolve("r.sqlite").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("checksum: verified"), r.out());
        Result again = run("restore", sql.toString(), dir.resolve("r.sqlite").toString(), "--quiet");
        assertEquals(1, again.code());
        assertTrue(again.err().startsWith("patina: error: ") && again.err().contains("--force"), again.err());
        assertEquals(1, again.err().strip().lines().count(), "one readable line, no stack trace: " + again.err());
    }

    @Test
    void dumpWithoutOutputWritesToStdout() throws Exception {
        Path db = chinook();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(new String[] {"dump", db.toString(), "--tables", "Genre", "--quiet"},
                new Services(Clock.systemUTC()), bytes, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        String sql = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(sql.contains("CREATE TABLE [Genre]") && sql.contains("'Bossa Nova'"), sql);
        assertTrue(sql.strip().lines().reduce((a, b) -> b).orElse("").startsWith("-- patina:footer "), sql);
        assertFalse(sql.contains("CREATE TABLE [Track]"), "only the named table");
    }

    @Test
    void errorsNameTheFileInOneLine() {
        Result r = run("dump", dir.resolve("missing.sqlite").toString(), "-o", dir.resolve("x.sql").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing.sqlite") && r.err().contains("does not exist"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve("x.sql")));
    }

    @Test
    void verboseShowsTheStackTrace() {
        Result r = run("dump", dir.resolve("missing.sqlite").toString(), "--verbose");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("dump").code());
        assertEquals(2, run("dump", "x.sqlite", "--dialect", "oracle").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run().code());
    }

    @Test
    void aNonDatabaseFileFailsWithItsName() throws Exception {
        Path notDb = Files.writeString(dir.resolve("notes.txt"), "this is not a database, just some text ".repeat(50));
        Result r = run("dump", notDb.toString(), "-o", dir.resolve("n.sql").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("notes.txt"), r.err());
    }

    @Test
    void demoRunsEndToEnd() {
        Result r = run("demo", "--dir", dir.resolve("demo").toString(), "--customers", "200");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("integrity_check ok, checksum verified, row counts match"), r.out());
        assertTrue(Files.exists(dir.resolve("demo/shop-restored.sqlite")));
    }
}
