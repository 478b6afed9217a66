package dev.grove.patina.app;

import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.TestRuns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.PatinaVersion;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.alert.WebhookNotifier;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.BackupSettings;
import dev.grove.patina.backup.DatabaseLocks;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.s3.FaultyTcpProxy;
import dev.grove.patina.store.s3.RetryPolicy;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.store.s3.S3Store;
import dev.grove.patina.util.Sleeper;
import dev.grove.patina.util.Secret;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY 11, as a whole run: the store goes down once the nightly has started (every connection to S3 reset),
 * each database's upload fails after its tries, 200 failed requests in a row in all — and the run ends cleanly as
 * FAILED in the catalog, with exactly one alert at a real webhook server naming the databases; when the store is back,
 * the next run works (and, failures-only alerts, sends nothing).
 */
class StoreOutageRunTest {
    private static final int DATABASES = 41;
    private static final int TRIES = 5; // 41 databases × 5 tries = 205 failed requests (the first on a dropped one)

    @TempDir
    Path dir;

    @Test
    void twoHundredS3FailuresInARowEndTheRunFailedWithOneAlertAndTheNextRunWorks() throws Exception {
        List<String> alerts = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean outage = new java.util.concurrent.atomic.AtomicBoolean(true);
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        Instant night = Instant.parse("2026-11-28T02:00:00Z");
        Clock clock = Clock.fixed(night, ZoneOffset.UTC);
        try (S3ProxyServer s3 = new S3ProxyServer(); FaultyTcpProxy proxy = new FaultyTcpProxy(s3.port());
             Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock)) {
            String bucket = s3.newBucket();
            S3Store store = new S3Store(s3.settings(bucket, "").withEndpoint(proxy.endpoint())
                    .withRetryPolicy(new RetryPolicy(TRIES, Duration.ofMillis(1), Duration.ofMillis(4))),
                    Sleeper.system());
            List<DatabaseSource> sources = new ArrayList<>();
            for (int i = 1; i <= DATABASES; i++) {
                Path file = dir.resolve("db" + i + ".sqlite");
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                     Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
                    s.execute("INSERT INTO t (v) VALUES ('row of db" + i + "')");
                }
                sources.add(new OutageOnOpen(new SqliteFileSource("db" + i, file), proxy, outage));
            }
            WebhookNotifier notifier = new WebhookNotifier(new Secret("http://127.0.0.1:" + webhook.getAddress()
                    .getPort() + "/hook", "env:TEST_HOOK"), AlertFormat.GENERIC, false,
                    WebhookNotifier.newHttpClient(dev.grove.patina.alert.DeliveryPolicy.defaults()), clock);
            BackupService backups = new BackupService(sources, store, new ObjectKeys(""), catalog,
                    new SqlDumpWriter(clock, PatinaVersion.get()), new BackupSettings(Compression.GZIP,
                    ZoneOffset.UTC, 3, DumpDialect.D1, PatinaVersion.get()), new DatabaseLocks(), new Redactor(
                    List.of()), clock);

            long start = System.nanoTime();
            // through the run service, the one place that alerts (the clock stands at night)
            RunReport failed = TestRuns.nightly(backups, catalog, notifier, clock, RunTrigger.MANUAL, Set.of());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(proxy.refused() >= 200, "refused " + proxy.refused());
            assertEquals(RunStatus.FAILED, failed.status());
            assertEquals(DATABASES, failed.failures().size());
            for (DatabaseOutcome o : failed.databases()) {
                assertTrue(o.error().contains("daily/2026-11-28/" + o.database() + ".sql.gz")
                        && o.error().contains(bucket) && o.error().contains("after " + TRIES + " attempts"), o.error());
            }
            assertEquals(RunStatus.FAILED, catalog.run(failed.runId()).orElseThrow().status());
            assertEquals(1, alerts.size(), "exactly one alert for the failed run: " + alerts);
            assertTrue(alerts.get(0).contains("\"status\":\"failed\"") && alerts.get(0).contains(failed.runId())
                    && alerts.get(0).contains("\"name\":\"db41\""), alerts.get(0));
            assertEquals(List.of(), s3.objectKeys(bucket), "nothing stored");
            assertEquals(List.of(), s3.unfinishedUploads(bucket), "no upload left open");
            assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "the failing run ended in " + took);

            // the store is back: the next run works, and a success sends no alert (failures only)
            outage.set(false);
            proxy.refuseAll(false);
            RunReport ok = TestRuns.nightly(backups, catalog, notifier, clock, RunTrigger.MANUAL, Set.of());
            assertEquals(RunStatus.OK, ok.status(), ok.failures().toString());
            assertEquals(DATABASES, s3.objectKeys(bucket).size());
            assertEquals(1, alerts.size(), alerts.toString());
            store.close();
        } finally {
            webhook.stop(0);
        }
    }

    /**
     * A real SQLite source whose opening starts the outage: so the run has passed its store check (which would
     * otherwise fail first and end the run before any upload) when every connection to S3 starts failing.
     */
    private static final class OutageOnOpen implements DatabaseSource {
        private final DatabaseSource real;
        private final FaultyTcpProxy proxy;
        private final java.util.concurrent.atomic.AtomicBoolean outage;

        OutageOnOpen(DatabaseSource real, FaultyTcpProxy proxy, java.util.concurrent.atomic.AtomicBoolean outage) {
            this.real = real;
            this.proxy = proxy;
            this.outage = outage;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public DumpSnapshot openSnapshot() {
            if (outage.get()) {
                proxy.refuseAll(true);
            }
            return real.openSnapshot();
        }
    }
}
