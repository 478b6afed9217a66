package dev.grove.patina.app;

import dev.grove.patina.run.RunFollower;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunTrigger;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.testing.LogCapture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured runtime end to end on a real S3 server (S3Proxy on 127.0.0.1): patina.toml with an env: secret →
 * nightly of real SQLite files → objects in the bucket under the prefix → catalog → verify by restoring. And
 * RELIABILITY 22: after a failing run with DEBUG logging, no secret is anywhere.
 */
class S3BackupEndToEndTest {
    static final Instant NIGHT = Instant.parse("2026-11-28T02:00:00Z");
    static final String WRONG_SECRET = "wrong-secret-that-must-not-leak-7c1d";
    static final String HOOK_TOKEN = "hook-token-that-must-not-leak-42aa";

    static S3ProxyServer s3;
    static HttpServer webhook;
    static final List<String> alerts = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start(@TempDir Path s3Dir) throws Exception {
        s3 = new S3ProxyServer(s3Dir);
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterAll
    static void stop() throws Exception {
        webhook.stop(0);
        s3.close();
    }

    private PatinaConfig config(String bucket, String secret) throws Exception {
        DemoWorkspace demo = new DemoWorkspace(dir.resolve("demo"));
        demo.create();
        StringBuilder toml = new StringBuilder("""
                [store]
                type = "s3"
                endpoint = "%s"
                bucket = "%s"
                access_key_id = "%s"
                secret_access_key = "env:PATINA_TEST_R2_SECRET"
                prefix = "grove/"

                [compression]
                daily = "zstd"

                [alerts]
                webhook_url = "env:PATINA_TEST_WEBHOOK"
                format = "slack"

                [catalog]
                path = "%s"
                """.formatted(s3.endpoint(), bucket, S3ProxyServer.ACCESS_KEY, dir.resolve("catalog.sqlite")));
        for (String name : List.of("shop", "accounts", "analytics")) {
            toml.append("\n[[databases]]\nname = \"").append(name).append("\"\ntype = \"sqlite\"\npath = \"")
                    .append(demo.database(name)).append("\"\n");
        }
        Path file = dir.resolve("patina.toml");
        Files.writeString(file, toml);
        Map<String, String> env = Map.of("PATINA_TEST_R2_SECRET", secret, "PATINA_TEST_WEBHOOK",
                "http://127.0.0.1:" + webhook.getAddress().getPort() + "/services/" + HOOK_TOKEN);
        return new ConfigLoader(env::get, dir, name -> Optional.empty()).load(file);
    }

    private static Services services() {
        return new Services(Clock.fixed(NIGHT, ZoneOffset.UTC));
    }

    @Test
    void backsUpToS3UnderThePrefixAndVerifiesByRestoring() throws Exception {
        String bucket = s3.newBucket();
        try (PatinaRuntime rt = PatinaRuntime.open(config(bucket, S3ProxyServer.SECRET_KEY), services())) {
            RunReport report = rt.backups().runNightly(NIGHT, "test", Set.of(), BackupProgress.NONE);
            assertEquals(RunStatus.OK, report.status(), report.toString());
            List<ObjectInfo> objects = rt.store().list("grove/daily/2026-11-28/");
            assertEquals(List.of("grove/daily/2026-11-28/accounts.sql.zst", "grove/daily/2026-11-28/analytics.sql.zst",
                    "grove/daily/2026-11-28/shop.sql.zst"), objects.stream().map(ObjectInfo::key).toList());
            for (ObjectInfo o : objects) {
                StoredObject recorded = rt.catalog().object(o.key()).orElseThrow();
                assertEquals(recorded.sha256(), rt.store().head(o.key()).orElseThrow().metadata()
                        .get("patina-sha256"), o.key());
                assertEquals(recorded.size(), o.size());
            }
            List<StoredObject> stored = rt.catalog().findObjects(ObjectQuery.firstPage(10)).items();
            List<VerifyService.Verdict> results = rt.verifier().verify(stored, r -> { });
            assertEquals(3, results.stream().filter(VerifyService.Verdict::ok).count(), results.toString());
        }
    }

    @Test
    void aFailingRunLeavesNoSecretInLogsCatalogAlertsOrErrors() throws Exception {
        String bucket = s3.newBucket();
        alerts.clear();
        RunReport report;
        String logs;
        try (LogCapture capture = new LogCapture();
             PatinaRuntime rt = PatinaRuntime.open(config(bucket, WRONG_SECRET), services())) {
            // through the run service, the one place that alerts (the runtime's clock stands at NIGHT)
            report = new RunFollower(rt.runs()).submitAndFollow(RunOrder.of(RunKind.NIGHTLY, RunTrigger.CLI),
                    e -> { }, Duration.ofMinutes(2)).result().orElseThrow().report();
            logs = capture.everything();
            assertTrue(capture.messages(Level.WARN).stream().anyMatch(m -> m.contains("store is not usable")),
                    "the failure is logged: " + logs);
        }
        assertEquals(RunStatus.FAILED, report.status());
        for (DatabaseOutcome o : report.databases()) {
            // one cheap check before any dump: every database says why, and what to check
            assertTrue(o.error().startsWith("not backed up: ") && o.error().contains("403")
                    && o.error().contains("env:PATINA_TEST_R2_SECRET"), o.error());
        }
        assertEquals(1, alerts.size(), "one alert for the failed run");
        String catalogBytes = new String(Files.readAllBytes(dir.resolve("catalog.sqlite")),
                StandardCharsets.ISO_8859_1);
        String walBytes = Files.exists(dir.resolve("catalog.sqlite-wal"))
                ? new String(Files.readAllBytes(dir.resolve("catalog.sqlite-wal")), StandardCharsets.ISO_8859_1) : "";
        for (String secret : List.of(WRONG_SECRET, HOOK_TOKEN)) {
            assertFalse(logs.contains(secret), "logs hold " + secret);
            assertFalse(report.toString().contains(secret), "report holds " + secret);
            assertFalse(catalogBytes.contains(secret) || walBytes.contains(secret), "catalog holds " + secret);
            assertFalse(alerts.get(0).contains(secret), "alert holds " + secret);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith("patina.toml"))
                        .toList()) {
                    assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret),
                            f + " holds " + secret);
                }
            }
        }
    }
}
