package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.dump.ShopDatabase;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test restore of a differential day (ADR 0016: its full and it, combined on download) — ordered from the run
 * queue as the schedule and {@code patina verify} order it — proves the day restores; its free-space rule counts the
 * full's expanded size as well as the differential's (both recorded at backup time).
 */
class VerifyDifferentialCliTest {
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
    void aDifferentialDayIsTestRestoredAndItsFreeSpaceNeedCountsItsFull() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        Path config = Files.writeString(dir.resolve("patina.toml"), """
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
        String cfg = config.toString();
        assertEquals(0, run("backup", "--config", cfg, "--now", "2026-11-23T02:00:00Z", "--quiet").code());
        ShopDatabase.mutate(shop);
        Result tuesday = run("backup", "--config", cfg, "--now", "2026-11-24T02:00:00Z", "--quiet");
        assertTrue(tuesday.out().contains("daily/2026-11-24/shop.diff.sql.gz"), tuesday.out());
        String diffKey = "daily/2026-11-24/shop.diff.sql.gz";
        String fullKey = "daily/2026-11-23/shop.sql.gz";

        Result verify = run("verify", "--config", cfg, "--now", "2026-11-24T04:00:00Z");
        assertEquals(0, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains("ok                 " + diffKey + " — verified restorable"), verify.out());
        assertTrue(verify.out().contains("      ok     integrity_check: ok"), verify.out());
        assertTrue(verify.out().contains("      ok     row counts against the catalog: "), verify.out());
        assertTrue(verify.err().contains("verify: shop ok"), "ordered from the run queue: " + verify.err());
        try (Catalog c = Catalog.open(dir.resolve("data/catalog.sqlite"), Clock.systemUTC())) {
            VerifyStoresCliTest.assertAt("2026-11-24T04:00:00Z", c.object(diffKey).orElseThrow().verifiedAt(),
                    "the day's object is recorded verified: what the dashboard's history shows");
            assertTrue(c.proofs().latestOf(diffKey).orElseThrow().proven());
            assertEquals("cli", c.lastRun(RunKind.VERIFY).orElseThrow().trigger());
        }
        try (Stream<Path> left = Files.list(dir.resolve("data/tmp"))) {
            assertEquals(List.of(), left.toList(), "no scratch folder or combined download is left");
        }

        Services services = new Services(Clock.fixed(Instant.parse("2026-11-24T05:00:00Z"), ZoneOffset.UTC));
        try (PatinaRuntime rt = PatinaRuntime.open(services.configLoader().load(config), services)) {
            long fullSql = rt.downloads().sqlSizeOf(fullKey).orElseThrow();
            long diffSql = rt.downloads().sqlSizeOf(diffKey).orElseThrow(); // recorded for a differential too
            StoredObject day = rt.catalog().object(diffKey).orElseThrow();
            assertTrue(diffSql * 2 < (fullSql + diffSql) * 2 - 1, fullSql + " / " + diffSql);
            long short1 = (fullSql + diffSql) * 2 - 1; // room for the differential alone, not with its full
            List<Path> asked = new ArrayList<>();
            VerifyService tight = new VerifyService(rt.downloads(), rt.core().restorer(), rt.catalog(), rt.clock(),
                    dir.resolve("data/tmp")).withFreeSpace(folder -> {
                        asked.add(folder);
                        return short1;
                    });
            VerifyService.Verdict refused = tight.verify(List.of(day), r -> { }).get(0);
            assertEquals(VerifyService.Finding.CHECK_FAILED, refused.outcome(), refused.detail());
            assertTrue(refused.detail().startsWith("not restoring shop: the scratch folder "), refused.detail());
            assertTrue(refused.detail().contains("the dump's " + Bytes.formatBytes(fullSql + diffSql) + " of SQL "
                    + "for the differential day: its full " + fullKey + " (" + Bytes.formatBytes(fullSql) + ") and "
                    + "the differential (" + Bytes.formatBytes(diffSql) + "), combined on download, as recorded at "
                    + "backup time"), refused.detail());
            assertEquals(1, asked.size(), "refused before the download");

            VerifyService.Verdict roomy = new VerifyService(rt.downloads(), rt.core().restorer(), rt.catalog(),
                    rt.clock(), dir.resolve("data/tmp")).withFreeSpace(folder -> (fullSql + diffSql) * 2)
                    .verify(List.of(day), r -> { }).get(0);
            assertTrue(roomy.ok(), "the full's and the differential's SQL × 2 is enough: " + roomy.detail());
            assertNotNull(rt.catalog().object(diffKey).orElseThrow().verifiedAt());
        }
    }
}
