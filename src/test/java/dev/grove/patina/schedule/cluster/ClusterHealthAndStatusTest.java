package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.api.ApiServer;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.testing.ChildPatina;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's {@code GET /health} and {@code patina status} in cluster mode (issue 17) on a real PostgreSQL: the nodes
 * Quartz has checked in, with their states; PostgreSQL not answering → health still answers, within its bound, and
 * says so. The backup they look at takes the cluster's database lock on its way.
 */
@Tag("cluster")
class ClusterHealthAndStatusTest {
    private static final String TOKEN_ENV = "PATINA_TEST_API_TOKEN";
    private static final String TOKEN = "tok-cluster-health-0123456789";

    @TempDir
    Path dir;

    private ClusterPostgres pg;
    private Path configFile;
    private PatinaRuntime rt;
    private ApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void node() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO items (name) VALUES ('a'), ('b')");
        }
        configFile = Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [catalog]
                path = "%s"

                [api]
                enabled = true
                token = "env:%s"

                %s""".formatted(dir.resolve("store"), db, dir.resolve("data/catalog.sqlite"), TOKEN_ENV,
                pg.clusterTable("node-a")));
        PatinaConfig config = new ConfigLoader(Map.of(TOKEN_ENV, TOKEN, ClusterPostgres.PASSWORD_ENV,
                pg.password())::get, dir.resolve("data"), name -> Optional.empty()).load(configFile);
        rt = PatinaRuntime.open(config, new Services(Clock.systemUTC()));
        assertEquals(RunStatus.OK, rt.backups().runNightly(Instant.now(), "cli", Set.of(), BackupProgress.NONE)
                .status());
        Instant now = Instant.now();
        pg.checkedIn("node-a", now.minusSeconds(2));
        pg.checkedIn("node-b", now.minus(Duration.ofMinutes(10)));
        server = new ApiServer(rt, rt.runs(), null, new ApiConfig(true, "127.0.0.1", 0, config.api().token()),
                Clock.systemUTC()).start();
    }

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
        if (rt != null) {
            rt.close();
        }
        pg.close();
    }


    private HttpResponse<String> health() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthSaysThisNodeAndTheClustersNodes() throws Exception {
        HttpResponse<String> r = health();
        JsonNode body = new ObjectMapper().readTree(r.body());
        // no scheduler runs in this process: unhealthy for that reason alone, as on the desktop
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("unhealthy", body.get("status").asText());
        assertEquals(1, body.get("reasons").size(), r.body());
        assertTrue(body.get("reasons").get(0).asText().contains("scheduler"), r.body());
        JsonNode cluster = body.get("cluster");
        assertEquals("node-a", cluster.get("node").asText());
        assertEquals("reachable", cluster.get("postgres").asText());
        assertEquals(2, cluster.get("nodes").size(), r.body());
        assertEquals("node-a", cluster.get("nodes").get(0).get("name").asText());
        assertEquals("alive", cluster.get("nodes").get(0).get("state").asText());
        assertTrue(cluster.get("nodes").get(0).get("self").asBoolean());
        assertEquals("node-b", cluster.get("nodes").get(1).get("name").asText());
        assertEquals("dead", cluster.get("nodes").get(1).get("state").asText());
        assertFalse(r.body().contains(pg.password()));
    }

    @Test
    void healthAnswersWithinItsBoundWhenPostgresDoesNotAndSaysSo() throws Exception {
        try (Connection blocker = pg.connect(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE " + ClusterDatabase.SCHEMA + ".qrtz_scheduler_state IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();
            HttpResponse<String> r = health();
            long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            blocker.rollback();
            JsonNode body = new ObjectMapper().readTree(r.body());
            assertTrue(took < 5_000, "answered in " + took + " ms");
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("unreachable", body.get("cluster").get("postgres").asText(), r.body());
            assertEquals("node-a", body.get("cluster").get("node").asText());
            assertTrue(body.get("reasons").toString().contains("the cluster's PostgreSQL at " + pg.hostPort()
                    + " is unreachable"), r.body());
            assertFalse(r.body().contains(pg.password()));
        }
    }

    @Test
    void statusListsTheNodesInTextAndJson() throws Exception {
        Map<String, String> env = Map.of(ClusterPostgres.PASSWORD_ENV, pg.password(), TOKEN_ENV, TOKEN,
                "PATINA_HOME", dir.resolve("home").toString());
        ChildPatina json = ChildPatina.run(dir.resolve("status-json"), env, 90, "status", "--config",
                configFile.toString(), "--json");
        assertEquals(0, json.exitCode(), json.output());
        JsonNode cluster = new ObjectMapper().readTree(json.stdout()).get("cluster");
        assertEquals("node-a", cluster.get("node").asText(), json.output());
        assertEquals("reachable", cluster.get("postgres").asText());
        assertEquals("alive", cluster.get("nodes").get(0).get("state").asText(), json.output());
        assertEquals("dead", cluster.get("nodes").get(1).get("state").asText(), json.output());

        ChildPatina text = ChildPatina.run(dir.resolve("status-text"), env, 90, "status", "--config",
                configFile.toString());
        assertEquals(0, text.exitCode(), text.output());
        String out = text.stdout();
        assertTrue(out.contains("cluster:  this node is node-a; 2 nodes checked in at " + pg.hostPort()), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("ok") && l.contains("node-a") && l.contains("(this node)")),
                out);
        assertTrue(out.lines().anyMatch(l -> l.contains("DEAD") && l.contains("node-b")), out);
        assertFalse(text.output().contains(pg.password()));
    }

    @Test
    void statusListAndTheDashboardNameTheNodeThatRanEachRunAndStoredEachBackup() throws Exception {
        // /status: the run and its database's part, both by node-a (ADR 0034)
        JsonNode status = new ObjectMapper().readTree(get("/status").body());
        JsonNode run = status.get("recentRuns").get(0);
        assertEquals("node-a", run.get("node").asText(), status.toString());
        assertFalse(run.get("recovered").asBoolean());
        assertEquals("node-a", run.get("databases").get(0).get("node").asText(), status.toString());
        assertFalse(run.get("databases").get(0).get("recovered").asBoolean());
        // /list and the dashboard's history: the node that stored the backup
        JsonNode list = new ObjectMapper().readTree(get("/list").body());
        assertEquals("node-a", list.get("items").get(0).get("node").asText(), list.toString());
        assertEquals("shop", list.get("items").get(0).get("database").asText());

        Map<String, String> env = Map.of(ClusterPostgres.PASSWORD_ENV, pg.password(), TOKEN_ENV, TOKEN,
                "PATINA_HOME", dir.resolve("home").toString());
        ChildPatina json = ChildPatina.run(dir.resolve("list-json"), env, 90, "list", "--config",
                configFile.toString(), "--json");
        assertEquals(0, json.exitCode(), json.output());
        assertEquals("node-a", new ObjectMapper().readTree(json.stdout()).get("objects").get(0).get("node").asText(),
                json.output());
        ChildPatina text = ChildPatina.run(dir.resolve("list-text"), env, 90, "list", "--config",
                configFile.toString());
        assertEquals(0, text.exitCode(), text.output());
        List<String> lines = text.stdout().lines().toList();
        assertTrue(lines.get(0).contains("  NODE  ") && lines.get(0).indexOf("NODE") < lines.get(0).indexOf("KEY"),
                text.stdout());
        assertTrue(lines.get(1).contains("  node-a  daily/"), text.stdout());
        ChildPatina last = ChildPatina.run(dir.resolve("status-last"), env, 90, "status", "--config",
                configFile.toString(), "--json");
        assertEquals(0, last.exitCode(), last.output());
        JsonNode doc = new ObjectMapper().readTree(last.stdout());
        assertEquals("node-a", doc.get("lastRun").get("node").asText(), last.output());
        assertEquals("node-a", doc.get("databases").get(0).get("lastNode").asText(), last.output());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    @Test
    void aBackupOnThisNodeWaitsWhileAnotherNodeBacksUpItsDatabase() throws Exception {
        try (ClusterDatabase other = ClusterDatabase.open(pg.clusterConfig("node-b"));
             PostgresDatabaseLocks nodeB = new PostgresDatabaseLocks(other, "node-b")) {
            dev.grove.patina.backup.NodeLocks.NodeLock shop = nodeB.tryTake("shop");
            assertTrue(shop != null, "node-b takes shop (node-a's earlier backup released it)");
            java.util.concurrent.CompletableFuture<RunStatus> run = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> rt.backups().runNightly(Instant.now(), "cli", Set.of(), BackupProgress.NONE).status());
            Thread.sleep(1_500);
            assertFalse(run.isDone(), "node-a's backup of shop must wait while node-b holds it");
            shop.close();
            assertEquals(RunStatus.OK, run.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
    }
}
