package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.api.ApiServer;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.LogLine;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.run.DatabaseProgress;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunningJob;
import dev.grove.patina.run.TriggerResult;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.source.d1.FakeD1Server;
import dev.grove.patina.store.s3.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster nightly's parts (issue 17, ADR 0036) on a real PostgreSQL, one node in this JVM (S3Proxy as the store, a
 * D1 database behind a gate that holds its part as long as the test wants): the firing node's live view shows each
 * part queued or running on its node; a cancel removes the queued parts, records "cancelled" for the running one,
 * which learns it from the shared catalog (the cancel never touches the part's thread: it runs on the parts
 * scheduler, as on another node) and stops; and a database name longer than Quartz's 200-character job names fans
 * out.
 */
@Tag("cluster")
class ClusterPartsTest {
    @TempDir
    Path dir;

    private ClusterPostgres pg;
    private S3ProxyServer s3;
    private PatinaRuntime rt;
    private SchedulerService scheduler;

    @BeforeEach
    void open() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        s3 = new S3ProxyServer();
    }

    @AfterEach
    void close() throws Exception {
        if (scheduler != null) {
            scheduler.shutdown(Duration.ofSeconds(5));
        }
        if (rt != null) {
            rt.close();
        }
        s3.close();
        pg.close();
    }

    private String sqlite(String name) throws Exception {
        Path file = dir.resolve("db-" + Integer.toHexString(name.hashCode()) + ".sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO items (name) VALUES ('a'), ('b'), ('c')");
        }
        return """
                [[databases]]
                name = "%s"
                type = "sqlite"
                path = "%s"
                """.formatted(name, file);
    }

    /** This node: the cluster's catalog, its parts scheduler taking one part at a time. */
    private void startNode(String databases) throws Exception {
        Path file = Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "s3"
                endpoint = "%s"
                bucket = "%s"
                access_key_id = "%s"
                secret_access_key = "env:PATINA_TEST_SECRET"

                %s
                [schedule]
                nightly = "0 0 3 * * ?"
                cleanup = "0 0 4 * * ?"
                timezone = "UTC"
                concurrency = 1

                [catalog]
                path = "%s"

                %s""".formatted(s3.endpoint(), s3.newBucket(), S3ProxyServer.ACCESS_KEY, databases,
                dir.resolve("data/catalog.sqlite"), pg.clusterTable("node-a")));
        PatinaConfig config = new ConfigLoader(Map.of(ClusterPostgres.PASSWORD_ENV, pg.password(),
                "PATINA_TEST_SECRET", S3ProxyServer.SECRET_KEY, "PATINA_D1_TOKEN", "tok-d1-test")::get,
                dir.resolve("data"), name -> Optional.empty()).load(file);
        rt = PatinaRuntime.open(config, new Services(Clock.systemUTC()));
        scheduler = SchedulerService.clustered(config.schedule(), rt.runs(), rt.catalog(), Clock.systemUTC(),
                config.cluster().orElseThrow(), rt.backups(), rt.clusterParts().orElseThrow());
        scheduler.start();
    }

    private static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + max + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    private long count(String sql) {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RunSummary nightly() {
        List<RunSummary> runs = rt.catalog().runsOn(RunKind.NIGHTLY, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    @Test
    void aCancelStopsTheRunningPartThroughTheCatalogAndTheLiveViewShowsEachPartsState() throws Exception {
        Path d1File = dir.resolve("edge-d1.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + d1File); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            s.execute("INSERT INTO notes (body) VALUES ('one'), ('two')");
        }
        try (FakeD1Server d1 = new FakeD1Server(d1File, "acc0123", "db-7f3c", "tok-d1-test");
             D1Gate gate = new D1Gate(d1.apiBase())) {
            startNode("""
                    [[databases]]
                    name = "edge"
                    type = "d1"
                    account_id = "acc0123"
                    database_id = "db-7f3c"
                    api_token = "env:PATINA_D1_TOKEN"
                    api_base = "%s"
                    """.formatted(gate.apiBase()) + sqlite("shop") + sqlite("blog"));
            TriggerResult started = rt.runs().submit(RunOrder.nightly("manual", Set.of()));
            assertNotNull(started.ticket(), started.toString());
            await("the edge part waiting at the D1 gate", Duration.ofSeconds(20), () -> !gate.arrivals().isEmpty());

            // the live view of the node that fired the run: edge runs on node-a, the others wait in the queue
            // (or, had they been taken first, are done)
            await("the live view shows edge running on node-a", Duration.ofSeconds(5), () -> progress("edge")
                    .filter(p -> "node-a".equals(p.node()) && !p.queued()).isPresent());
            for (String db : List.of("shop", "blog")) {
                DatabaseProgress p = progress(db).orElseThrow(() -> new AssertionError(db + " not in the live view: "
                        + rt.runs().running()));
                assertTrue(p.queued() || p.status() == RunStatus.OK, p.toString());
            }
            // the API's live view of this node (GET /status, "running") says the same
            try (ApiServer api = new ApiServer(rt, rt.runs(), scheduler, new ApiConfig(true, "127.0.0.1", 0,
                    Optional.empty()), Clock.systemUTC())
                    .start()) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + api.port() + "/status")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode running = new ObjectMapper().readTree(r.body()).path("running");
                assertEquals(1, running.size(), r.body());
                Map<String, JsonNode> states = new java.util.HashMap<>();
                running.get(0).path("databases").forEach(d -> states.put(d.path("database").asText(), d));
                assertEquals("running", states.get("edge").path("state").asText(), r.body());
                assertEquals("node-a", states.get("edge").path("node").asText(), r.body());
                for (String db : List.of("shop", "blog")) {
                    assertTrue(Set.of("queued", "ok").contains(states.get(db).path("state").asText()), r.body());
                }
            }

            assertTrue(rt.runs().cancel(started.ticket()).isPresent());
            String runId = nightly().id();
            await("the run ended", Duration.ofSeconds(10), () -> nightly().status() != RunStatus.RUNNING);
            Instant ended = Instant.now();
            // the part running on the node learns of the cancel from the catalog and stops (the gate still holds it)
            await("the running part stopped", Duration.ofSeconds(5), () -> count("SELECT count(*) FROM "
                    + ClusterDatabase.SCHEMA + ".qrtz_fired_triggers WHERE job_group LIKE 'nightly-%'") == 0);
            System.out.println("cancelled part stopped " + Duration.between(ended, Instant.now()).toMillis()
                    + " ms after its run ended");
            assertEquals(0, count("SELECT count(*) FROM " + ClusterDatabase.SCHEMA + ".qrtz_job_details WHERE "
                    + "job_group LIKE 'nightly-%'"), "no part of the cancelled run left in the queue");
            gate.open();
            Thread.sleep(1500); // a part that had not stopped would now finish and try to record

            RunSummary run = nightly();
            assertEquals(RunStatus.INTERRUPTED, run.status());
            Map<String, DatabaseOutcome> outcomes = new java.util.HashMap<>();
            run.databases().forEach(o -> outcomes.put(o.database(), o));
            assertEquals(Set.of("edge", "shop", "blog"), outcomes.keySet(), run.toString());
            assertEquals("cancelled while it ran on node node-a (it stops there)", outcomes.get("edge").error());
            long queuedCancelled = outcomes.values().stream().filter(o -> o.status() != RunStatus.OK).count() - 1;
            outcomes.values().stream().filter(o -> !o.database().equals("edge") && o.status() != RunStatus.OK)
                    .forEach(o -> assertEquals("cancelled before it started (removed from the cluster's queue)",
                            o.error()));
            List<String> log = rt.catalog().runLog(runId).stream().map(LogLine::message).toList();
            assertTrue(log.contains("cancelled: " + (queuedCancelled + 1) + " part(s) (" + queuedCancelled
                    + " removed from the queue, 1 stopped on their nodes)"), log.toString());
            assertFalse(log.stream().anyMatch(l -> l.startsWith("edge: ran")), log.toString());
            assertTrue(log.contains("edge: its part ended failed on node node-a after its run had ended: its outcome "
                    + "is not recorded in the run"), "the stopped part says so, recording no outcome: " + log);
            assertTrue(rt.catalog().latestDaily("edge").isEmpty(), "the stopped part stored nothing");
            assertTrue(s3.completedUploads().keySet().stream().noneMatch(k -> k.contains("edge")),
                    s3.completedUploads().toString());
        }
    }

    private Optional<DatabaseProgress> progress(String db) {
        return rt.runs().running().stream().filter(j -> j.kind() == RunKind.NIGHTLY).findFirst()
                .map(RunningJob::databases).flatMap(ds -> ds.stream().filter(p -> p.database().equals(db))
                        .findFirst());
    }

    @Test
    void aDatabaseNameLongerThanQuartzJobNamesFansOut() throws Exception {
        String longName = "a".repeat(200) + "-" + "b".repeat(49);
        assertEquals(250, longName.length());
        String twin = "a".repeat(200) + "-" + "c".repeat(49); // the same first 120 characters: its job name differs
        startNode(sqlite(longName) + sqlite(twin) + sqlite("shop"));
        RunReport report = rt.backups().runNightly(Instant.now(), "manual", Set.of(), BackupProgress.NONE);
        assertEquals(RunStatus.OK, report.status(), report.toString());
        assertEquals(3, report.databases().size());
        assertTrue(rt.catalog().latestDaily(longName).isPresent());
        assertTrue(rt.catalog().latestDaily(twin).isPresent());
        assertTrue(rt.catalog().runLog(report.runId()).stream().anyMatch(l -> l.message().equals(longName
                + ": ran on node node-a")));
    }
}
