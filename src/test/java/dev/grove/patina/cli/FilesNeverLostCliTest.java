package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.testing.TarFixture;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 at the command line (RELIABILITY 25, 27, 28, 29, 31): dump, download and extract refuse an existing
 * file without --force and keep it with --force, never write onto what they read; restore and inspect name leftover
 * sidecars, incomplete dumps, weekly archives and over-long statements; extract takes a dump out of a weekly archive.
 */
class FilesNeverLostCliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, new Services(Clock.systemUTC()), new ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Path chinook() throws Exception {
        return ChinookWorkspace.chinook(dir);
    }

    private Path localConfig() throws Exception {
        return ChinookWorkspace.localConfig(dir);
    }

    private static void assertOneLineError(Result r, String... contains) {
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("patina: error: "), r.err());
        for (String c : contains) {
            assertTrue(r.err().contains(c), "'" + c + "' in " + r.err());
        }
    }

    // ---- item 4: dump -o ------------------------------------------------------------------------------------------

    @Test
    void dumpRefusesAnExistingFileWithoutForceAndKeepsEveryOldOneWithForce() throws Exception {
        Path db = chinook();
        Path out = Files.writeString(dir.resolve("app.sql"), "yesterday's dump");
        assertOneLineError(run("dump", db.toString(), "-o", out.toString(), "--quiet"), "app.sql", "--force");
        assertEquals("yesterday's dump", Files.readString(out));

        Result forced = run("dump", db.toString(), "-o", out.toString(), "--force", "--quiet");
        assertEquals(0, forced.code(), forced.err());
        assertEquals("yesterday's dump", Files.readString(dir.resolve("app.sql.bak")));
        assertTrue(forced.err().contains("kept as " + dir.resolve("app.sql.bak")), forced.err());
        byte[] first = Files.readAllBytes(out);

        assertEquals(0, run("dump", db.toString(), "-o", out.toString(), "--force", "--quiet").code());
        assertEquals("yesterday's dump", Files.readString(dir.resolve("app.sql.bak")), "never overwritten");
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("app.sql.bak.1")));
        Files.createFile(dir.resolve("empty.sql"));
        assertEquals(0, run("dump", db.toString(), "-o", dir.resolve("empty.sql").toString(), "--quiet").code(),
                "an empty file holds nothing to lose (mktemp)");
    }

    @Test
    void dumpNeverWritesOntoItsOwnDatabaseForceOrNot() throws Exception {
        Path db = chinook();
        byte[] before = Files.readAllBytes(db);
        Path symlink = Files.createSymbolicLink(dir.resolve("link.sqlite"), db);
        Path hardLink = Files.createLink(dir.resolve("hard.sqlite"), db);
        for (Path target : List.of(db, symlink, hardLink, dir.resolve("chinook.sqlite-wal"),
                dir.resolve("sub/../chinook.sqlite"))) {
            Files.createDirectories(dir.resolve("sub"));
            Result r = run("dump", db.toString(), "-o", target.toString(), "--force", "--quiet");
            assertOneLineError(r, "this command reads");
            assertArrayEquals(before, Files.readAllBytes(db), target.toString());
        }
        assertTrue(Files.isSymbolicLink(symlink));
        assertFalse(Files.exists(dir.resolve("chinook.sqlite-wal")));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".bak")), "nothing was moved");
        }
    }

    // ---- item 4: download -o -----------------------------------------------------------------------------------

    @Test
    void downloadRefusesAnExistingFileWithoutForceAndNeverWritesOntoWhatItReads() throws Exception {
        String cfg = localConfig().toString();
        assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-28T02:00:00Z", "--quiet").code());
        Path out = Files.writeString(dir.resolve("chinook.sql"), "my notes");
        assertOneLineError(run("download", "--config", cfg, "2026-11-28", "chinook", "-o", out.toString(),
                "--decompress", "--quiet"), "chinook.sql", "--force");
        assertEquals("my notes", Files.readString(out));

        Result forced = run("download", "--config", cfg, "2026-11-28", "chinook", "-o", out.toString(),
                "--decompress", "--force", "--quiet");
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.out().contains("kept as " + dir.resolve("chinook.sql.bak")), forced.out());
        assertEquals("my notes", Files.readString(dir.resolve("chinook.sql.bak")));
        assertEquals(0, run("download", "--config", cfg, "2026-11-28", "chinook", "-o", out.toString(),
                "--decompress", "--force", "--quiet").code());
        assertEquals("my notes", Files.readString(dir.resolve("chinook.sql.bak")), "never overwritten");
        assertTrue(Files.readString(dir.resolve("chinook.sql.bak.1")).contains("INSERT INTO \"Track\""));

        Path stored = dir.resolve("store/daily/2026-11-28/chinook.sql.zst");
        Path catalog = dir.resolve("catalog.sqlite");
        for (Path read : List.of(stored, catalog, chinook(), Path.of(cfg))) {
            byte[] before = Files.readAllBytes(read);
            Result r = run("download", "--config", cfg, "2026-11-28", "chinook", "-o", read.toString(),
                    "--decompress", "--force", "--quiet");
            assertOneLineError(r, "this command reads");
            assertArrayEquals(before, Files.readAllBytes(read), read.toString());
            assertFalse(Files.exists(read.resolveSibling(read.getFileName() + ".bak")), read.toString());
        }
        Result verify = run("verify", "--config", cfg, "--date", "2026-11-28");
        assertEquals(0, verify.code(), "the stored object is intact: " + verify.out());
    }

    // ---- item 1 and 3: restore ------------------------------------------------------------------------------------

    @Test
    void restoreNamesALeftoverWalAndSetsItAsideOnlyWithForce() throws Exception {
        Path db = chinook();
        Path sql = dir.resolve("c.sql");
        assertEquals(0, run("dump", db.toString(), "-o", sql.toString(), "--quiet").code());
        Path app = dir.resolve("app.sqlite");
        Files.writeString(dir.resolve("app.sqlite-wal"), "a wal of a database that is gone");
        assertOneLineError(run("restore", sql.toString(), app.toString(), "--quiet"), "app.sqlite-wal", "--force",
                "replay");
        assertFalse(Files.exists(app));
        Result forced = run("restore", sql.toString(), app.toString(), "--force", "--quiet");
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.out().contains("leftover app.sqlite-wal") && forced.out().contains("kept as "
                + dir.resolve("app.sqlite-wal.stray-")), forced.out());
        assertFalse(Files.exists(dir.resolve("app.sqlite-wal")));
        Result again = run("restore", sql.toString(), app.toString(), "--force", "--quiet");
        assertTrue(again.out().contains("previous database kept as " + dir.resolve("app.sqlite.bak")), again.out());
        Result third = run("restore", sql.toString(), app.toString(), "--force", "--quiet");
        assertTrue(third.out().contains("previous database kept as " + dir.resolve("app.sqlite.bak.1")), third.out());
        assertOneLineError(run("restore", sql.toString(), sql.toString(), "--force", "--quiet"), "c.sql");
        assertTrue(Files.readString(sql).contains("-- patina:footer"), "the dump is never the target");
    }

    // ---- item 5 and smaller (a), (b): restore and inspect -------------------------------------------------------

    @Test
    void anIncompleteShellDumpFailsRestoreAndInspect() throws Exception {
        Path sql = Files.writeString(dir.resolve("cut.sql"), """
                PRAGMA foreign_keys=OFF;
                BEGIN TRANSACTION;
                CREATE TABLE a (x);
                INSERT INTO a VALUES(1);
                """);
        assertOneLineError(run("restore", sql.toString(), dir.resolve("o.sqlite").toString(), "--quiet"), "COMMIT",
                "incomplete");
        assertFalse(Files.exists(dir.resolve("o.sqlite")));
        Result i = run("inspect", sql.toString());
        assertEquals(1, i.code(), i.out());
        assertTrue(i.out().contains("refused:") && i.out().contains("never commits"), i.out());
    }

    @Test
    void aWeeklyArchiveGivenToRestoreOrInspectSaysHowToExtractAMember() throws Exception {
        Path tgz = dir.resolve("2026-W48.tar.gz");
        byte[] member = "CREATE TABLE a (x);\n".getBytes(StandardCharsets.UTF_8);
        TarFixture.oneMember(tgz, "2026-11-23/shop.sql", member);
        assertOneLineError(run("restore", tgz.toString(), dir.resolve("o.sqlite").toString(), "--quiet"),
                "weekly archive", "patina extract " + tgz + " shop 2026-11-23 -o shop.sql");
        assertOneLineError(run("inspect", tgz.toString()), "weekly archive", "patina extract");

        // a real one, as `patina weekly` writes it (PAX headers in front of each member)
        aWeekArchived();
        Path real = dir.resolve("store/weekly/2026-W48.tar.gz");
        assertOneLineError(run("restore", real.toString(), dir.resolve("o.sqlite").toString(), "--quiet"),
                "is a Patina weekly archive", "patina extract " + real + " chinook 2026-11-23 -o chinook.sql");
        assertFalse(Files.exists(dir.resolve("o.sqlite")));
    }

    @Test
    void theStatementLimitFlagIsCheckedAndNamedInTheError() throws Exception {
        Path sql = Files.writeString(dir.resolve("big.sql"), "CREATE TABLE t (x);\nINSERT INTO t VALUES('"
                + "x".repeat(3 << 20) + "');\n");
        assertOneLineError(run("restore", sql.toString(), dir.resolve("o.sqlite").toString(), "--quiet",
                "--max-statement-mib", "2"), "statement 2 (line 2)", "2 MiB", "--max-statement-mib");
        assertEquals(0, run("restore", sql.toString(), dir.resolve("o.sqlite").toString(), "--quiet").code(),
                "3 MiB is within the default 64 MiB (and above SQLite's own default of 1,000,000 bytes)");
        assertOneLineError(run("inspect", sql.toString(), "--max-statement-mib", "1"), "--max-statement-mib");
        assertEquals(2, run("restore", sql.toString(), dir.resolve("p.sqlite").toString(), "--max-statement-mib",
                "0").code());
        assertEquals(2, run("restore", sql.toString(), dir.resolve("p.sqlite").toString(), "--max-statement-mib",
                "5000").code());
    }

    // ---- smaller (c): extract ------------------------------------------------------------------------------------

    private String aWeekArchived() throws Exception {
        String cfg = localConfig().toString();
        for (int day = 23; day <= 29; day++) { // Monday 2026-11-23 … Sunday 2026-11-29 (ISO week 48)
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + chinook());
                 Statement s = c.createStatement()) {
                s.execute("INSERT INTO Genre (Name) VALUES ('day " + day + "')"); // each day differs
            }
            assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-" + day + "T02:00:00Z", "--quiet")
                    .code());
        }
        Result w = run("weekly", "--config", cfg, "--now", "2026-11-29T03:00:00Z");
        assertEquals(0, w.code(), w.out() + w.err());
        return cfg;
    }

    private static long genres(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM Genre")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void extractTakesOneDaysDumpOutOfAWeekInTheStoreOrALocalArchive() throws Exception {
        String cfg = aWeekArchived();
        Path out = dir.resolve("chinook-25.sql");
        Result r = run("extract", "--config", cfg, "2026-W48", "chinook", "2026-11-25", "-o", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("extracted 2026-11-25/chinook.sql from weekly/2026-W48.tar.gz"), r.out());
        assertTrue(r.err().contains("extract: ") && r.err().contains("of the archive read"), "progress: " + r.err());
        Path daily = dir.resolve("daily-25.sql");
        assertEquals(0, run("download", "--config", cfg, "2026-11-25", "chinook", "-o", daily.toString(),
                "--decompress", "--quiet").code());
        assertArrayEquals(Files.readAllBytes(daily), Files.readAllBytes(out), "the same dump as that day's daily");
        assertEquals(0, run("restore", out.toString(), dir.resolve("r.sqlite").toString(), "--quiet").code());
        assertEquals(25 + 3, genres(dir.resolve("r.sqlite")), "25 genres, and days 23, 24 and 25 added one each");

        // the same from the archive as a local file, with no config at all
        Path local = dir.resolve("store/weekly/2026-W48.tar.gz");
        Path fromFile = dir.resolve("from-file.sql");
        Result f = run("extract", local.toString(), "chinook", "2026-11-25", "-o", fromFile.toString(), "--quiet");
        assertEquals(0, f.code(), f.out() + f.err());
        assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(fromFile));
    }

    @Test
    void extractNeedsTheDayWhenTheArchiveHoldsSeveralAndFollowsTheOutputRules() throws Exception {
        String cfg = aWeekArchived();
        Path out = dir.resolve("x.sql");
        assertOneLineError(run("extract", "--config", cfg, "2026-W48", "chinook", "-o", out.toString(), "--quiet"),
                "7 days", "2026-11-23", "2026-11-29", "name the day");
        assertFalse(Files.exists(out));
        assertOneLineError(run("extract", "--config", cfg, "2026-W48", "chinook", "2026-12-01", "-o",
                out.toString(), "--quiet"), "no dump of chinook for 2026-12-01");
        assertOneLineError(run("extract", "--config", cfg, "2026-W48", "nope", "2026-11-25", "-o", out.toString(),
                "--quiet"), "no dump of nope", "chinook");
        assertOneLineError(run("extract", "--config", cfg, "2026-W47", "chinook", "2026-11-18", "-o",
                out.toString(), "--quiet"), "2026-W47");

        Files.writeString(out, "keep me");
        assertOneLineError(run("extract", "--config", cfg, "2026-W48", "chinook", "2026-11-25", "-o",
                out.toString(), "--quiet"), "x.sql", "--force");
        assertEquals("keep me", Files.readString(out));
        Result forced = run("extract", "--config", cfg, "2026-W48", "chinook", "2026-11-25", "-o", out.toString(),
                "--force", "--quiet");
        assertEquals(0, forced.code(), forced.err());
        assertEquals("keep me", Files.readString(dir.resolve("x.sql.bak")));

        Path local = dir.resolve("store/weekly/2026-W48.tar.gz");
        byte[] archive = Files.readAllBytes(local);
        assertOneLineError(run("extract", local.toString(), "chinook", "2026-11-25", "-o", local.toString(),
                "--force", "--quiet"), "this command reads");
        assertArrayEquals(archive, Files.readAllBytes(local));
        // a week in the store: never onto the stored archive itself, nor a configured database, --force or not
        assertOneLineError(run("extract", "--config", cfg, "2026-W48", "chinook", "2026-11-25", "-o",
                local.toString(), "--force", "--quiet"), "this command reads");
        assertArrayEquals(archive, Files.readAllBytes(local));
        assertFalse(Files.exists(dir.resolve("store/weekly/2026-W48.tar.gz.bak")));
        byte[] live = Files.readAllBytes(chinook());
        assertOneLineError(run("extract", "--config", cfg, "2026-W48", "chinook", "2026-11-25", "-o",
                chinook().toString(), "--force", "--quiet"), "this command reads");
        assertArrayEquals(live, Files.readAllBytes(chinook()));
        assertEquals(2, run("extract", "no-such-week", "chinook", "-o", out.toString()).code());
    }

    @Test
    void extractRefusesAnArchiveWithAPathThatClimbsOutAndWritesNothing() throws Exception {
        Path tgz = dir.resolve("evil.tar.gz");
        try (OutputStream raw = Files.newOutputStream(tgz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(raw))) {
            for (String name : List.of("2026-11-23/shop.sql", "../../escaped.sql")) {
                byte[] b = "CREATE TABLE a (x);\n".getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(name, true);
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        Path outDir = Files.createDirectories(dir.resolve("a/b"));
        Result r = run("extract", tgz.toString(), "shop", "2026-11-23", "-o", outDir.resolve("shop.sql").toString(),
                "--quiet");
        assertOneLineError(r, "../../escaped.sql", "refused");
        try (Stream<Path> files = Files.list(outDir)) {
            assertEquals(0, files.count(), "nothing extracted, no temp file left");
        }
        assertFalse(Files.exists(dir.resolve("escaped.sql")));
    }

    @Test
    void helpListsExtract() {
        Result h = run("--help");
        assertTrue(h.out().contains("extract"), h.out());
        Result e = run("extract", "--help");
        assertEquals(0, e.code());
        assertTrue(e.out().contains("WEEK") && e.out().contains("--force"), e.out());
    }
}
