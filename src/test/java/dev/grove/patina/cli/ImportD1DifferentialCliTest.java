package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.dump.ShopDatabase;
import dev.grove.patina.source.d1.FakeD1Server;
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
 * {@code patina import-d1} of a differential day (ADR 0016, ADR 0023): {@code --date} fetches the day combined —
 * full + differential as one dump — and the in-process D1 stand-in ends up holding that day's database; the
 * differential alone is refused before anything is sent.
 */
class ImportD1DifferentialCliTest {
    private static final String D1_TOKEN = "tok-d1-import-5150";

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

    private Path config(Path shop, FakeD1Server server) throws Exception {
        return Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"
                strategy = "differential"

                [[databases]]
                name = "edge"
                type = "d1"
                account_id = "acc0123"
                database_id = "db-7f3c"
                api_token = "%s"
                api_base = "%s"

                [compression]
                daily = "zstd"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), shop, D1_TOKEN, server.apiBase(),
                dir.resolve("data/catalog.sqlite")));
    }

    @Test
    void aDifferentialDayIsImportedCombinedAndTheDifferentialAloneIsRefused() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        Path d1File = dir.resolve("d1.sqlite");
        try (FakeD1Server server = new FakeD1Server(d1File, "acc0123", "db-7f3c", D1_TOKEN)) {
            String cfg = config(shop, server).toString();
            Result monday = run("backup", "--config", cfg, "--db", "shop", "--now", "2026-11-23T02:00:00Z",
                    "--quiet");
            assertEquals(0, monday.code(), monday.out() + monday.err());
            ShopDatabase.mutate(shop);
            Path tuesday = dir.resolve("tuesday.db");
            Files.copy(shop, tuesday);
            Result second = run("backup", "--config", cfg, "--db", "shop", "--now", "2026-11-24T02:00:00Z",
                    "--quiet");
            assertEquals(0, second.code(), second.out() + second.err());
            assertTrue(second.out().contains("daily/2026-11-24/shop.diff.sql.zst"), second.out());

            // the differential alone: refused by the import's check, naming what to do instead; nothing sent
            Path diff = dir.resolve("diff.sql");
            assertEquals(0, run("download", "--config", cfg, "2026-11-24", "shop", "--differential",
                    "--decompress", "-o", diff.toString(), "--quiet").code());
            Result alone = run("import-d1", "--config", cfg, diff.toString(), "--db", "edge", "--confirm", "edge");
            assertTrue(alone.code() != 0, alone.out() + alone.err());
            assertTrue(alone.err().contains("is a Patina differential"), alone.err());
            assertTrue(alone.err().contains("patina import-d1 --date DATE"), alone.err());
            assertEquals(0, server.requests(), "nothing was sent to D1");

            Result both = run("import-d1", "--config", cfg, diff.toString(), "--date", "2026-11-24", "--db", "edge");
            assertEquals(2, both.code(), both.out() + both.err());
            assertTrue(both.err().contains("DUMP and --date exclude each other"), both.err());

            Result checked = run("import-d1", "--config", cfg, "--date", "2026-11-24", "--backup", "shop",
                    "--db", "edge");
            assertEquals(0, checked.code(), checked.out() + checked.err());
            assertTrue(checked.out().contains("fetched daily/2026-11-24/shop.diff.sql.zst combined with its full "
                    + "daily/2026-11-23/shop.sql.zst"), checked.out());
            assertTrue(checked.out().contains("nothing sent"), checked.out());
            assertEquals(0, server.requests(), "a check sends nothing");

            Result imported = run("import-d1", "--config", cfg, "--date", "2026-11-24", "--backup", "shop",
                    "--db", "edge", "--confirm", "edge");
            assertEquals(0, imported.code(), imported.out() + imported.err());
            assertTrue(imported.out().contains("imported into D1 database edge"), imported.out());
            assertFalse(imported.out().contains(D1_TOKEN) || imported.err().contains(D1_TOKEN), "no token shown");
        }
        // D1 holds Tuesday's database: every value, as the source had it that night
        List<String> differences = DatabaseComparator.differences(dir.resolve("tuesday.db"), d1File).stream()
                .filter(d -> !d.contains("user_version") && !d.contains("application_id")).toList();
        assertEquals(List.of(), differences);
        try (var files = Files.list(dir.resolve("data/tmp"))) {
            assertEquals(List.of(), files.filter(p -> !Files.isDirectory(p)).toList(), "no fetched dump left");
        }
    }
}
