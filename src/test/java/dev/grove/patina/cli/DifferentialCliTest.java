package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.dump.ShopDatabase;
import dev.grove.patina.testing.DatabaseComparator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strategy = "differential"} from the command line (ADR 0016): Monday's backup is a full, Tuesday's a
 * differential; {@code download --combined} writes one dump that restores Tuesday's database, {@code --differential}
 * the differential alone, {@code --full} its base.
 */
class DifferentialCliTest {
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

    private Path config(Path shop) throws Exception {
        Path config = dir.resolve("patina.toml");
        Files.writeString(config, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"
                strategy = "differential"

                [compression]
                daily = "gzip"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), shop, dir.resolve("data/catalog.sqlite")));
        return config;
    }

    @Test
    void aWeeklyArchiveAloneRestoresADifferentialDayCombinedWithTheWeeksFull() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        Path mondayDb = Files.copy(shop, dir.resolve("monday.db"));
        String cfg = config(shop).toString();
        assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-23T02:00:00Z", "--quiet").code());
        ShopDatabase.mutate(shop);
        Path tuesdayDb = Files.copy(shop, dir.resolve("tuesday.db"));
        assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-24T02:00:00Z", "--quiet").code());
        Result w = run("weekly", "--config", cfg, "--week", "2026-W48", "--now", "2026-11-29T03:00:00Z");
        assertEquals(0, w.code(), w.out() + w.err());
        // retention has removed the dailies: the week's archive is all there is (and nothing beside it helps)
        for (String day : new String[] {"2026-11-23", "2026-11-24"}) {
            try (var files = Files.list(dir.resolve("store/daily/" + day))) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }

        Result full = run("extract", "--config", cfg, "2026-W48", "shop", "2026-11-23", "-o",
                dir.resolve("monday.sql").toString());
        assertEquals(0, full.code(), full.out() + full.err());
        Result diff = run("extract", "--config", cfg, "2026-W48", "shop", "2026-11-24", "-o",
                dir.resolve("tuesday.sql").toString());
        assertEquals(0, diff.code(), diff.out() + diff.err());
        String text = Files.readString(dir.resolve("tuesday.sql"));
        assertTrue(text.startsWith("-- Patina SQL dump, format 1"), "one ordinary dump, not the differential: "
                + text.substring(0, Math.min(80, text.length())));

        // an archive file on disk (no store, no catalog) is not combined: refused, naming the road that combines
        Result local = run("extract", dir.resolve("store/weekly/2026-W48.tar.gz").toString(), "shop", "2026-11-24",
                "-o", dir.resolve("local.sql").toString());
        assertEquals(1, local.code(), local.out() + local.err());
        assertTrue(local.err().contains("patina extract 2026-W48 shop 2026-11-24 -o FILE"), local.err());
        assertFalse(Files.exists(dir.resolve("local.sql")));

        for (String[] day : new String[][] {{"monday", mondayDb.toString()}, {"tuesday", tuesdayDb.toString()}}) {
            Path back = dir.resolve(day[0] + "-back.db");
            Result r = run("restore", dir.resolve(day[0] + ".sql").toString(), back.toString(), "--quiet");
            assertEquals(0, r.code(), r.out() + r.err());
            DatabaseComparator.assertSameDatabase(Path.of(day[1]), back);
        }
        try (var left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".patina-")),
                    "no scratch folder left beside the output");
        }
    }

    @Test
    void extractOfADifferentialDayRefusesAnExistingFileAndWithForceReplacesItWhole() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        String cfg = config(shop).toString();
        assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-23T02:00:00Z", "--quiet").code());
        ShopDatabase.mutate(shop);
        Path tuesdayDb = Files.copy(shop, dir.resolve("tuesday.db"));
        assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-24T02:00:00Z", "--quiet").code());
        assertEquals(0, run("weekly", "--config", cfg, "--week", "2026-W48", "--now", "2026-11-29T03:00:00Z").code());
        try (var files = Files.list(dir.resolve("store/daily/2026-11-24"))) {
            for (Path f : files.toList()) {
                Files.delete(f); // the week's archive alone: the combined road
            }
        }
        Path fresh = dir.resolve("fresh.sql");
        Result first = run("extract", "--config", cfg, "2026-W48", "shop", "2026-11-24", "-o", fresh.toString(),
                "--quiet");
        assertEquals(0, first.code(), first.out() + first.err());
        byte[] combined = Files.readAllBytes(fresh);

        // an older, longer file at the output: refused without --force, named, and left as it was
        Path out = Files.createDirectories(dir.resolve("out")).resolve("tuesday.sql");
        byte[] old = new byte[combined.length + 100_000];
        java.util.Arrays.fill(old, (byte) 'x');
        Files.write(out, old);
        Result refused = run("extract", "--config", cfg, "2026-W48", "shop", "2026-11-24", "-o", out.toString(),
                "--quiet");
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains(out.toString()) && refused.err().contains("--force"), refused.err());
        org.junit.jupiter.api.Assertions.assertArrayEquals(old, Files.readAllBytes(out), "nothing lost");
        try (var left = Files.list(out.getParent())) {
            assertEquals(List.of("tuesday.sql"), left.map(p -> p.getFileName().toString()).toList(),
                    "no .bak, no scratch folder");
        }

        // --force: the combined dump replaces the file whole (no tail of the longer old file), the old one is kept
        Result forced = run("extract", "--config", cfg, "2026-W48", "shop", "2026-11-24", "-o", out.toString(),
                "--force", "--quiet");
        assertEquals(0, forced.code(), forced.out() + forced.err());
        org.junit.jupiter.api.Assertions.assertArrayEquals(combined, Files.readAllBytes(out), "exactly the combined dump");
        assertTrue(forced.out().contains("kept as " + out + ".bak"), forced.out());
        org.junit.jupiter.api.Assertions.assertArrayEquals(old, Files.readAllBytes(dir.resolve("out/tuesday.sql.bak")));
        // again: the kept copy is never overwritten
        Result again = run("extract", "--config", cfg, "2026-W48", "shop", "2026-11-24", "-o", out.toString(),
                "--force", "--quiet");
        assertEquals(0, again.code(), again.out() + again.err());
        org.junit.jupiter.api.Assertions.assertArrayEquals(old, Files.readAllBytes(dir.resolve("out/tuesday.sql.bak")));
        org.junit.jupiter.api.Assertions.assertArrayEquals(combined,
                Files.readAllBytes(dir.resolve("out/tuesday.sql.bak.1")));
        org.junit.jupiter.api.Assertions.assertArrayEquals(combined, Files.readAllBytes(out));
        try (var left = Files.list(out.getParent())) {
            assertEquals(List.of("tuesday.sql", "tuesday.sql.bak", "tuesday.sql.bak.1"), left.map(p -> p.getFileName()
                    .toString()).sorted().toList(), "no scratch folder left beside the output");
        }
        Path back = dir.resolve("back.db");
        Result r = run("restore", out.toString(), back.toString(), "--quiet");
        assertEquals(0, r.code(), r.out() + r.err());
        DatabaseComparator.assertSameDatabase(tuesdayDb, back);

        // never onto a file the command reads, --force or not: the configured database and the catalog
        byte[] live = Files.readAllBytes(shop);
        Result ontoDb = run("extract", "--config", cfg, "2026-W48", "shop", "2026-11-24", "-o", shop.toString(),
                "--force", "--quiet");
        assertEquals(1, ontoDb.code(), ontoDb.out() + ontoDb.err());
        assertTrue(ontoDb.err().contains("this command reads"), ontoDb.err());
        org.junit.jupiter.api.Assertions.assertArrayEquals(live, Files.readAllBytes(shop));
        assertFalse(Files.exists(dir.resolve("shop.db.bak")));
        Path catalog = dir.resolve("data/catalog.sqlite");
        Result ontoCatalog = run("extract", "--config", cfg, "2026-W48", "shop", "2026-11-24", "-o",
                catalog.toString(), "--force", "--quiet");
        assertEquals(1, ontoCatalog.code(), ontoCatalog.out() + ontoCatalog.err());
        assertTrue(ontoCatalog.err().contains("this command reads"), ontoCatalog.err());
        assertFalse(Files.exists(dir.resolve("data/catalog.sqlite.bak")));
    }

    @Test
    void aDifferentialDayDownloadsCombinedAsOneDumpThatRestoresThatDay() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        Path config = config(shop);
        String cfg = config.toString();
        Result monday = run("backup", "--config", cfg, "--now", "2026-11-23T02:00:00Z", "--quiet");
        assertEquals(0, monday.code(), monday.out() + monday.err());
        assertTrue(monday.out().contains("daily/2026-11-23/shop.sql.gz"), monday.out());
        assertTrue(Files.isRegularFile(dir.resolve("data/manifests/shop.manifest")), "the full's row manifest");

        ShopDatabase.mutate(shop);
        Path tuesdayDb = dir.resolve("tuesday.db");
        Files.copy(shop, tuesdayDb);
        Result tuesday = run("backup", "--config", cfg, "--now", "2026-11-24T02:00:00Z", "--quiet");
        assertEquals(0, tuesday.code(), tuesday.out() + tuesday.err());
        assertTrue(tuesday.out().contains("daily/2026-11-24/shop.diff.sql.gz"), tuesday.out());

        Path combined = dir.resolve("combined.sql");
        Result d = run("download", "--config", cfg, "2026-11-24", "shop", "--combined", "-o", combined.toString(),
                "--quiet");
        assertEquals(0, d.code(), d.out() + d.err());
        String text = Files.readString(combined);
        assertTrue(text.startsWith("-- Patina SQL dump, format 1"), "an ordinary dump: " + text.substring(0, 80));
        Result restore = run("restore", combined.toString(), dir.resolve("back.db").toString(), "--quiet");
        assertEquals(0, restore.code(), restore.out() + restore.err());
        DatabaseComparator.assertSameDatabase(tuesdayDb, dir.resolve("back.db"));

        Path diffOnly = dir.resolve("diff.sql");
        Result diff = run("download", "--config", cfg, "2026-11-24", "shop", "--differential", "--decompress",
                "-o", diffOnly.toString(), "--quiet");
        assertEquals(0, diff.code(), diff.out() + diff.err());
        assertTrue(Files.readString(diffOnly).startsWith("-- Patina SQL differential"), "the differential alone");
        Result refused = run("restore", diffOnly.toString(), dir.resolve("alone.db").toString(), "--quiet");
        assertEquals(1, refused.code(), "a differential alone is no dump: " + refused.out());
        assertFalse(Files.exists(dir.resolve("alone.db")));

        Path base = dir.resolve("base.sql");
        Result full = run("download", "--config", cfg, "2026-11-24", "shop", "--full", "--decompress", "-o",
                base.toString(), "--quiet");
        assertEquals(0, full.code(), full.out() + full.err());
        assertTrue(full.out().contains("daily/2026-11-23/shop.sql.gz"), full.out());

        Result verify = run("verify", "--config", cfg, "--date", "2026-11-24");
        assertEquals(0, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains("1 ok, 0 failed"), "verify restores the differential day: " + verify.out());

        // the schema changes the same day: the run again writes a full, which replaces the day's differential
        ShopDatabase.exec(shop, "ALTER TABLE orders ADD COLUMN paid INTEGER");
        Result again = run("backup", "--config", cfg, "--now", "2026-11-24T09:00:00Z", "--quiet");
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("daily/2026-11-24/shop.sql.gz"), again.out());
        assertFalse(Files.exists(dir.resolve("store/daily/2026-11-24/shop.diff.sql.gz")), "replaced");
        Path latest = dir.resolve("latest.sql");
        assertEquals(0, run("download", "--config", cfg, "2026-11-24", "shop", "-o", latest.toString(), "--quiet")
                .code());
        assertEquals(0, run("restore", latest.toString(), dir.resolve("latest.db").toString(), "--quiet").code());
        DatabaseComparator.assertSameDatabase(shop, dir.resolve("latest.db"));
    }
}
