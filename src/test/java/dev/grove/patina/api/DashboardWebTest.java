package dev.grove.patina.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.util.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web dashboard's session, CSRF, history, files and {@code GET /diff}, over real HTTP and a real runtime. */
class DashboardWebTest {
    static final String TOKEN = "tok-dashboard-7c1e-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private ApiServerTest.ApiClock clock;
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

    private void start() throws Exception {
        Path file = ApiWorkspace.write(dir, "", "", "a", "b", "c");
        PatinaConfig config = ApiWorkspace.load(dir, file, TOKEN);
        clock = new ApiServerTest.ApiClock("2026-03-02T09:00:00Z");
        rt = PatinaRuntime.open(config, new Services(clock));
        closing.add(rt);
        ApiServer server = new ApiServer(rt, rt.runs(), null, new ApiConfig(true, "127.0.0.1", 0,
                rt.config().api().token()), clock).start();
        closing.add(server);
        base = "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        bodies.add(r.body());
        r.headers().allValues("Set-Cookie").forEach(bodies::add);
        return r;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.toString());
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String mentions) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains(mentions), r.body());
    }

    /** Logs in; returns {cookie header value, csrf token}. */
    private String[] login() throws Exception {
        HttpResponse<String> r = send("POST", "/dashboard/login", "{\"token\":\"" + TOKEN + "\"}",
                "Content-Type", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new String[] {cookie, json(r).get("csrfToken").asText()};
    }

    @Test
    void loginKeepsTheTokenServerSideAndLogoutEndsTheSession() throws Exception {
        start();
        assertFalse(json(get("/dashboard/session")).get("loggedIn").asBoolean());
        assertError(send("POST", "/dashboard/login", "{\"token\":\"nope\"}", "Content-Type", "application/json"),
                401, "wrong token");
        assertError(send("POST", "/dashboard/login", "token=" + TOKEN, "Content-Type",
                "application/x-www-form-urlencoded"), 415, "application/json");
        assertError(send("POST", "/dashboard/login", "{}", "Content-Type", "application/json"), 400, "token");
        assertError(get("/dashboard/history"), 401, "bearer");

        HttpResponse<String> r = send("POST", "/dashboard/login", "{\"token\":\"" + TOKEN + "\"}",
                "Content-Type", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith(ApiAuth.COOKIE + "="), setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain HTTP on loopback: " + setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = json(r).get("csrfToken").asText();
        assertTrue(csrf.length() >= 40, csrf);
        assertFalse(cookie.contains(csrf), "the CSRF token is not the session id");

        JsonNode session = json(get("/dashboard/session", "Cookie", cookie));
        assertTrue(session.get("loggedIn").asBoolean());
        assertEquals(csrf, session.get("csrfToken").asText());
        assertEquals(200, get("/dashboard/history", "Cookie", cookie).statusCode());
        assertError(get("/dashboard/history", "Cookie", ApiAuth.COOKIE + "=forged"), 401, "bearer");

        assertError(send("POST", "/dashboard/logout", null, "Cookie", cookie), 403, "CSRF");
        assertEquals(200, get("/dashboard/history", "Cookie", cookie).statusCode(), "a refused logout keeps it");
        HttpResponse<String> out = send("POST", "/dashboard/logout", null, "Cookie", cookie, ApiAuth.CSRF_HEADER, csrf);
        assertEquals(200, out.statusCode(), out.body());
        assertTrue(out.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"), out.headers().toString());
        assertError(get("/dashboard/history", "Cookie", cookie), 401, "bearer");
        assertFalse(json(get("/dashboard/session", "Cookie", cookie)).get("loggedIn").asBoolean());
    }

    @Test
    void failedLoginsAreThrottledAndIdleSessionsExpire() throws Exception {
        start();
        for (int i = 0; i < WebSessions.MAX_FAILURES; i++) {
            assertError(send("POST", "/dashboard/login", "{\"token\":\"guess-" + i + "\"}", "Content-Type",
                    "application/json"), 401, "wrong token");
        }
        HttpResponse<String> refused = send("POST", "/dashboard/login", "{\"token\":\"" + TOKEN + "\"}",
                "Content-Type", "application/json");
        assertError(refused, 429, "too many failed logins");
        assertTrue(refused.headers().allValues("Set-Cookie").isEmpty(), "no session while throttled");
        assertEquals(200, get("/status").statusCode(), "the rest of the API is not throttled");
        clock.advance(WebSessions.FAILURE_WINDOW.plusSeconds(1));
        String[] s = login();
        clock.advance(WebSessions.IDLE.minusSeconds(1));
        assertEquals(200, get("/dashboard/history", "Cookie", s[0]).statusCode(), "a request renews the idle time");
        clock.advance(WebSessions.IDLE.minusSeconds(1));
        assertEquals(200, get("/dashboard/history", "Cookie", s[0]).statusCode());
        clock.advance(WebSessions.IDLE);
        assertError(get("/dashboard/history", "Cookie", s[0]), 401, "bearer");
    }

    @Test
    void aSessionNeedsItsCsrfTokenToTriggerButBearerClientsDoNot() throws Exception {
        start();
        String[] s = login();
        String body = "{\"kind\":\"nightly\"}";
        assertError(send("POST", "/trigger", body, "Cookie", s[0]), 403, "CSRF");
        assertError(send("POST", "/trigger", body, "Cookie", s[0], ApiAuth.CSRF_HEADER, s[1] + "x"), 403, "CSRF");
        assertTrue(rt.catalog().recentRuns(5).isEmpty(), "a refused trigger starts nothing");
        // a wrong bearer token is refused even with a live session cookie beside it
        assertError(send("POST", "/trigger", body, "Cookie", s[0], "Authorization", "Bearer wrong"), 401, "wrong");

        HttpResponse<String> ok = send("POST", "/trigger", body, "Cookie", s[0], ApiAuth.CSRF_HEADER, s[1]);
        assertEquals(202, ok.statusCode(), ok.body());
        assertEquals("started", json(ok).get("outcome").asText());
        waitForGoodBackup();
        assertEquals("api", rt.catalog().recentRuns(1).get(0).trigger());

        HttpResponse<String> bearer = send("POST", "/trigger", body, "Authorization", "Bearer " + TOKEN);
        assertEquals(202, bearer.statusCode(), bearer.body());
    }

    private void waitForGoodBackup() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (rt.catalog().latestGood("shop").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(rt.catalog().latestGood("shop").isPresent());
    }

    @Test
    void historyIsFilteredAndPagedByTheCatalog() throws Exception {
        start();
        List<StoredObject> objects = new ArrayList<>();
        LocalDate day = LocalDate.of(2026, 3, 1);
        Instant at = Instant.parse("2026-03-01T03:00:00Z");
        for (int i = 0; i < 120; i++) {
            LocalDate d = day.minusDays(i);
            Instant created = at.minus(Duration.ofDays(i));
            objects.add(new StoredObject("daily/" + d + "/shop.sql.zst", "shop", ObjectKind.DAILY, d, 1000 + i,
                    "aa" + i, Map.of("items", (long) i), created, i % 10 == 0 ? created : null,
                    i >= 100 ? created.plus(Duration.ofDays(40)) : null));
            objects.add(new StoredObject("daily/" + d + "/blog.sql.zst", "blog", ObjectKind.DAILY, d, 500, "bb" + i,
                    Map.of(), created, null, null));
        }
        for (int w = 0; w < 10; w++) {
            LocalDate monday = LocalDate.of(2026, 2, 23).minusWeeks(w);
            objects.add(new StoredObject("weekly/" + monday + ".tar.zst", null, ObjectKind.WEEKLY, monday, 9000,
                    "cc" + w, Map.of(), at.minus(Duration.ofDays(7L * w)), null, null));
        }
        rt.catalog().recordObjects(objects);
        String[] auth = {"Authorization", "Bearer " + TOKEN};

        JsonNode all = json(get("/dashboard/history?size=100", auth));
        assertEquals(250, all.get("total").asLong());
        assertEquals(3, all.get("pages").asInt());
        assertEquals(100, all.get("items").size());
        assertEquals("2026-03-01", all.get("items").get(0).get("date").asText(), "newest first");
        assertFalse(all.get("nodes").asBoolean(), "a stand-alone catalog names no node: the page hides its Node column");
        assertTrue(all.get("items").get(0).get("node").isNull());

        // a cluster part recorded the newest shop daily on node-b (ADR 0034): the column shows, with the node
        String run = rt.catalog().startRun(dev.grove.patina.model.RunKind.NIGHTLY, "schedule", day);
        rt.catalog().recordOutcome(run, new dev.grove.patina.model.DatabaseOutcome("shop",
                dev.grove.patina.model.RunStatus.OK, "daily/2026-03-01/shop.sql.zst", Map.of(), 1000, Duration.ZERO,
                null).onNode("node-b", false));
        rt.catalog().finishRun(run, dev.grove.patina.model.RunStatus.OK);
        JsonNode withNodes = json(get("/dashboard/history?size=100", auth));
        assertTrue(withNodes.get("nodes").asBoolean());
        java.util.Map<String, String> nodes = new java.util.HashMap<>();
        withNodes.get("items").forEach(i -> nodes.put(i.get("key").asText(), i.get("node").asText(null)));
        assertEquals("node-b", nodes.get("daily/2026-03-01/shop.sql.zst"));
        assertNull(nodes.get("daily/2026-03-01/blog.sql.zst"), "an object no node is recorded for names none");
        JsonNode last = json(get("/dashboard/history?size=100&page=3", auth));
        assertEquals(50, last.get("items").size());
        assertEquals(0, json(get("/dashboard/history?size=100&page=4", auth)).get("items").size());

        JsonNode shop = json(get("/dashboard/history?db=shop&size=500", auth));
        assertEquals(120, shop.get("total").asLong());
        shop.get("items").forEach(o -> assertEquals("shop", o.get("database").asText()));
        assertEquals(10, json(get("/dashboard/history?kind=weekly", auth)).get("total").asLong());
        assertEquals(20, json(get("/dashboard/history?db=shop&status=deleted", auth)).get("total").asLong());
        assertEquals(10, json(get("/dashboard/history?db=shop&status=verified", auth)).get("total").asLong());
        assertEquals(90, json(get("/dashboard/history?db=shop&status=unverified", auth)).get("total").asLong());
        JsonNode range = json(get("/dashboard/history?db=blog&from=2026-02-01&to=2026-02-10", auth));
        assertEquals(10, range.get("total").asLong());
        range.get("items").forEach(o -> assertTrue(o.get("date").asText().compareTo("2026-02-01") >= 0
                && o.get("date").asText().compareTo("2026-02-10") <= 0, o.toString()));
        assertEquals(List.of("shop"), JSON.convertValue(all.get("databases"), List.class));

        assertError(get("/dashboard/history?size=0", auth), 400, "size");
        assertError(get("/dashboard/history?size=501", auth), 400, "size");
        assertError(get("/dashboard/history?page=two", auth), 400, "page");
        assertError(get("/dashboard/history?kind=hourly", auth), 400, "kind");
        assertError(get("/dashboard/history?status=lost", auth), 400, "status");
        assertError(get("/dashboard/history?from=2026-13-01", auth), 400, "from");
        assertError(get("/dashboard/history?from=2026-02-10&to=2026-02-01", auth), 400, "after");
    }

    @Test
    void diffAnswersWhatPatinaDiffJsonPrintsAndNamesWhatIsMissing() throws Exception {
        start();
        assertEquals(RunStatus.OK, rt.backups().runNightly(clock.instant(), "cli", Set.of(),
                BackupProgress.NONE).status());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.sqlite"));
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE items ADD COLUMN price REAL");
            s.execute("CREATE INDEX items_name ON items(name)");
            s.execute("INSERT INTO items (name) VALUES ('d')");
        }
        clock.advance(Duration.ofDays(1));
        assertEquals(RunStatus.OK, rt.backups().runNightly(clock.instant(), "cli", Set.of(),
                BackupProgress.NONE).status());
        String[] auth = {"Authorization", "Bearer " + TOKEN};

        HttpResponse<String> r = get("/diff/shop?from=2026-03-02&to=2026-03-03", auth);
        assertEquals(200, r.statusCode(), r.body());
        String cli = rt.schemaComparer().compare("shop", LocalDate.parse("2026-03-02"),
                LocalDate.parse("2026-03-03")).json();
        assertEquals(cli, r.body(), "the same bytes as patina diff --json");
        JsonNode d = json(r);
        assertTrue(d.get("schemaChanged").asBoolean());
        assertEquals(1, d.get("rowsDelta").asLong());
        assertTrue(d.get("summary").asText().startsWith("shop: "), d.toString());
        assertTrue(r.body().contains("column items.price added"), r.body());
        assertTrue(r.body().contains("index items_name added"), r.body());
        // the nightly named the change itself, and /status carries it with the run
        JsonNode lastRun = json(get("/status")).get("recentRuns").get(0);
        assertEquals("column items.price added (REAL), index items_name added",
                lastRun.get("databases").get(0).get("schemaChange").asText(), lastRun.toString());
        assertEquals(r.body(), get("/diff/shop", auth).body(), "no date: the two latest");

        String[] session = login();
        assertEquals(200, get("/diff/shop?from=2026-03-02&to=2026-03-03", "Cookie", session[0]).statusCode());
        assertError(get("/diff/shop?from=2026-03-02&to=2026-03-03"), 401, "bearer");
        assertError(get("/diff/nope?from=2026-03-02&to=2026-03-03", auth), 404, "nope");
        assertError(get("/diff/shop?from=2026-02-01&to=2026-03-03", auth), 404, "2026-02-01");
        assertError(get("/diff/shop?from=yesterday", auth), 400, "from");
        assertError(get("/diff/shop?to=2026-03-03", auth), 400, "from");
        try (var left = Files.list(dir.resolve("data/tmp"))) {
            assertEquals(List.of(), left.toList(), "no scratch file left behind");
        }
    }

    @Test
    void historyMarksEachBackupWhoseSchemaChangedSinceThePreviousOne() throws Exception {
        start();
        nightly();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.sqlite"));
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE items ADD COLUMN price REAL CHECK (price >= 0)");
        }
        clock.advance(Duration.ofDays(1));
        nightly();
        clock.advance(Duration.ofDays(1));
        nightly();
        // blog: recorded by hand, no run gave a verdict; its first backup is deleted since
        Instant at = Instant.parse("2026-03-01T03:00:00Z");
        List<StoredObject> blog = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LocalDate d = LocalDate.of(2026, 2, 27).plusDays(i);
            blog.add(new StoredObject("daily/" + d + "/blog.sql.zst", "blog", ObjectKind.DAILY, d, 10, "bb" + i,
                    Map.of(), at.plus(Duration.ofDays(i)), null, i == 0 ? at.plus(Duration.ofDays(5)) : null));
        }
        rt.catalog().recordObjects(blog);
        rt.catalog().schemas().record(blog.get(0).key(), List.of("CREATE TABLE posts (id INTEGER PRIMARY KEY)"));
        rt.catalog().schemas().record(blog.get(1).key(), List.of("CREATE TABLE posts (id INTEGER PRIMARY KEY, "
                + "title TEXT)"));
        rt.catalog().schemas().record(blog.get(2).key(), List.of("CREATE TABLE posts (id INTEGER PRIMARY KEY, "
                + "title TEXT)"));
        String[] auth = {"Authorization", "Bearer " + TOKEN};

        JsonNode shop = json(get("/dashboard/history?db=shop", auth)).get("items");
        assertEquals(3, shop.size(), shop.toString());
        assertTrue(shop.get(0).get("schemaChange").isNull(), "03-04 holds the schema of 03-03: " + shop.get(0));
        JsonNode changed = shop.get(1).get("schemaChange");
        assertEquals("2026-03-03", shop.get(1).get("date").asText());
        assertEquals("column items.price added (REAL), check constraint on items.price added: (price >= 0)",
                changed.get("summary").asText(), changed.toString());
        assertEquals("2026-03-02", changed.get("previousDate").asText());
        assertTrue(changed.get("comparable").asBoolean(), changed.toString());
        assertTrue(shop.get(2).get("schemaChange").isNull(), "the first backup has no previous one");
        // what the marker opens: the comparison with the previous backup
        HttpResponse<String> diff = get("/diff/shop?from=" + changed.get("previousDate").asText() + "&to=2026-03-03",
                auth);
        assertEquals(200, diff.statusCode(), diff.body());
        assertTrue(diff.body().contains("check constraint on items.price added: (price >= 0)"), diff.body());

        JsonNode blogs = json(get("/dashboard/history?db=blog", auth)).get("items");
        assertEquals(3, blogs.size(), blogs.toString());
        assertTrue(blogs.get(0).get("schemaChange").isNull(), "same fingerprint: " + blogs.get(0));
        JsonNode byFingerprint = blogs.get(1).get("schemaChange");
        assertEquals("schema differs from the backup of 2026-02-27", byFingerprint.get("summary").asText());
        assertFalse(byFingerprint.get("comparable").asBoolean(), "the previous backup was deleted");
        JsonNode all = json(get("/dashboard/history?size=500", auth)).get("items");
        int marked = 0;
        for (JsonNode o : all) {
            marked += o.get("schemaChange").isNull() ? 0 : 1;
        }
        assertEquals(2, marked, all.toString());
    }

    @Test
    void statusSaysWhenEachDatabaseWasLastProvenRestorableAndWhenThatIsOverdue() throws Exception {
        start();
        nightly();
        JsonNode never = json(get("/status")).get("databases").get(0).get("lastProven");
        assertTrue(never.get("verifiedAt").isNull(), never.toString());
        assertTrue(never.get("overdue").asBoolean(), never.toString());
        int policy = rt.config().schedule().verifyMaxAgeDays();
        assertEquals(policy, never.get("maxAgeDays").asInt(), never.toString());

        assertTrue(rt.verifier().verify(List.of(rt.catalog().latestDaily("shop").orElseThrow()), r -> { }).get(0)
                .ok());
        JsonNode proven = json(get("/status")).get("databases").get(0).get("lastProven");
        assertEquals(clock.instant().toString(), proven.get("verifiedAt").asText(), proven.toString());
        assertTrue(proven.get("checksPassed").asInt() >= 3, proven.toString());
        assertFalse(proven.get("overdue").asBoolean(), proven.toString());

        clock.advance(Duration.ofDays(policy).plusHours(1));
        JsonNode old = json(get("/status")).get("databases").get(0).get("lastProven");
        assertEquals(proven.get("verifiedAt"), old.get("verifiedAt"));
        assertTrue(old.get("overdue").asBoolean(), old.toString());
    }

    private void nightly() {
        assertEquals(RunStatus.OK, rt.backups().runNightly(clock.instant(), "cli", Set.of(),
                BackupProgress.NONE).status());
    }

    @Test
    void thePageIsServedFromTheJarWithAStrictPolicy() throws Exception {
        start();
        HttpResponse<String> page = get("/dashboard");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<form id=\"login-form\""), page.body());
        assertTrue(page.body().contains("<label for=\"token\">"), "the token field is labelled");
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        for (String f : List.of("app.js", "api.js", "views.js", "charts.js", "diff.js")) {
            HttpResponse<String> js = get("/dashboard/" + f);
            assertEquals(200, js.statusCode(), f);
            assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"), f);
            assertFalse(js.body().contains("innerHTML"), f + " builds the page from text, never from HTML");
        }
        assertEquals(200, get("/dashboard/dashboard.css").statusCode());
        assertError(get("/dashboard/nope.js"), 404, "no such endpoint");
        assertError(get("/dashboard/..%2Fpatina.toml"), 404, "no such endpoint");
        assertError(send("POST", "/dashboard", "{}"), 405, "not allowed");
    }

    @Test
    void plainHttpOffLoopbackIsRefusedAndTlsServesWithSecureCookies() throws Exception {
        start();
        ApiServer open = new ApiServer(rt, rt.runs(), null, new ApiConfig(true, "0.0.0.0", 0,
                rt.config().api().token()), clock);
        java.io.IOException refused = assertThrows(java.io.IOException.class, open::start);
        assertTrue(refused.getMessage().contains("api.bind") && refused.getMessage().contains("loopback"),
                refused.getMessage());

        Path keystore = dir.resolve("tls.p12");
        String password = "store-pass-41d2";
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "patina", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), out);

        ApiConfig wrong = new ApiConfig(true, "127.0.0.1", 0, rt.config().api().token(), Optional.empty(),
                Optional.of(keystore), Optional.of(new Secret("not-the-password", "env:X")));
        java.io.IOException badStore = assertThrows(java.io.IOException.class,
                () -> new ApiServer(rt, rt.runs(), null, wrong, clock).start());
        assertTrue(badStore.getMessage().contains("api.tls_keystore"), badStore.getMessage());
        assertFalse(badStore.getMessage().contains("not-the-password"), badStore.getMessage());

        ApiConfig tls = new ApiConfig(true, "127.0.0.1", 0, rt.config().api().token(), Optional.empty(),
                Optional.of(keystore), Optional.of(new Secret(password, "env:X")));
        ApiServer server = new ApiServer(rt, rt.runs(), null, tls, clock).start();
        closing.add(server);
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            trust.load(in, password.toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
        String root = "https://127.0.0.1:" + server.port();
        HttpResponse<String> status = https.send(HttpRequest.newBuilder(URI.create(root + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode(), status.body());
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(root + "/dashboard/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + TOKEN + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        assertTrue(login.headers().firstValue("Set-Cookie").orElse("").contains("Secure"), login.headers().toString());
        assertNotEquals(-1, server.port());
        try {
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertNotEquals(200, plain.statusCode(), "no plain HTTP answer from the TLS port: " + plain.body());
        } catch (java.io.IOException expected) {
            // the TLS port hangs up on plain HTTP
        }
    }
}
