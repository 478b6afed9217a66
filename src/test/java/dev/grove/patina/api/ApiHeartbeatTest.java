package dev.grove.patina.api;

import dev.grove.patina.run.TestRuns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.run.RunWork;
import dev.grove.patina.schedule.SchedulerService;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat pings only while healthy. */
class ApiHeartbeatTest {
    @TempDir
    Path dir;

    @Test
    void pingsOnlyWhenHealthy() throws Exception {
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)");
        }
        Path file = dir.resolve("patina.toml");
        Files.writeString(file, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), db, dir.resolve("data/catalog.sqlite")));
        PatinaConfig config = new ConfigLoader(Map.<String, String>of()::get, dir.resolve("data"),
                name -> Optional.empty()).load(file);
        AtomicInteger hits = new AtomicInteger();
        HttpServer monitor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        monitor.createContext("/ping/abc", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        monitor.start();
        ApiServerTest.ApiClock clock = new ApiServerTest.ApiClock("2026-03-02T09:00:00Z");
        try (PatinaRuntime rt = PatinaRuntime.open(config, new Services(clock));
             SchedulerService scheduler = TestRuns.scheduler(rt.config().schedule(), Map.of(
                     RunKind.NIGHTLY, RunWork.unavailable("t"), RunKind.WEEKLY, RunWork.unavailable("t"),
                     RunKind.CLEANUP, RunWork.unavailable("t")), rt.catalog(), clock)) {
            scheduler.start();
            HeartbeatPinger pinger = new HeartbeatPinger(new HealthCheck(rt, scheduler), URI.create(
                    "http://127.0.0.1:" + monitor.getAddress().getPort() + "/ping/abc"), HttpClient.newHttpClient(),
                    clock);
            assertEquals(HeartbeatPinger.Result.SKIPPED_UNHEALTHY, pinger.pingOnce());
            assertEquals(0, hits.get());
            rt.backups().runNightly(clock.instant(), "cli", Set.of(), BackupProgress.NONE);
            assertEquals(HeartbeatPinger.Result.PINGED, pinger.pingOnce());
            assertEquals(1, hits.get());
            // a cluster node whose turn it is not (another node sends the cluster's heartbeat) stays silent
            java.util.concurrent.atomic.AtomicBoolean turn = new java.util.concurrent.atomic.AtomicBoolean();
            HeartbeatPinger otherNode = new HeartbeatPinger(new HealthCheck(rt, scheduler), URI.create(
                    "http://127.0.0.1:" + monitor.getAddress().getPort() + "/ping/abc"), HttpClient.newHttpClient(),
                    clock, turn::get);
            assertEquals(HeartbeatPinger.Result.NOT_THIS_NODE, otherNode.pingOnce());
            assertEquals(1, hits.get(), "no ping from a node whose turn it is not");
            turn.set(true);
            assertEquals(HeartbeatPinger.Result.PINGED, otherNode.pingOnce());
            assertEquals(2, hits.get());
            monitor.stop(0);
            assertEquals(HeartbeatPinger.Result.FAILED, pinger.pingOnce());
        } finally {
            monitor.stop(0);
        }
    }
}
