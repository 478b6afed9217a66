package dev.grove.patina.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunFollower;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunScope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a passing test restore ordered from the run queue (the schedule's road, and the CLI's, the console's and a
 * daemon hand-off's), the web dashboard's history shows the backup verified, and its status the proof — read over
 * real HTTP from a real runtime.
 */
class DashboardVerifiedTest {
    private static final String TOKEN = "tok-dashboard-verified-5b2d";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(String base, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void theHistoryShowsTheLatestBackupVerifiedAfterAQueuedTestRestore() throws Exception {
        ApiServerTest.ApiClock clock = new ApiServerTest.ApiClock("2026-03-02T02:00:00Z");
        try (PatinaRuntime rt = PatinaRuntime.open(ApiWorkspace.load(dir, ApiWorkspace.write(dir, "", "", "a", "b"),
                TOKEN), new Services(clock));
             ApiServer server = new ApiServer(rt, rt.runs(), null, new ApiConfig(true, "127.0.0.1", 0,
                     rt.config().api().token()), clock).start()) {
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(RunStatus.OK, rt.backups().runNightly(clock.instant(), "cli", Set.of(), BackupProgress.NONE)
                    .status());
            JsonNode before = get(base, "/dashboard/history?db=shop").get("items").get(0);
            assertTrue(before.get("verifiedAt").isNull(), before.toString());

            clock.advance(Duration.ofHours(2));
            RunFollower.Followed f = new RunFollower(rt.runs()).submitAndFollow(RunOrder.verify(RunTrigger.CLI,
                    new RunScope.VerifyScope(Set.of(), false, before.get("date").isTextual()
                            ? java.time.LocalDate.parse(before.get("date").asText()) : null, null)),
                    e -> { }, Duration.ofMinutes(2));
            assertEquals(RunStatus.OK, f.result().orElseThrow(() -> new AssertionError(String.valueOf(f.end())))
                    .report().status());
            assertEquals(RunKind.VERIFY, f.result().orElseThrow().report().kind());

            JsonNode after = get(base, "/dashboard/history?db=shop").get("items").get(0);
            assertEquals(before.get("key"), after.get("key"));
            assertEquals(clock.instant().toString(), after.get("verifiedAt").asText(), after.toString());
            assertEquals(1, get(base, "/dashboard/history?db=shop&status=verified").get("total").asInt());
            JsonNode proven = get(base, "/status").get("databases").get(0).get("lastProven");
            assertEquals(clock.instant().toString(), proven.get("verifiedAt").asText(), proven.toString());
        }
    }

    @Test
    void aVerifyOrderedOverPostTriggerRunsTheTestRestoreAndShowsItsProof() throws Exception {
        ApiServerTest.ApiClock clock = new ApiServerTest.ApiClock("2026-03-02T02:00:00Z");
        try (PatinaRuntime rt = PatinaRuntime.open(ApiWorkspace.load(dir, ApiWorkspace.write(dir, "", "", "a", "b"),
                TOKEN), new Services(clock));
             ApiServer server = new ApiServer(rt, rt.runs(), null, new ApiConfig(true, "127.0.0.1", 0,
                     rt.config().api().token()), clock).start()) {
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(RunStatus.OK, rt.backups().runNightly(clock.instant(), "cli", Set.of(), BackupProgress.NONE)
                    .status());
            clock.advance(Duration.ofHours(2));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/trigger"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"verify\",\"db\":\"shop\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, r.statusCode(), r.body());
            JsonNode answer = JSON.readTree(r.body());
            assertEquals("verify", answer.get("kind").asText());
            assertEquals("shop", answer.get("db").asText());

            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (rt.catalog().lastRun(RunKind.VERIFY).map(v -> v.endedAt() == null).orElse(true)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50); // the test restore runs on the run service's thread: the catalog is where it shows
            }
            var run = rt.catalog().lastRun(RunKind.VERIFY).orElseThrow(() -> new AssertionError("no verify run"));
            assertEquals("api", run.trigger());
            assertEquals(RunStatus.OK, run.status());
            JsonNode shop = null;
            for (JsonNode d : get(base, "/status").get("databases")) {
                if (d.get("database").asText().equals("shop")) {
                    shop = d;
                }
            }
            assertTrue(shop != null && shop.get("lastProven").hasNonNull("verifiedAt"), String.valueOf(shop));
            assertEquals(clock.instant().toString(), shop.get("lastProven").get("verifiedAt").asText());
            // the order named shop alone: the other database has no proof
            for (JsonNode d : get(base, "/status").get("databases")) {
                if (!d.get("database").asText().equals("shop")) {
                    assertTrue(d.path("lastProven").isNull() || d.path("lastProven").isMissingNode()
                            || d.path("lastProven").path("verifiedAt").isNull(), d.toString());
                }
            }
        }
    }
}
