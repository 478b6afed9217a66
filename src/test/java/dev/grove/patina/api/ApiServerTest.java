package dev.grove.patina.api;

import dev.grove.patina.run.TestRuns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.run.RunWork;
import dev.grove.patina.run.WorkResult;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.run.WorkRequest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP, a real runtime (local store, catalog) and a small SQLite database. */
class ApiServerTest {
    static final String TOKEN = "tok-3f9a-very-secret-value";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    /** Every body the server sent: none may carry the token. */
    private final List<String> bodies = new ArrayList<>();
    private ApiClock clock;
    private PatinaRuntime rt;
    private String base;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        for (String b : bodies) {
            assertFalse(b.contains(TOKEN), "a response carried the token: " + b);
        }
    }

    private PatinaRuntime runtime(String extraToml) throws Exception {
        Path file = ApiWorkspace.write(dir, extraToml, "", "a", "b", "c");
        PatinaConfig config = ApiWorkspace.load(dir, file, TOKEN);
        clock = new ApiClock("2026-03-02T09:00:00Z");
        rt = PatinaRuntime.open(config, new Services(clock));
        closing.add(rt);
        return rt;
    }

    private void serve(SchedulerService scheduler) throws Exception {
        ApiConfig api = new ApiConfig(true, "127.0.0.1", 0, rt.config().api().token());
        ApiServer server = new ApiServer(rt, scheduler == null ? rt.runs() : scheduler.runs(), scheduler, api, clock)
                .start();
        closing.add(server);
        base = "http://127.0.0.1:" + server.port();
    }

    /** A scheduler whose runs all report "unavailable": it runs, but never backs anything up by itself. */
    private SchedulerService idleScheduler() {
        Map<RunKind, RunWork> works = Map.of(RunKind.NIGHTLY, RunWork.unavailable("test"),
                RunKind.WEEKLY, RunWork.unavailable("test"), RunKind.CLEANUP, RunWork.unavailable("test"));
        SchedulerService s = TestRuns.scheduler(rt.config().schedule(), works, rt.catalog(), clock);
        closing.add(s);
        s.start();
        return s;
    }

    private RunReport backup() {
        RunReport r = rt.backups().runNightly(clock.instant(), "cli", Set.of(), BackupProgress.NONE);
        assertEquals(RunStatus.OK, r.status(), r.toString());
        return r;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        bodies.add(r.body());
        return r;
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        bodies.add(r.body());
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                r.headers().toString());
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String mentions) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertTrue(body.get("error").asText().contains(mentions), r.body());
        assertFalse(r.body().contains("\tat ") || r.body().contains("Exception\n"), "no stack trace: " + r.body());
    }

    private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};

    @Test
    void statusAndMetricsSayHowFarEachReplicaIsBehind() throws Exception {
        runtime("\n[[replicas]]\nname = \"usb\"\ntype = \"local\"\npath = \"" + dir.resolve("usb") + "\"\n");
        serve(null);
        backup(); // straight through the backup service: nothing copied yet

        JsonNode behind = json(get("/status")).get("replicas").get(0);
        assertEquals("usb", behind.get("name").asText());
        assertFalse(behind.get("inSync").asBoolean());
        assertEquals(1, behind.get("behind").asLong());
        {
            String metrics = get("/metrics").body();
            // Micrometer writes gauges as floats (1.0): a scraper reads the same number
            assertTrue(java.util.regex.Pattern.compile("(?m)^patina_replica_behind\\{replica=\"usb\"\\} 1(\\.0)?$")
                    .matcher(metrics).find(), metrics);
        }

        assertEquals(0, rt.replicaSync().sync().get(0).behind());
        JsonNode inSync = json(get("/status")).get("replicas").get(0);
        assertTrue(inSync.get("inSync").asBoolean(), inSync.toString());
        assertEquals(0, inSync.get("behind").asLong());
        {
            String metrics = get("/metrics").body();
            // Micrometer writes gauges as floats (1.0): a scraper reads the same number
            assertTrue(java.util.regex.Pattern.compile("(?m)^patina_replica_behind\\{replica=\"usb\"\\} 0(\\.0)?$")
                    .matcher(metrics).find(), metrics);
        }
    }

    @Test
    void infoStatusAndUnknownThings() throws Exception {
        runtime("");
        serve(idleScheduler());
        backup();

        JsonNode info = json(get("/"));
        assertEquals("patina", info.get("name").asText());
        assertFalse(info.get("version").asText().isBlank());
        assertEquals("shop", info.get("databases").get(0).get("name").asText());
        assertTrue(info.get("endpoints").has("download"));

        HttpResponse<String> st = get("/status");
        assertEquals(200, st.statusCode());
        JsonNode status = json(st);
        assertTrue(status.get("healthy").asBoolean(), st.body());
        assertTrue(status.get("schedulerRunning").asBoolean());
        JsonNode shop = status.get("databases").get(0);
        assertEquals("shop", shop.get("database").asText());
        StoredObject good = rt.catalog().latestGood("shop").orElseThrow();
        assertEquals(good.key(), shop.get("lastGood").get("key").asText());
        assertEquals(good.size(), shop.get("lastGood").get("size").asLong());
        assertEquals(0.0, shop.get("lastGood").get("ageHours").asDouble());
        assertEquals("2026-03-02T09:00:00Z", shop.get("lastGood").get("createdAt").asText());
        assertEquals("ok", status.get("recentRuns").get(0).get("status").asText());
        // a stand-alone process records no node (ADR 0034)
        assertTrue(status.get("recentRuns").get(0).get("node").isNull(), st.body());
        assertFalse(status.get("recentRuns").get(0).get("recovered").asBoolean(), st.body());
        assertTrue(status.get("recentRuns").get(0).get("databases").get(0).get("node").isNull(), st.body());
        assertTrue(status.get("nextRuns").has("nightly"), st.body());

        assertError(get("/nope"), 404, "no such endpoint");
        assertError(get("/status/extra"), 404, "no such endpoint");
        HttpResponse<String> wrong = post("/status", "{}");
        assertError(wrong, 405, "not allowed");
        assertEquals("GET", wrong.headers().firstValue("Allow").orElse(""));
        assertError(get("/trigger"), 405, "not allowed");
        assertError(post("/download/2026-03-02/shop", "", AUTH), 405, "not allowed");
    }

    @Test
    void healthFlipsFrom503To200AfterABackupAndBackWhenItGrowsStale() throws Exception {
        runtime("");
        serve(idleScheduler());
        HttpResponse<String> before = get("/health");
        assertEquals(503, before.statusCode());
        JsonNode body = json(before);
        assertEquals("unhealthy", body.get("status").asText());
        assertTrue(body.get("reasons").get(0).asText().contains("shop: no good backup"), before.body());

        backup();
        HttpResponse<String> after = get("/health");
        assertEquals(200, after.statusCode(), after.body());
        assertEquals("ok", json(after).get("status").asText());

        clock.advance(Duration.ofHours(27));
        HttpResponse<String> stale = get("/health");
        assertEquals(503, stale.statusCode());
        assertTrue(stale.body().contains("older") || stale.body().contains("h old"), stale.body());
    }

    @Test
    void healthIsUnhealthyWhenTheNewestBackupWasFoundDamaged() throws Exception {
        runtime("");
        serve(idleScheduler());
        backup();
        assertEquals(200, get("/health").statusCode());
        String key = rt.catalog().latestGood("shop").orElseThrow().key();
        assertTrue(rt.catalog().markDamaged(key, clock.instant(), "checksum mismatch"));
        HttpResponse<String> r = get("/health");
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("shop: the newest backup " + key + " is damaged: checksum mismatch"), r.body());
    }

    @Test
    void healthIsUnhealthyWithoutASchedulerButTriggerStillRuns() throws Exception {
        runtime("");
        serve(null);
        backup();
        HttpResponse<String> r = get("/health");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("scheduler"), r.body());
        // was 503 "the scheduler is not running": /trigger now orders from the run service, scheduler or not
        HttpResponse<String> t = post("/trigger", "{\"kind\":\"nightly\"}", AUTH);
        assertEquals(202, t.statusCode(), t.body());
        assertEquals("started", json(t).get("outcome").asText());
    }

    @Test
    void listFiltersAndValidatesItsParameters() throws Exception {
        runtime("");
        serve(null);
        backup();
        JsonNode all = json(get("/list"));
        assertEquals(1, all.get("total").asLong());
        JsonNode item = all.get("items").get(0);
        assertEquals("shop", item.get("database").asText());
        assertEquals("daily", item.get("kind").asText());
        assertEquals("2026-03-02", item.get("date").asText());
        assertEquals(3, item.get("rowCounts").get("items").asLong());
        assertTrue(item.has("node") && item.get("node").isNull(), "no node on a stand-alone catalog: " + item);

        assertEquals(1, json(get("/list?db=shop&kind=daily&since=2026-03-01&limit=5")).get("total").asLong());
        assertEquals(0, json(get("/list?db=other")).get("total").asLong());
        assertEquals(0, json(get("/list?kind=weekly")).get("total").asLong());
        assertEquals(0, json(get("/list?since=2026-03-03")).get("total").asLong());

        assertError(get("/list?kind=hourly"), 400, "kind");
        assertError(get("/list?since=2026-13-01"), 400, "since");
        assertError(get("/list?since=yesterday"), 400, "since");
        assertError(get("/list?limit=0"), 400, "limit");
        assertError(get("/list?limit=10001"), 400, "limit");
        assertError(get("/list?limit=ten"), 400, "limit");
        assertEquals(200, get("/list?limit=10000").statusCode());
    }

    @Test
    void downloadStreamsTheVerifiedDecompressedDumpAndRefusesADamagedOne() throws Exception {
        runtime("");
        serve(null);
        backup();
        StoredObject good = rt.catalog().latestGood("shop").orElseThrow();
        Path stored = dir.resolve("store").resolve(good.key());
        assertTrue(Files.isRegularFile(stored), stored.toString());
        byte[] expected;
        try (InputStream in = Compression.decompressing(Files.newInputStream(stored))) {
            expected = in.readAllBytes();
        }
        assertTrue(new String(expected, java.nio.charset.StandardCharsets.UTF_8).contains("CREATE TABLE"));

        assertError(get("/download/2026-03-02/shop"), 401, "missing bearer token");
        assertError(get("/download/2026-03-02/shop", "Authorization", "Bearer wrong"), 401, "wrong bearer token");
        assertError(get("/download/2026-03-02/shop", "Authorization", "Basic " + TOKEN), 401, "bearer");
        assertError(get("/download/2026-03-01/shop", AUTH), 404, "no backup of shop for 2026-03-01");
        assertError(get("/download/2026-02-30/shop", AUTH), 400, "date");
        assertError(get("/download/2026-03-02", AUTH), 404, "no such endpoint");

        HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/download/2026-03-02/shop"))
                .headers(AUTH).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, ok.statusCode());
        assertTrue(java.util.Arrays.equals(expected, ok.body()), "the body is the decompressed daily");
        assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("application/sql"));
        assertEquals("attachment; filename=\"shop-2026-03-02.sql\"",
                ok.headers().firstValue("Content-Disposition").orElse(""));

        byte[] raw = Files.readAllBytes(stored);
        raw[raw.length / 2] ^= 0x01;
        Files.write(stored, raw);
        HttpResponse<String> damaged = get("/download/2026-03-02/shop", AUTH);
        assertNotEquals(200, damaged.statusCode(), damaged.body());
        assertTrue(damaged.statusCode() >= 500, damaged.body());
        assertTrue(json(damaged).has("error"), damaged.body());
        assertFalse(damaged.body().contains("CREATE TABLE"), "no half body");
        try (var files = Files.list(dir.resolve("data/tmp"))) {
            assertEquals(0, files.count(), "no temp file left behind");
        }
    }

    @Test
    void triggerNeedsTheTokenAndValidatesItsBody() throws Exception {
        runtime("");
        serve(idleScheduler());
        assertError(post("/trigger", "{\"kind\":\"nightly\"}"), 401, "missing bearer token");
        assertError(post("/trigger", "{\"kind\":\"nightly\"}", "Authorization", "Bearer " + TOKEN + "x"), 401,
                "wrong");
        assertError(post("/trigger", "{\"kind\":\"hourly\"}", AUTH), 400, "kind");
        assertError(post("/trigger", "{\"kind\":\"verify\",\"db\":\"nope\"}", AUTH), 400, "nope");
        assertError(post("/trigger", "{\"kind\":\"verify\",\"date\":\"yesterday\"}", AUTH), 400, "date");
        assertError(post("/trigger", "{\"kind\":\"verify\",\"date\":20260302}", AUTH), 400, "date");
        assertError(post("/trigger", "{\"kind\":\"verify\",\"store\":\"attic\"}", AUTH), 400, "attic");
        assertError(post("/trigger", "{\"kind\":\"verify\",\"decrypt\":\"yes\"}", AUTH), 400, "decrypt");
        assertError(post("/trigger", "{\"kind\":\"nightly\",\"date\":\"2026-03-02\"}", AUTH), 400, "date");
        assertError(post("/trigger", "{}", AUTH), 400, "kind");
        assertError(post("/trigger", "not json", AUTH), 400, "JSON");
        assertError(post("/trigger", "[1]", AUTH), 400, "object");
        assertError(post("/trigger", "{\"kind\":\"nightly\",\"db\":\"nope\"}", AUTH), 400, "nope");
        assertError(post("/trigger", "{\"kind\":\"weekly\",\"db\":\"shop\"}", AUTH), 400, "db");
        // this scheduler's works are all unavailable: refused, not accepted
        HttpResponse<String> unavailable = post("/trigger", "{\"kind\":\"weekly\"}", AUTH);
        assertEquals(409, unavailable.statusCode(), unavailable.body());
        assertFalse(json(unavailable).get("accepted").asBoolean());
    }

    @Test
    void triggerStartsQueuesThenRefusesAMergedRun() throws Exception {
        runtime("");
        CountDownLatch release = new CountDownLatch(1);
        RunWork blocking = new RunWork() {
            @Override
            public WorkResult run(WorkRequest request, BackupProgress progress) throws Exception {
                release.await(30, TimeUnit.SECONDS);
                return new WorkResult.ReportedRun(new RunReport("r-" + System.nanoTime(), RunKind.NIGHTLY,
                        request.trigger(), LocalDate.of(2026, 3, 2), request.now(), request.now(), RunStatus.OK,
                        List.of()));
            }
        };
        SchedulerService s = TestRuns.scheduler(rt.config().schedule(), Map.of(RunKind.NIGHTLY, blocking,
                RunKind.WEEKLY, RunWork.unavailable("test"), RunKind.CLEANUP, RunWork.unavailable("t")),
                rt.catalog(), clock);
        closing.add(s);
        closing.add(release::countDown); // closed before the scheduler: the blocked run ends
        s.start();
        serve(s);
        List<String> outcomes = new ArrayList<>();
        HttpResponse<String> r;
        do {
            r = post("/trigger", "{\"kind\":\"nightly\"}", AUTH);
            JsonNode body = json(r);
            outcomes.add(body.get("outcome").asText());
            if (r.statusCode() == 202) {
                assertTrue(body.get("accepted").asBoolean());
                assertFalse(body.get("ticket").asText().isBlank());
            }
        } while (r.statusCode() == 202 && outcomes.size() < 4);
        assertEquals(409, r.statusCode(), outcomes.toString());
        assertEquals("merged", outcomes.get(outcomes.size() - 1));
        assertTrue(json(r).get("error").asText().contains("already queued"));
        assertEquals("queued", outcomes.get(outcomes.size() - 2), outcomes.toString());
    }

    @Test
    void triggerOfOneDatabaseRunsAManualNightlyOfItAlone() throws Exception {
        runtime("");
        serve(null);
        HttpResponse<String> r = post("/trigger", "{\"kind\":\"nightly\",\"db\":\"shop\"}", AUTH);
        assertEquals(202, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals("started", body.get("outcome").asText());
        assertEquals("shop", body.get("db").asText());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (rt.catalog().latestGood("shop").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50); // the backup runs on the API's thread: the catalog is where it shows
        }
        assertTrue(rt.catalog().latestGood("shop").isPresent());
        assertEquals("api", rt.catalog().lastRun(RunKind.NIGHTLY).orElseThrow().trigger());
    }

    @Test
    void restoreGuideNamesTheRealLatestBackup() throws Exception {
        runtime("");
        serve(null);
        backup();
        HttpResponse<String> r = get("/restore-guide/shop");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/markdown"));
        String key = rt.catalog().latestGood("shop").orElseThrow().key();
        assertTrue(r.body().contains(key), r.body());
        assertTrue(r.body().contains("patina download 2026-03-02 shop -o shop-2026-03-02.sql --decompress"));
        assertTrue(r.body().contains("patina restore shop-2026-03-02.sql shop-restored.sqlite"));
        assertFalse(r.body().contains("wrangler"), "not a D1 database");
        assertError(get("/restore-guide/nope"), 404, "nope");
    }

    @Test
    void restoreGuideOfAD1DatabaseTellsWranglerAndTimeTravel() throws Exception {
        runtime("""
                [[databases]]
                name = "edge"
                type = "d1"
                account_id = "acc123"
                database_id = "db-456"
                api_token = "env:PATINA_TEST_API_TOKEN"
                """);
        serve(null);
        String md = get("/restore-guide/edge").body();
        assertTrue(md.contains("No good backup"), md);
        assertTrue(md.contains("wrangler d1 execute <d1-name> --remote --file edge-YYYY-MM-DD.sql"), md);
        assertTrue(md.contains("patina import-d1 edge-YYYY-MM-DD.sql --db edge --confirm edge"), md);
        assertTrue(md.contains("wrangler d1 time-travel restore"), md);
        assertTrue(md.contains("30 days"), md);
    }

    /** A sample line of the text format 0.0.4: name, labels, and a Go-style float (as Micrometer writes it). */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\""
                    + "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\")*\\})? "
                    + "(-?[0-9]+(?:\\.[0-9]+)?(?:E[-+]?[0-9]+)?|NaN|[-+]Inf)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)");

    /**
     * Checks {@code body} is valid Prometheus text (every sample after its family's TYPE) and returns each series'
     * value as a scraper reads it: {@code 1}, {@code 1.0} and {@code 1E0} are the same number.
     */
    private static Map<String, Double> scrape(String body) {
        Set<String> typed = new HashSet<>();
        Map<String, Double> samples = new java.util.HashMap<>();
        for (String line : body.split("\n")) {
            var c = COMMENT.matcher(line);
            if (c.matches()) {
                if (c.group(1).equals("TYPE")) {
                    assertTrue(Set.of("gauge", "counter", "summary", "histogram", "untyped").contains(c.group(3)),
                            line);
                    typed.add(c.group(2));
                }
                continue;
            }
            var s = SAMPLE.matcher(line);
            assertTrue(s.matches(), "not a sample line: '" + line + "'");
            String family = s.group(1).replaceFirst("_(count|sum|bucket)$", "");
            assertTrue(typed.contains(s.group(1)) || typed.contains(family), "a sample before its TYPE: " + line);
            samples.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(s.group(3)
                    .replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        }
        assertTrue(body.endsWith("\n"));
        return samples;
    }

    @Test
    void metricsAreValidPrometheusText() throws Exception {
        runtime("");
        serve(idleScheduler());
        backup();
        Files.delete(dir.resolve("shop.sqlite"));
        clock.advance(Duration.ofHours(1)); // the frozen clock would give both runs the same start
        RunReport failed = rt.backups().runNightly(clock.instant(), "cli", Set.of(), BackupProgress.NONE);
        assertEquals(RunStatus.FAILED, failed.status());

        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = scrape(r.body());
        assertEquals(1.0, samples.get("patina_up"));
        assertEquals(1.0, samples.get("patina_scheduler_running"));
        StoredObject good = rt.catalog().latestGood("shop").orElseThrow();
        assertEquals((double) good.createdAt().getEpochSecond(),
                samples.get("patina_last_success_timestamp_seconds{db=\"shop\"}"));
        assertEquals(1.0, samples.get("patina_backup_failures_total{db=\"shop\"}"));
        // the last nightly failed: no bytes of it, but its duration
        assertFalse(samples.containsKey("patina_backup_bytes{db=\"shop\"}"), r.body());
        assertTrue(samples.containsKey("patina_backup_duration_seconds{db=\"shop\"}"), r.body());
        // the JVM's own metrics come with Micrometer
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), r.body());
        assertTrue(samples.get("jvm_threads_live_threads") > 0, r.body());
    }

    @Test
    void metricsCarryTheLastNightlysBytes() throws Exception {
        runtime("");
        serve(null);
        RunReport ok = backup();
        Map<String, Double> samples = scrape(get("/metrics").body());
        assertEquals((double) ok.databases().get(0).bytes(), samples.get("patina_backup_bytes{db=\"shop\"}"));
        assertEquals(0.0, samples.get("patina_backup_failures_total{db=\"shop\"}"));
        assertEquals(0.0, samples.get("patina_scheduler_running"));
    }

    @Test
    void statusAndMetricsSayWhenEachDatabaseWasLastProvenRestorable() throws Exception {
        runtime("");
        serve(null);
        backup();
        JsonNode never = json(get("/status")).get("databases").get(0).get("lastProven");
        assertTrue(never.get("overdue").asBoolean(), never.toString());
        assertTrue(never.get("verifiedAt").isNull(), never.toString());
        assertTrue(never.get("line").asText().startsWith("never proven restorable"), never.toString());
        assertEquals(1.0, scrape(get("/metrics").body()).get("patina_proof_overdue{db=\"shop\"}"));

        // a test restore of the latest backup (patina verify) proves it
        var verdicts = rt.verifier().verify(List.of(rt.catalog().latestDaily("shop").orElseThrow()), r -> { });
        assertTrue(verdicts.get(0).ok(), verdicts.toString());
        JsonNode proven = json(get("/status")).get("databases").get(0).get("lastProven");
        assertFalse(proven.get("overdue").asBoolean(), proven.toString());
        assertTrue(proven.get("checksPassed").asInt() >= 3, proven.toString());
        assertTrue(proven.get("line").asText().startsWith("last proven restorable "), proven.toString());
        Map<String, Double> samples = scrape(get("/metrics").body());
        assertEquals(0.0, samples.get("patina_proof_overdue{db=\"shop\"}"));
        assertEquals(Instant.parse(proven.get("verifiedAt").asText()).toEpochMilli() / 1000.0,
                samples.get("patina_last_proven_timestamp_seconds{db=\"shop\"}"), 0.001);
    }

    @Test
    void anExceptionIsA500WithOneLineAndNoStackTrace() throws Exception {
        runtime("");
        serve(null);
        rt.catalog().close();
        HttpResponse<String> r = get("/status");
        assertEquals(500, r.statusCode());
        String error = json(r).get("error").asText();
        assertFalse(error.contains("\n"), error);
        assertFalse(r.body().contains("dev.grove.patina.catalog.Catalog."), r.body());
    }

    @Test
    void withoutAConfiguredTokenProtectedEndpointsAreRefused() throws Exception {
        runtime("");
        ApiServer server = new ApiServer(rt, rt.runs(), null, new ApiConfig(false, "127.0.0.1", 0, Optional.empty()),
                clock).start();
        closing.add(server);
        base = "http://127.0.0.1:" + server.port();
        assertError(get("/download/2026-03-02/shop", "Authorization", "Bearer "), 401, "no api.token");
        assertError(post("/trigger", "{\"kind\":\"nightly\"}", "Authorization", "Bearer x"), 401, "no api.token");
    }

    /** A clock the test moves by hand. */
    static final class ApiClock extends java.time.Clock {
        private volatile Instant now;

        ApiClock(String instant) {
            now = Instant.parse(instant);
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
