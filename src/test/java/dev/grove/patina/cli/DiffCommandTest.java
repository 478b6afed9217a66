package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code patina diff} over a real workspace: two nightly backups of Chinook around a migration. */
class DiffCommandTest {
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

    @Test
    void comparesTheTwoLatestNightliesAroundAMigration() throws Exception {
        String cfg = ChinookWorkspace.localConfig(dir).toString();
        assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-27T02:00:00Z", "--quiet").code());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ChinookWorkspace.chinook(dir));
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE Customer DROP COLUMN Fax");
            s.execute("CREATE INDEX customer_big ON Customer (Country) WHERE Country = 'USA'");
            s.execute("INSERT INTO Genre (Name) VALUES ('Polka')");
        }
        Result second = run("backup", "--config", cfg, "--now", "2026-11-28T02:00:00Z", "--quiet");
        assertEquals(0, second.code());
        // the nightly itself says what changed (row counts are no schema change)
        assertTrue(second.out().contains("schema changed since the previous backup: column Customer.Fax dropped, "
                + "index customer_big added"), second.out());

        Result d = run("diff", "chinook", "--config", cfg);
        assertEquals(1, d.code(), d.out() + d.err());
        assertEquals(golden("cli-diff.txt"), d.out());

        Result one = run("diff", "chinook", "2026-11-27", "--config", cfg);
        assertEquals(1, one.code(), one.err());
        assertEquals(golden("cli-diff.txt"), one.out(), "one date: that day vs the latest");

        Result j = run("diff", "chinook", "2026-11-27", "2026-11-28", "--json", "--config", cfg);
        assertEquals(1, j.code(), j.err());
        assertTrue(j.out().contains("\"text\" : \"column Customer.Fax dropped\""), j.out());

        Result same = run("diff", "chinook", "2026-11-28", "--live", "--config", cfg);
        assertEquals(0, same.code(), same.out() + same.err());
        assertTrue(same.out().startsWith("chinook: schema unchanged; rows +0\nfrom 2026-11-28 to live\n"),
                same.out());

        Result older = run("diff", "chinook", "2026-11-27", "--live", "--config", cfg);
        assertEquals(1, older.code(), older.err());
        assertTrue(older.out().contains("column Customer.Fax dropped"), older.out());

        // both nightlies recorded their schema, so the comparisons above read no dump; without the records (a
        // catalog of before version 4) the dumps are read and the answer is the same
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("catalog.sqlite"));
             Statement s = c.createStatement()) {
            assertEquals(2, s.executeUpdate("UPDATE objects SET schema_sha256 = NULL WHERE schema_sha256 IS NOT NULL"));
        }
        Result fromDumps = run("diff", "chinook", "--config", cfg);
        assertEquals(1, fromDumps.code(), fromDumps.err());
        assertEquals(golden("cli-diff.txt"), fromDumps.out());
    }

    @Test
    void errorsNameTheDatabaseAndDateAndExitTwo() throws Exception {
        String cfg = ChinookWorkspace.localConfig(dir).toString();
        Result none = run("diff", "chinook", "--config", cfg);
        assertEquals(2, none.code());
        assertTrue(none.err().contains("chinook") && none.err().contains("0 good daily backups"), none.err());
        assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-28T02:00:00Z", "--quiet").code());
        Result missing = run("diff", "chinook", "2026-11-01", "2026-11-28", "--config", cfg);
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("2026-11-01") && missing.err().contains("chinook"), missing.err());
        assertFalse(run("diff", "--help").out().isEmpty());
        assertTrue(run("diff", "--help").out().contains("0 the schemas are the same"));
    }

    private static String golden(String name) throws Exception {
        try (InputStream in = DiffCommandTest.class.getResourceAsStream("/schema-diff/" + name)) {
            return in == null ? "(no golden " + name + ")" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
