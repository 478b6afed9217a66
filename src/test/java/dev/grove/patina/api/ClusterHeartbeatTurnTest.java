package dev.grove.patina.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.run.RunWork;
import dev.grove.patina.run.TestRuns;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.schedule.cluster.ClusterPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's heartbeat (issue 17, ADR 0026, 0036) on a real PostgreSQL: two nodes' runtimes share the cluster's
 * catalog; only the node holding the {@code PHBT} turn pings. When that node turns unhealthy (its scheduler paused)
 * while the other is fine, the turn passes and the cluster keeps pinging; with no healthy node it is silent.
 */
@Tag("cluster")
class ClusterHeartbeatTurnTest {
    @TempDir
    Path dir;

    private ClusterPostgres pg;
    private HttpServer monitor;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        monitor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        monitor.createContext("/ping/abc", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        monitor.start();
    }

    @AfterEach
    void close() throws Exception {
        monitor.stop(0);
        pg.close();
    }

    private PatinaRuntime node(String name, Path db) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Path file = Files.writeString(home.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [catalog]
                path = "%s"

                %s""".formatted(dir.resolve("store"), db, home.resolve("data/catalog.sqlite"),
                pg.clusterTable(name)));
        PatinaConfig config = new ConfigLoader(Map.of(ClusterPostgres.PASSWORD_ENV, pg.password())::get,
                home.resolve("data"), n -> Optional.empty()).load(file);
        return PatinaRuntime.open(config, new Services(Clock.systemUTC()));
    }

    private SchedulerService scheduler(PatinaRuntime rt) {
        SchedulerService s = TestRuns.scheduler(rt.config().schedule(), Map.of(RunKind.NIGHTLY,
                RunWork.unavailable("t"), RunKind.WEEKLY, RunWork.unavailable("t"), RunKind.CLEANUP,
                RunWork.unavailable("t")), rt.catalog(), Clock.systemUTC());
        s.start();
        return s;
    }

    private HeartbeatPinger pinger(PatinaRuntime rt, SchedulerService scheduler) {
        return new HeartbeatPinger(new HealthCheck(rt, scheduler), URI.create("http://127.0.0.1:"
                + monitor.getAddress().getPort() + "/ping/abc"), HttpClient.newHttpClient(), Clock.systemUTC(),
                rt.heartbeatTurn());
    }

    @Test
    void anUnhealthyHolderPassesTheTurnToAHealthyNodeAndNoHealthyNodeMeansSilence() throws Exception {
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)");
        }
        try (PatinaRuntime a = node("node-a", db); PatinaRuntime b = node("node-b", db);
             SchedulerService schedA = scheduler(a); SchedulerService schedB = scheduler(b)) {
            // a good backup in the shared catalog: both nodes are healthy
            a.backups().runNightly(Instant.now(), "cli", Set.of(), BackupProgress.NONE);
            HeartbeatPinger pingA = pinger(a, schedA);
            HeartbeatPinger pingB = pinger(b, schedB);
            assertEquals(HeartbeatPinger.Result.PINGED, pingA.pingOnce(), "node-a takes the turn");
            assertEquals(HeartbeatPinger.Result.NOT_THIS_NODE, pingB.pingOnce());
            assertEquals(1, hits.get());

            schedA.pause(); // node-a unhealthy, node-b fine
            assertEquals(HeartbeatPinger.Result.SKIPPED_UNHEALTHY, pingA.pingOnce());
            assertEquals(HeartbeatPinger.Result.PINGED, pingB.pingOnce(), "the turn passed to the healthy node");
            assertEquals(HeartbeatPinger.Result.SKIPPED_UNHEALTHY, pingA.pingOnce());
            assertEquals(HeartbeatPinger.Result.PINGED, pingB.pingOnce(), "and stays there");
            assertEquals(3, hits.get());

            schedB.pause(); // no healthy node: silence
            assertEquals(HeartbeatPinger.Result.SKIPPED_UNHEALTHY, pingB.pingOnce());
            assertEquals(HeartbeatPinger.Result.SKIPPED_UNHEALTHY, pingA.pingOnce());
            assertEquals(3, hits.get(), "a cluster with no healthy node sends no heartbeat");

            schedA.resume(); // node-a healthy again: it takes the free turn
            assertEquals(HeartbeatPinger.Result.PINGED, pingA.pingOnce());
            assertEquals(4, hits.get());
        }
    }
}
