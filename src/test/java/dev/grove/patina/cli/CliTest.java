package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
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
        return ChinookWorkspace.chinook(dir);
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("patina "), v.out());
        Result h = run("--help");
        assertEquals(0, h.code());
        for (String command : new String[] {"backup", "list", "status", "verify", "download", "dump", "restore",
            "inspect", "demo", "catalog"}) {
            assertTrue(h.out().contains(command), h.out());
        }
        Result migrate = run("catalog", "migrate", "--help");
        assertEquals(0, migrate.code());
        for (String option : new String[] {"--to", "--user", "--password", "--from", "--config", "env:NAME"}) {
            assertTrue(migrate.out().contains(option), migrate.out());
        }
        Result bare = run("catalog", "migrate");
        assertEquals(2, bare.code(), "--to is required");
        assertTrue(bare.err().contains("--to"), bare.err());
        Result plain = run("catalog", "migrate", "--to", "jdbc:postgresql://db/p", "--user", "u",
                "--password", "hunter2", "--from", "none.sqlite");
        assertEquals(2, plain.code(), plain.err());
        assertTrue(plain.err().contains("--password must be a reference"), plain.err());
        assertFalse(plain.err().contains("hunter2"), "never the password");
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
    void inspectWarnsAboutARawCrBeforeALineBreakAndExitsZero() throws Exception {
        Path older = dev.grove.patina.testing.OlderDump.write(dir.resolve("older.sql"));
        Result i = run("inspect", older.toString());
        assertEquals(0, i.code(), i.out() + i.err());
        assertTrue(i.out().contains("checksum:    ok"), i.out());
        assertTrue(i.out().contains("warning:     statement 3 (line 6) holds a raw CR before a line break")
                && i.out().contains("restore it with Patina, not the shell"), i.out());
        Result j = run("inspect", older.toString(), "--json");
        assertTrue(j.out().contains("\"shellWarning\" : \"statement 3 (line 6)"), j.out());
        Result fresh = run("dump", chinook().toString(), "-o", dir.resolve("c.sql").toString(), "--quiet");
        assertEquals(0, fresh.code(), fresh.err());
        assertFalse(run("inspect", dir.resolve("c.sql").toString()).out().contains("warning:"));
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
    void dumpReaderPagesIsOptInNamedInTheHeaderAndAnUnknownReaderIsRefused() throws Exception {
        Path db = chinook();
        Result jdbc = run("dump", db.toString(), "-o", dir.resolve("jdbc.sql").toString());
        Result pages = run("dump", db.toString(), "-o", dir.resolve("pages.sql").toString(), "--reader", "pages");
        assertEquals(0, jdbc.code(), jdbc.err());
        assertEquals(0, pages.code(), pages.err());
        assertTrue(pages.err().contains("patina: reader: pages"), pages.err());
        assertFalse(jdbc.err().contains("reader"), jdbc.err());
        String a = Files.readString(dir.resolve("jdbc.sql"));
        String b = Files.readString(dir.resolve("pages.sql"));
        assertFalse(a.contains("\"reader\""), "the default dump has no reader field");
        assertTrue(b.lines().anyMatch(l -> l.startsWith("-- patina:header ") && l.contains("\"reader\":\"pages\"")));
        java.util.function.Function<String, String> body = s -> String.join("\n", s.lines()
                .filter(l -> !l.startsWith("-- patina:header ") && !l.startsWith("-- patina:footer ")).toList());
        assertEquals(body.apply(a), body.apply(b));
        Result inspect = run("inspect", dir.resolve("pages.sql").toString());
        assertTrue(inspect.out().contains("checksum:    ok"), inspect.out());
        Result bad = run("dump", db.toString(), "--reader", "mmap");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--reader must be jdbc or pages, not 'mmap'"), bad.err());
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
    void demoBacksUpAndVerifiesSixDatabases() throws Exception {
        Result r = run("demo", "--dir", dir.resolve("demo").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("2. nightly backup") && r.out().contains(": ok"), r.out());
        assertEquals(6, r.out().lines().filter(l -> l.matches("\\s+\\w+\\s+ok")).count(), r.out());
        try (var days = Files.list(dir.resolve("demo/store/daily"))) {
            Path day = days.findFirst().orElseThrow();
            try (var files = Files.list(day)) {
                assertEquals(6, files.filter(f -> f.toString().endsWith(".sql.gz")).count());
            }
        }
        Result again = run("demo", "--dir", dir.resolve("demo").toString());
        assertEquals(0, again.code(), "a second demo reuses the workspace: " + again.err());
        assertTrue(again.out().contains("reused"), again.out());
    }

    private Path localConfig() throws Exception {
        return ChinookWorkspace.localConfig(dir);
    }

    @Test
    void backupListStatusVerifyDownloadFromTheCommandLine() throws Exception {
        String cfg = localConfig().toString();
        Result b = run("backup", "--config", cfg, "--now", "2026-11-28T02:00:00Z", "--quiet");
        assertEquals(0, b.code(), b.out() + b.err());
        assertTrue(b.out().contains("daily/2026-11-28/chinook.sql.zst"), b.out());

        Result l = run("list", "--config", cfg, "--db", "chinook");
        assertEquals(0, l.code(), l.err());
        assertTrue(l.out().contains("2026-11-28") && l.out().contains("chinook.sql.zst"), l.out());
        assertFalse(l.out().contains("NODE"), "a stand-alone catalog names no node: no NODE column\n" + l.out());
        Result lj = run("list", "--config", cfg, "--json", "--since", "2026-11-28");
        assertTrue(lj.out().contains("\"total\" : 1"), lj.out());
        assertTrue(lj.out().contains("\"node\" : null"), lj.out());

        Result fresh = run("status", "--config", cfg, "--now", "2026-11-28T10:00:00Z");
        assertEquals(0, fresh.code(), fresh.out() + fresh.err());
        Result stale = run("status", "--config", cfg, "--now", "2026-11-30T10:00:00Z");
        assertEquals(1, stale.code(), "a backup older than 26 h is not healthy: " + stale.out());
        assertTrue(stale.out().contains("STALE"), stale.out());

        Result v = run("verify", "--config", cfg, "--date", "2026-11-28");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("1 ok, 0 failed"), v.out());

        Path sql = dir.resolve("chinook-download.sql");
        Result d = run("download", "--config", cfg, "2026-11-28", "chinook", "-o", sql.toString(), "--decompress",
                "--quiet");
        assertEquals(0, d.code(), d.out() + d.err());
        assertTrue(Files.readString(sql).contains("INSERT INTO \"Track\""));
        Result restore = run("restore", sql.toString(), dir.resolve("back.sqlite").toString(), "--quiet");
        assertEquals(0, restore.code(), restore.err());
    }

    @Test
    void aWeekOfBackupsBecomesOneWeeklyArchiveAndCleanupKeepsIt() throws Exception {
        String cfg = localConfig().toString();
        for (int day = 23; day <= 29; day++) { // Monday 2026-11-23 … Sunday 2026-11-29 (ISO week 48)
            assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-" + day + "T02:00:00Z", "--quiet").code());
        }
        Result w = run("weekly", "--config", cfg, "--now", "2026-11-29T03:00:00Z");
        assertEquals(0, w.code(), w.out() + w.err());
        assertTrue(Files.exists(dir.resolve("store/weekly/2026-W48.tar.gz")), w.out());
        Result c = run("cleanup", "--config", cfg, "--now", "2026-11-30", "--dry-run");
        assertEquals(0, c.code(), c.out() + c.err());
        assertTrue(c.out().contains("REMOVE  daily/2026-11-23/chinook.sql.zst"), c.out());
        assertTrue(c.out().contains("KEEP    weekly/2026-W48.tar.gz"), c.out());
    }

    @Test
    void aWeekWithMissingDailiesIsArchivedWithWarningsAndExitsZeroUnlessStrict() throws Exception {
        String cfg = localConfig().toString();
        for (int day : new int[] {23, 24, 29}) { // four of the week's seven dailies are missing
            assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-" + day + "T02:00:00Z", "--quiet").code());
        }
        Result w = run("weekly", "--config", cfg, "--week", "2026-W48", "--now", "2026-11-29T03:00:00Z");
        assertEquals(0, w.code(), "a made archive is a successful run: " + w.out() + w.err());
        assertTrue(Files.exists(dir.resolve("store/weekly/2026-W48.tar.gz")), w.out());
        assertTrue(w.out().contains("MISSING  2026-11-25/chinook"), w.out());
        assertTrue(w.err().contains("patina: warning: 4 daily backup(s) missing from weekly/2026-W48.tar.gz"),
                w.err());

        Result strict = run("weekly", "--config", cfg, "--week", "2026-W48", "--now", "2026-11-29T04:00:00Z",
                "--strict");
        assertEquals(1, strict.code(), strict.out() + strict.err());
        assertTrue(strict.err().contains("--strict makes that a failure"), strict.err());
        assertTrue(Files.exists(dir.resolve("store/weekly/2026-W48.tar.gz")), "still archived: " + strict.out());

        Result none = run("weekly", "--config", cfg, "--week", "2026-W47", "--now", "2026-11-29T05:00:00Z");
        assertEquals(1, none.code(), "nothing to archive is a failure: " + none.out() + none.err());
        assertTrue(none.out().contains("FAILED  no daily backups to archive for 2026-W47"), none.out());
        assertFalse(Files.exists(dir.resolve("store/weekly/2026-W47.tar.gz")));
        assertTrue(run("weekly", "--help").out().contains("--strict"));
    }

    @Test
    void aConfigErrorNamesFileLineAndKeyAndExitsTwo() throws Exception {
        Path config = localConfig();
        Files.writeString(config, Files.readString(config) + "\n[retention]\ndaily_days = -3\n");
        Result r = run("backup", "--config", config.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("patina.toml line") && r.err().contains("retention.daily_days"), r.err());
    }

    @Test
    void anUnknownDatabaseIsAUsageError() throws Exception {
        Result r = run("backup", "--config", localConfig().toString(), "--db", "nope");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("nope") && r.err().contains("chinook"), r.err());
    }
}
