package dev.grove.patina.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.run.RunWork;
import dev.grove.patina.run.TestRuns;
import dev.grove.patina.schedule.SchedulerService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stale replica over real HTTP (issue 14 §2): {@code /health} answers 503 naming the replica when its last sync
 * failed or it lacks an object older than 26 h, {@code /status} says so per replica — and a replica merely behind by
 * the objects of the run in progress keeps {@code /health} at 200.
 */
class ReplicaHealthApiTest {
    private static final String TOKEN = "replica-health-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private ApiServerTest.ApiClock clock;
    private PatinaRuntime rt;
    private String base;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void aStaleReplicaIsUnhealthyAndTheRunInProgressIsNot() throws Exception {
        Path blocker = Files.writeString(dir.resolve("unmounted"), "a file where the replica's folder should be");
        Path file = ApiWorkspace.write(dir, "\n[[replicas]]\nname = \"nas\"\ntype = \"local\"\npath = \""
                + blocker.resolve("patina") + "\"\n", "", "a", "b");
        PatinaConfig config = ApiWorkspace.load(dir, file, TOKEN);
        clock = new ApiServerTest.ApiClock("2026-03-02T09:00:00Z");
        rt = PatinaRuntime.open(config, new Services(clock));
        closing.add(rt);
        serve(idleScheduler());

        backup(); // stored on the primary; the replica's copy comes after the run's work
        HttpResponse<String> during = get("/health");
        assertEquals(200, during.statusCode(), during.body());
        JsonNode nas = JSON.readTree(get("/status").body()).get("replicas").get(0);
        assertEquals(1, nas.get("behind").asLong());
        assertFalse(nas.get("stale").asBoolean(), "behind by the run in progress only: " + nas);

        clock.advance(Duration.ofHours(27));
        backup(); // the databases are fresh again; the replica still lacks yesterday's object
        HttpResponse<String> old = get("/health");
        assertEquals(503, old.statusCode(), old.body());
        assertEquals(List.of("replica nas: 2 object(s) still to copy, the oldest stored 27 h ago (more than 26 h)"),
                reasons(old));

        assertTrue(rt.replicaSync().sync().get(0).failed(), "the folder cannot be made");
        HttpResponse<String> failed = get("/health");
        assertEquals(503, failed.statusCode(), failed.body());
        assertEquals(1, reasons(failed).size(), failed.body());
        assertTrue(reasons(failed).get(0).startsWith("replica nas: the last sync failed, 2 object(s) still to copy (")
                && reasons(failed).get(0).contains("on replica nas failed"), failed.body());
        JsonNode status = JSON.readTree(get("/status").body());
        assertFalse(status.get("healthy").asBoolean());
        assertTrue(status.get("replicas").get(0).get("stale").asBoolean());
        assertEquals(reasons(failed).get(0), status.get("replicas").get(0).get("staleReason").asText());
        assertTrue(java.util.regex.Pattern.compile("(?m)^patina_replica_stale\\{replica=\"nas\"\\} 1(\\.0)?$")
                .matcher(get("/metrics").body()).find(), "the metric says so too");

        Files.delete(blocker); // the disk is back
        assertEquals(0, rt.replicaSync().sync().get(0).behind());
        HttpResponse<String> healthy = get("/health");
        assertEquals(200, healthy.statusCode(), healthy.body());
        assertEquals("ok", JSON.readTree(healthy.body()).get("status").asText());
        assertTrue(JSON.readTree(get("/status").body()).get("healthy").asBoolean());
        assertTrue(java.util.regex.Pattern.compile("(?m)^patina_replica_stale\\{replica=\"nas\"\\} 0(\\.0)?$")
                .matcher(get("/metrics").body()).find());
    }

    private static List<String> reasons(HttpResponse<String> r) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).get("reasons").forEach(n -> out.add(n.asText()));
        return out;
    }

    private void serve(SchedulerService scheduler) throws Exception {
        ApiConfig api = new ApiConfig(true, "127.0.0.1", 0, rt.config().api().token());
        ApiServer server = new ApiServer(rt, scheduler.runs(), scheduler, api, clock).start();
        closing.add(server);
        base = "http://127.0.0.1:" + server.port();
    }

    /** A running scheduler whose runs never back anything up by themselves. */
    private SchedulerService idleScheduler() {
        Map<RunKind, RunWork> works = Map.of(RunKind.NIGHTLY, RunWork.unavailable("test"),
                RunKind.WEEKLY, RunWork.unavailable("test"), RunKind.CLEANUP, RunWork.unavailable("test"));
        SchedulerService s = TestRuns.scheduler(rt.config().schedule(), works, rt.catalog(), clock);
        closing.add(s);
        s.start();
        return s;
    }

    private void backup() {
        RunReport r = rt.backups().runNightly(clock.instant(), "cli", Set.of(), BackupProgress.NONE);
        assertEquals(RunStatus.OK, r.status(), r.toString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
