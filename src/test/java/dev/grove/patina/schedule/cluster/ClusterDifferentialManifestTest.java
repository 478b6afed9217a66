package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.catalog.LogLine;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.ShopDatabase;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.testing.DatabaseComparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A differential database backed up by different nodes of one cluster on consecutive nights (ADR 0030): two runtimes
 * with their own data folders on one real PostgreSQL catalog and one store; the node that did not write the week's
 * full fetches its row manifest from the store and writes a differential, which restores the night exactly.
 */
@Tag("cluster")
class ClusterDifferentialManifestTest {
    @TempDir
    Path dir;

    private ClusterPostgres pg;
    private PatinaRuntime a;
    private PatinaRuntime b;

    @AfterEach
    void close() throws Exception {
        for (PatinaRuntime rt : new PatinaRuntime[] {a, b}) {
            if (rt != null) {
                rt.close();
            }
        }
        if (pg != null) {
            pg.close();
        }
    }

    private PatinaRuntime node(String name, Path shop) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Path file = Files.writeString(home.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"
                strategy = "differential"

                [compression]
                daily = "zstd"

                [catalog]
                path = "%s"

                %s""".formatted(dir.resolve("store"), shop, home.resolve("data/catalog.sqlite"),
                pg.clusterTable(name)));
        PatinaConfig config = new ConfigLoader(Map.of(ClusterPostgres.PASSWORD_ENV, pg.password())::get,
                home.resolve("data"), n -> Optional.empty()).load(file);
        return PatinaRuntime.open(config, new Services(Clock.systemUTC()));
    }

    private static String night(PatinaRuntime rt, String day) {
        RunReport r = rt.backups().runNightly(Instant.parse(day + "T02:00:00Z"), "cli", Set.of(),
                BackupProgress.NONE);
        assertEquals(RunStatus.OK, r.status(), r.databases().toString());
        return r.databases().get(0).objectKey();
    }

    private static String log(PatinaRuntime rt) {
        return rt.catalog().recentRuns(1).stream().flatMap(run -> rt.catalog().runLog(run.id()).stream())
                .map(LogLine::message).collect(Collectors.joining("\n"));
    }

    @Test
    void theNodeThatDidNotWriteTheFullFetchesItsManifestAndWritesADifferential() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        a = node("node-a", shop);
        b = node("node-b", shop);

        assertEquals("daily/2026-11-23/shop.sql.zst", night(a, "2026-11-23"));
        assertTrue(Files.isRegularFile(dir.resolve("store/daily/2026-11-23/shop.manifest.zst")));
        assertFalse(Files.exists(dir.resolve("node-b/data/manifests/shop.manifest")), "node B has no manifest yet");

        ShopDatabase.mutate(shop);
        Path tuesday = Files.copy(shop, dir.resolve("tuesday.db"));
        assertEquals("daily/2026-11-24/shop.diff.sql.zst", night(b, "2026-11-24"), log(b));
        assertTrue(log(b).contains("fetched the row manifest daily/2026-11-23/shop.manifest.zst"), log(b));
        assertTrue(Files.isRegularFile(dir.resolve("node-b/data/manifests/shop.manifest")), "cached on node B");

        ShopDatabase.exec(shop, "UPDATE customers SET name = name || '!' WHERE id % 5 = 0");
        assertEquals("daily/2026-11-25/shop.diff.sql.zst", night(a, "2026-11-25"), log(a));

        for (String[] day : new String[][] {{"2026-11-24", tuesday.toString()}, {"2026-11-25", shop.toString()}}) {
            DownloadService downloads = b.downloads();
            Path dump = dir.resolve(day[0] + ".sql");
            downloads.download(downloads.locate(LocalDate.parse(day[0]), "shop"), dump,
                    DownloadService.Form.DECRYPTED, false, List.of(), n -> { });
            Path restored = dir.resolve(day[0] + ".db");
            new Restorer(Clock.systemUTC()).restore(dump, restored, RestoreOptions.all(), RestoreProgress.NONE);
            DatabaseComparator.assertSameDatabase(Path.of(day[1]), restored);
        }
    }
}
