package dev.grove.patina.backup;

import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.TestRuns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.alert.Notifier;
import dev.grove.patina.alert.WebhookNotifier;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.util.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nightly over real SQLite files, a real local-folder store, a real catalog and a real webhook server. */
class BackupServiceTest {
    static final Instant NIGHT = Instant.parse("2026-11-28T02:00:00Z");

    @TempDir
    Path dir;

    private DemoWorkspace demo;
    private BackupStore store;
    private Catalog catalog;
    private HttpServer webhook;
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.fixed(NIGHT, ZoneOffset.UTC);
    private final ObjectKeys keys = new ObjectKeys("");

    @BeforeEach
    void setUp() throws Exception {
        demo = new DemoWorkspace(dir.resolve("demo"));
        demo.create();
        store = new LocalFolderStore(dir.resolve("store"));
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterEach
    void tearDown() {
        webhook.stop(0);
        catalog.close();
    }

    private Notifier notifier() {
        Secret url = new Secret("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook", "test");
        return new WebhookNotifier(url, AlertFormat.GENERIC, false,
                WebhookNotifier.newHttpClient(dev.grove.patina.alert.DeliveryPolicy.defaults()), clock);
    }

    private BackupService service(List<DatabaseSource> sources, Compression compression, int concurrency) {
        return service(sources, compression, concurrency, store);
    }

    private BackupService service(List<DatabaseSource> sources, Compression compression, int concurrency,
                                  BackupStore store) {
        return new BackupService(sources, store, keys, catalog, new SqlDumpWriter(clock, "test"),
                new BackupSettings(compression, ZoneId.of("UTC"), concurrency, DumpDialect.D1, "test"),
                new DatabaseLocks(), Redactor.none(), clock);
    }

    private List<DatabaseSource> demoSources() {
        List<DatabaseSource> sources = new ArrayList<>();
        for (String name : DemoWorkspace.DATABASES) {
            sources.add(new SqliteFileSource(name, demo.database(name)));
        }
        return sources;
    }

    @Test
    void oneFailingDatabaseNeverStopsTheOthersAndIsNamedInOneAlert() throws Exception {
        List<DatabaseSource> sources = demoSources();
        sources.add(new SqliteFileSource("missing", dir.resolve("nope.sqlite")));
        Path corrupt = Files.writeString(dir.resolve("corrupt.sqlite"), "SQLite format 3\0 but then garbage "
                .repeat(300));
        sources.add(new SqliteFileSource("corrupt", corrupt));

        // through the run service, the one place that alerts (the clock stands at NIGHT)
        RunReport report = TestRuns.nightly(service(sources, Compression.GZIP, 3), catalog, notifier(), clock,
                RunTrigger.MANUAL, Set.of());

        assertEquals(RunStatus.PARTIAL, report.status());
        assertEquals(8, report.databases().size());
        assertEquals(Set.of("missing", "corrupt"), Set.copyOf(report.failures().stream()
                .map(DatabaseOutcome::database).toList()));
        DatabaseOutcome missing = report.databases().stream().filter(d -> d.database().equals("missing"))
                .findFirst().orElseThrow();
        assertTrue(missing.error().contains("missing") && missing.error().contains("does not exist"),
                missing.error());
        for (String name : DemoWorkspace.DATABASES) {
            String key = "daily/2026-11-28/" + name + ".sql.gz";
            assertTrue(store.head(key).isPresent(), key);
            StoredObject o = catalog.object(key).orElseThrow();
            assertEquals(store.head(key).get().size(), o.size());
            assertEquals(o.sha256(), store.head(key).get().metadata().get(ObjectMetadata.SHA256));
        }
        assertEquals(1, alerts.size(), "exactly one alert for the run");
        JsonNode alert = new ObjectMapper().readTree(alerts.get(0));
        assertEquals("partial", alert.get("status").asText());
        String failed = alert.get("databases").toString();
        assertTrue(failed.contains("missing") && failed.contains("corrupt"), failed);
        assertEquals(RunStatus.PARTIAL, catalog.run(report.runId()).orElseThrow().status());
    }

    @Test
    void aStoreThatConfirmsAnotherSizeThanWasWrittenFailsTheDatabaseAndTheCatalogKeepsNoRecordOfIt()
            throws Exception {
        FaultyStore lying = new FaultyStore(store);
        lying.confirmPut = info -> info.key().contains("shop")
                ? new ObjectInfo(info.key(), info.size() - 1, info.lastModified(), info.metadata()) : info;

        RunReport report = TestRuns.nightly(service(demoSources(), Compression.GZIP, 3, lying), catalog, notifier(),
                clock, RunTrigger.MANUAL, Set.of("shop", "notes"));

        assertEquals(RunStatus.PARTIAL, report.status());
        String key = "daily/2026-11-28/shop.sql.gz";
        DatabaseOutcome shop = report.databases().stream().filter(d -> d.database().equals("shop")).findFirst()
                .orElseThrow();
        assertEquals(RunStatus.FAILED, shop.status());
        long written = store.head(key).orElseThrow().size();
        assertTrue(shop.error().contains(key) && shop.error().contains("confirmed " + (written - 1) + " bytes")
                && shop.error().contains("wrote " + written) && shop.error().contains("damaged"), shop.error());
        assertEquals(Optional.empty(), catalog.object(key), "a damaged upload is not recorded as a backup");
        StoredObject notes = catalog.object("daily/2026-11-28/notes.sql.gz").orElseThrow();
        assertEquals(store.head(notes.key()).orElseThrow().size(), notes.size(), "the honest one is recorded");
        assertEquals(1, alerts.size(), "the failure alerts");
        assertTrue(alerts.get(0).contains("shop"), alerts.get(0));
    }

    @Test
    void aStoreThatConfirmsAnotherChecksumThanWasWrittenFailsTheDatabase() throws Exception {
        FaultyStore lying = new FaultyStore(store);
        lying.confirmPut = info -> {
            Map<String, String> altered = new java.util.HashMap<>(info.metadata());
            altered.put(ObjectMetadata.SHA256, "0".repeat(64));
            return new ObjectInfo(info.key(), info.size(), info.lastModified(), altered);
        };

        RunReport report = service(demoSources(), Compression.NONE, 1, lying).runNightly(NIGHT, "test",
                Set.of("notes"), BackupProgress.NONE);

        assertEquals(RunStatus.FAILED, report.status());
        String key = "daily/2026-11-28/notes.sql";
        String error = report.databases().get(0).error();
        assertTrue(error.contains(key) && error.contains("0".repeat(64)) && error.contains("damaged"), error);
        assertEquals(Optional.empty(), catalog.object(key));
    }

    @Test
    void aStoredBackupRestoresToTheSameDatabase() throws Exception {
        RunReport report = service(demoSources(), Compression.ZSTD, 3).runNightly(NIGHT, "test", Set.of("shop"),
                BackupProgress.NONE);
        assertEquals(RunStatus.OK, report.status());
        Path downloaded = dir.resolve("shop.sql");
        DownloadService downloads = new DownloadService(store, keys, catalog, clock);
        downloads.download(downloads.locate(LocalDate.of(2026, 11, 28), "shop"), downloaded, true, n -> { });
        assertTrue(Files.readString(downloaded).startsWith("-- Patina SQL dump"), "decompressed SQL");
        Path restored = dir.resolve("shop-restored.sqlite");
        new Restorer(clock).restore(downloaded, restored, RestoreOptions.all(), RestoreProgress.NONE);
        DatabaseComparator.assertSameDatabase(demo.database("shop"), restored);
    }

    @Test
    void aSecondRunOfTheSameDateReplacesItsObject() throws Exception {
        BackupService service = service(demoSources(), Compression.NONE, 2);
        service.runNightly(NIGHT, "test", Set.of("notes"), BackupProgress.NONE);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + demo.database("notes"));
             var s = c.createStatement()) {
            s.execute("INSERT INTO notes (title, body, updated_at) VALUES ('late', 'added after the first run', "
                    + "'2026-11-28T03:00:00Z')");
        }
        service.runNightly(NIGHT.plusSeconds(3600), "test", Set.of("notes"), BackupProgress.NONE);
        assertEquals(1, store.list("daily/2026-11-28/").size());
        var page = catalog.findObjects(ObjectQuery.firstPage(10).withDatabase("notes"));
        assertEquals(1, page.total(), "no duplicate catalog rows");
        assertEquals(1201L, page.items().get(0).rowCounts().get("notes"));
        assertTrue(Files.readString(dir.resolve("store/daily/2026-11-28/notes.sql")).contains("added after"));
    }

    @Test
    void atMostConcurrencyDatabasesAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        service(demoSources(), Compression.GZIP, 3).runNightly(NIGHT, "test", Set.of(), new BackupProgress() {
            @Override
            public void started(String database) {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(100); // hold the slot so the others overlap
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void finished(DatabaseOutcome outcome) {
                running.decrementAndGet();
            }
        });
        assertEquals(3, peak.get());
    }

    @Test
    void verifyReportsAFlippedBitAndAMissingObjectByKey() throws Exception {
        service(demoSources(), Compression.NONE, 3).runNightly(NIGHT, "test", Set.of(), BackupProgress.NONE);
        Path notes = dir.resolve("store/daily/2026-11-28/notes.sql");
        byte[] bytes = Files.readAllBytes(notes);
        bytes[bytes.length / 2] ^= 0x04;
        Files.write(notes, bytes);
        store.delete("daily/2026-11-28/jobs.sql");

        VerifyService verifier = new VerifyService(new DownloadService(store, keys, catalog, clock),
                new Restorer(clock), catalog, clock, dir.resolve("verify-tmp"));
        List<StoredObject> all = catalog.findObjects(ObjectQuery.firstPage(100)).items();
        List<VerifyService.Verdict> results = verifier.verify(all, r -> { });

        VerifyService.Verdict flipped = results.stream().filter(r -> r.database().equals("notes")).findFirst()
                .orElseThrow();
        assertEquals(VerifyService.Finding.CHECKSUM_MISMATCH, flipped.outcome());
        assertTrue(flipped.detail().contains("daily/2026-11-28/notes.sql"), flipped.detail());
        assertEquals(VerifyService.Finding.MISSING, results.stream().filter(r -> r.database().equals("jobs"))
                .findFirst().orElseThrow().outcome());
        assertEquals(4, results.stream().filter(VerifyService.Verdict::ok).count());
        assertNotNull(catalog.object("daily/2026-11-28/shop.sql").orElseThrow().verifiedAt());
        assertEquals(null, catalog.object("daily/2026-11-28/notes.sql").orElseThrow().verifiedAt());
        try (var files = Files.list(dir.resolve("verify-tmp"))) {
            assertEquals(0, files.count(), "verify leaves no temp files");
        }
    }

    @Test
    void aDamagedDownloadLeavesNoFile() throws Exception {
        service(demoSources(), Compression.GZIP, 3).runNightly(NIGHT, "test", Set.of("jobs"), BackupProgress.NONE);
        Path stored = dir.resolve("store/daily/2026-11-28/jobs.sql.gz");
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length - 20] ^= 0x01;
        Files.write(stored, bytes);
        DownloadService downloads = new DownloadService(store, keys, catalog, clock);
        Path out = dir.resolve("jobs.sql");
        IOException e = assertThrows(IOException.class, () -> downloads.download(
                downloads.locate(LocalDate.of(2026, 11, 28), "jobs"), out, false, n -> { }));
        assertTrue(e.getMessage().contains("daily/2026-11-28/jobs.sql.gz") && e.getMessage().contains("damaged"),
                e.getMessage());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("patina-download")));
        }
    }
}
