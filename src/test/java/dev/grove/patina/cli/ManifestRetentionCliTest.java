package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.dump.ShopDatabase;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full's row manifest object (ADR 0030) beside the dailies: not a backup to {@code list}, not a member of the week's
 * archive, and removed by {@code cleanup} with its full — while the fulls still kept keep theirs.
 */
class ManifestRetentionCliTest {
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

    private static void ok(Result r) {
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void theManifestIsNoBackupIsNotArchivedAndGoesWithItsFull() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
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

                [retention]
                daily_days = 2
                weekly_weeks = 1

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), shop, dir.resolve("data/catalog.sqlite")));
        String cfg = config.toString();
        Path store = dir.resolve("store");

        ok(run("backup", "--config", cfg, "--now", "2026-11-23T02:00:00Z", "--quiet"));
        assertTrue(Files.isRegularFile(store.resolve("daily/2026-11-23/shop.manifest.gz")), "stored beside the full");
        ShopDatabase.mutate(shop);
        ok(run("backup", "--config", cfg, "--now", "2026-11-24T02:00:00Z", "--quiet"));
        assertTrue(Files.isRegularFile(store.resolve("daily/2026-11-24/shop.diff.sql.gz")));

        Result list = run("list", "--config", cfg);
        ok(list);
        assertFalse(list.out().contains("manifest"), "no backup: " + list.out());
        assertTrue(list.out().contains("daily/2026-11-23/shop.sql.gz"), list.out());

        Result weekly = run("weekly", "--config", cfg, "--week", "2026-W48", "--now", "2026-11-29T03:00:00Z");
        ok(weekly);
        List<String> members = new ArrayList<>();
        try (InputStream in = Files.newInputStream(store.resolve("weekly/2026-W48.tar.gz"));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                members.add(e.getName());
            }
        }
        assertTrue(members.stream().anyMatch(m -> m.endsWith("2026-11-23/shop.sql")), members.toString());
        assertTrue(members.stream().anyMatch(m -> m.endsWith("2026-11-24/shop.diff.sql")), members.toString());
        assertTrue(members.size() == 3 && members.contains("manifest.json"),
                "the archive restores the week without the row manifests: " + members);
        assertFalse(weekly.out().contains("shop.manifest"), weekly.out());

        ok(run("backup", "--config", cfg, "--now", "2026-11-30T02:00:00Z", "--quiet"));
        ShopDatabase.exec(shop, "UPDATE customers SET name = name || '?' WHERE id % 4 = 0");
        ok(run("backup", "--config", cfg, "--now", "2026-12-01T02:00:00Z", "--quiet"));
        assertTrue(Files.isRegularFile(store.resolve("daily/2026-11-30/shop.manifest.gz")));

        Result cleanup = run("cleanup", "--config", cfg, "--now", "2026-12-02T03:00:00Z");
        ok(cleanup);
        assertTrue(cleanup.out().contains("REMOVE  daily/2026-11-23/shop.sql.gz"), cleanup.out());
        assertFalse(cleanup.out().contains("manifest"), "the plan is of backups: " + cleanup.out());
        assertFalse(Files.exists(store.resolve("daily/2026-11-23/shop.sql.gz")));
        assertFalse(Files.exists(store.resolve("daily/2026-11-23/shop.manifest.gz")), "removed with its full");
        assertTrue(Files.isRegularFile(store.resolve("daily/2026-11-30/shop.manifest.gz")),
                "a kept full keeps its manifest");

        Result verify = run("verify", "--config", cfg, "--date", "2026-12-01");
        ok(verify);
        assertTrue(verify.out().contains("1 ok, 0 failed"), verify.out());
        Result after = run("list", "--config", cfg, "--deleted");
        ok(after);
        assertFalse(after.out().contains("manifest"), after.out());

        // a manifest whose full is deleted but which stayed (its delete failed): the next cleanup with removals
        // sweeps it; the kept full's manifest stays
        Files.createDirectories(store.resolve("daily/2026-11-23"));
        Files.copy(store.resolve("daily/2026-11-30/shop.manifest.gz"),
                store.resolve("daily/2026-11-23/shop.manifest.gz"));
        ShopDatabase.exec(shop, "UPDATE customers SET name = name || '#' WHERE id % 6 = 0");
        ok(run("backup", "--config", cfg, "--now", "2026-12-02T02:00:00Z", "--quiet"));
        ok(run("backup", "--config", cfg, "--now", "2026-12-03T02:00:00Z", "--quiet"));
        Result second = run("cleanup", "--config", cfg, "--now", "2026-12-04T03:00:00Z");
        ok(second);
        assertTrue(second.out().contains("REMOVE  daily/2026-12-02/shop.diff.sql.gz"), second.out());
        assertFalse(Files.exists(store.resolve("daily/2026-11-23/shop.manifest.gz")), "swept");
        assertTrue(Files.isRegularFile(store.resolve("daily/2026-11-30/shop.manifest.gz")));
    }
}
