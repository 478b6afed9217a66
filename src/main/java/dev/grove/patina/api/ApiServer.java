package dev.grove.patina.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupFreshness;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.schedule.CronSchedule;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunService;
import dev.grove.patina.run.TriggerResult;
import dev.grove.patina.store.NoSuchObjectException;
import dev.grove.patina.util.JobIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HTTP API: thin handlers over the runtime's services, its run service ({@code POST /trigger}) and the
 * scheduler (see README, "Local API").
 * Every answer but {@code /download}, {@code /metrics} and {@code /restore-guide} is JSON; every error is
 * {@code {"error": "..."}} with one line that names no secret; no stack trace ever leaves the process.
 * {@code POST /trigger} and {@code GET /download} need {@code Authorization: Bearer <api.token>}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final int MAX_BODY = 64 * 1024;
    static final int DEFAULT_LIST_LIMIT = 100;
    static final int RECENT_RUNS = 10;
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> ENDPOINTS = endpoints();

    private final PatinaRuntime runtime;
    private final RunService runs;
    private final SchedulerService scheduler;
    private final ApiConfig config;
    private final Clock clock;
    private final HealthCheck health;
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;
    private ExecutorService requests;

    /**
     * @param runs      where {@code POST /trigger} orders its runs (the process's one run service)
     * @param scheduler the running scheduler, or null when none runs in this process (then {@code /health} is
     *                  unhealthy; {@code /trigger} still orders runs from the runtime's run service)
     */
    public ApiServer(PatinaRuntime runtime, RunService runs, SchedulerService scheduler, ApiConfig config,
                     Clock clock) {
        this.runtime = runtime;
        this.runs = runs;
        this.scheduler = scheduler;
        this.config = config;
        this.clock = clock;
        this.health = new HealthCheck(runtime, scheduler);
    }

    /** Binds {@code config.bind()}:{@code config.port()} (0: any free port) and starts answering. */
    public synchronized ApiServer start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the API server is already started");
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 32);
        requests = Executors.newFixedThreadPool(4, daemon("patina-api"));
        s.setExecutor(requests);
        s.createContext("/", this::handle);
        s.start();
        server = s;
        LOG.info("API listening on http://{}:{}/", config.bind(), port());
        return this;
    }

    /** The port listened on (the real one when configured as 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the API server is not started");
        }
        return server.getAddress().getPort();
    }

    /** The health check this server answers {@code /health} with (also what a heartbeat needs). */
    public HealthCheck healthCheck() {
        return health;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        requests.shutdownNow();
        server = null;
        LOG.info("API stopped");
    }

    // ------------------------------------------------------------------------------------------- dispatch

    private void handle(HttpExchange ex) {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        int status;
        try {
            status = route(ex, method, path);
        } catch (ApiException e) {
            status = e.status();
            if (e instanceof MethodNotAllowed m) {
                ex.getResponseHeaders().set("Allow", m.allowed);
            }
            sendJson(ex, status, error(e.getMessage()));
        } catch (Exception | Error e) {
            status = 500;
            String line = oneLine(e);
            LOG.warn("{} {} failed: {}", method, path, line);
            sendJson(ex, 500, error(line));
        } finally {
            ex.close();
        }
        LOG.debug("{} {} -> {}", method, path, status);
    }

    private int route(HttpExchange ex, String method, String path) throws Exception {
        List<String> seg = segments(path);
        String head = seg.isEmpty() ? "" : seg.get(0);
        switch (head) {
            case "" -> {
                allow(method, "GET");
                return sendJson(ex, 200, info());
            }
            case "status" -> {
                exact(seg, 1);
                allow(method, "GET");
                return sendJson(ex, 200, status());
            }
            case "list" -> {
                exact(seg, 1);
                allow(method, "GET");
                return sendJson(ex, 200, list(query(ex)));
            }
            case "health" -> {
                exact(seg, 1);
                allow(method, "GET");
                List<String> problems = health.problems(clock.instant());
                if (problems.isEmpty()) {
                    return sendJson(ex, 200, Map.of("status", "ok"));
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "unhealthy");
                body.put("reasons", problems.stream().map(this::redact).toList());
                return sendJson(ex, 503, body);
            }
            case "metrics" -> {
                exact(seg, 1);
                allow(method, "GET");
                return sendText(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                        Metrics.render(runtime, scheduler != null && scheduler.isRunning()));
            }
            case "restore-guide" -> {
                exact(seg, 2);
                allow(method, "GET");
                return sendText(ex, 200, "text/markdown; charset=utf-8",
                        RestoreGuide.render(runtime, configured(seg.get(1), 404)));
            }
            case "trigger" -> {
                exact(seg, 1);
                allow(method, "POST");
                authorize(ex);
                return trigger(ex);
            }
            case "download" -> {
                exact(seg, 3);
                allow(method, "GET");
                authorize(ex);
                return download(ex, seg.get(1), seg.get(2));
            }
            default -> throw new ApiException(404, "no such endpoint: " + printable(path) + " (see GET /)");
        }
    }

    private static void exact(List<String> seg, int size) {
        if (seg.size() != size) {
            throw new ApiException(404, "no such endpoint: /" + printable(String.join("/", seg)) + " (see GET /)");
        }
    }

    private static void allow(String method, String allowed) {
        if (!allowed.equals(method)) {
            throw new MethodNotAllowed(method, allowed);
        }
    }

    /** 405 with the Allow header. */
    private static final class MethodNotAllowed extends ApiException {
        final String allowed;

        MethodNotAllowed(String method, String allowed) {
            super(405, "method " + printable(method) + " not allowed here (allowed: " + allowed + ")");
            this.allowed = allowed;
        }
    }

    // ------------------------------------------------------------------------------------------- auth

    private void authorize(HttpExchange ex) {
        Optional<String> expected = config.token().map(s -> s.reveal());
        if (expected.isEmpty() || expected.get().isEmpty()) {
            throw new ApiException(401, "no api.token is configured: this endpoint is refused");
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "missing bearer token (send Authorization: Bearer <api.token>)");
        }
        String given = header.substring(7).strip();
        if (!MessageDigest.isEqual(sha256(given), sha256(expected.get()))) {
            throw new ApiException(401, "wrong bearer token");
        }
    }

    /** Hashing both sides first makes the comparison's time independent of where, and whether the lengths, differ. */
    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------- handlers

    private Map<String, Object> info() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "patina");
        doc.put("version", runtime.core().version());
        List<Map<String, Object>> dbs = new ArrayList<>();
        for (DatabaseConfig db : runtime.config().databases()) {
            dbs.add(Map.of("name", db.name(), "type", db instanceof D1DatabaseConfig ? "d1" : "sqlite"));
        }
        doc.put("databases", dbs);
        doc.put("endpoints", ENDPOINTS);
        return doc;
    }

    private static Map<String, String> endpoints() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("status", "GET /status");
        m.put("list", "GET /list?db=&kind=daily|weekly&since=YYYY-MM-DD&limit=1..10000&deleted=true");
        m.put("trigger", "POST /trigger {\"kind\":\"nightly|weekly|cleanup\",\"db\":optional} (bearer token)");
        m.put("download", "GET /download/{date}/{db} (bearer token)");
        m.put("restoreGuide", "GET /restore-guide/{db}");
        m.put("health", "GET /health");
        m.put("metrics", "GET /metrics");
        return m;
    }

    private Map<String, Object> status() {
        Instant now = clock.instant();
        List<String> problems = health.problems(now);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("healthy", problems.isEmpty());
        doc.put("reasons", problems.stream().map(this::redact).toList());
        doc.put("schedulerRunning", scheduler != null && scheduler.isRunning());
        doc.put("store", redact(runtime.store().describe()));
        List<Map<String, Object>> dbs = new ArrayList<>();
        for (String name : runtime.backups().databaseNames()) {
            Optional<StoredObject> good = runtime.catalog().latestGood(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("database", name);
            m.put("healthy", good.isPresent() && BackupFreshness.isFresh(good.get().createdAt(), now));
            m.put("lastGood", good.map(o -> {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("key", o.key());
                g.put("date", o.date().toString());
                g.put("createdAt", o.createdAt().toString());
                g.put("ageHours", Math.round(Duration.between(o.createdAt(), now).toMinutes() / 6.0) / 10.0);
                g.put("size", o.size());
                return g;
            }).orElse(null));
            dbs.add(m);
        }
        doc.put("databases", dbs);
        doc.put("recentRuns", runtime.catalog().recentRuns(RECENT_RUNS).stream().map(this::run).toList());
        Map<String, String> next = new LinkedHashMap<>();
        (scheduler != null ? scheduler.nextFireTimes() : new CronSchedule(runtime.config().schedule())
                .nextFireTimes(now)).forEach((kind, at) -> next.put(kind.id(), at.toString()));
        doc.put("nextRuns", next);
        return doc;
    }

    private Map<String, Object> run(RunSummary r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind().id());
        m.put("trigger", r.trigger());
        m.put("runDate", r.runDate().toString());
        m.put("startedAt", r.startedAt().toString());
        m.put("endedAt", r.endedAt() == null ? null : r.endedAt().toString());
        m.put("status", r.status().id());
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (DatabaseOutcome o : r.databases()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("database", o.database());
            d.put("status", o.status().id());
            d.put("objectKey", o.objectKey());
            d.put("bytes", o.bytes());
            d.put("rows", o.rows());
            d.put("durationMs", o.duration() == null ? null : o.duration().toMillis());
            d.put("error", o.error() == null ? null : redact(o.error()));
            outcomes.add(d);
        }
        m.put("databases", outcomes);
        return m;
    }

    private Map<String, Object> list(Map<String, String> params) {
        int limit = DEFAULT_LIST_LIMIT;
        String limitText = params.get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                throw new ApiException(400, "limit: '" + printable(limitText) + "' is not a whole number");
            }
            if (limit < 1 || limit > ObjectQuery.MAX_LIMIT) {
                throw new ApiException(400, "limit: " + limit + " is outside 1.." + ObjectQuery.MAX_LIMIT);
            }
        }
        ObjectQuery q = ObjectQuery.firstPage(limit);
        String db = params.get("db");
        if (db != null && !db.isBlank()) {
            q = q.withDatabase(db.strip());
        }
        String kind = params.get("kind");
        if (kind != null && !kind.isBlank()) {
            try {
                q = q.withKind(ObjectKind.parse(kind.strip()));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "kind: '" + printable(kind) + "' is unknown (expected daily or weekly)");
            }
        }
        String since = params.get("since");
        if (since != null && !since.isBlank()) {
            q = q.withDates(date("since", since), null);
        }
        if (!"true".equalsIgnoreCase(params.getOrDefault("deleted", "false"))) {
            q = q.withStatus(ObjectStatus.PRESENT);
        }
        Page<StoredObject> page = runtime.catalog().findObjects(q);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total", page.total());
        doc.put("limit", page.limit());
        List<Map<String, Object>> items = new ArrayList<>();
        for (StoredObject o : page.items()) {
            items.add(o.toJsonMap());
        }
        doc.put("items", items);
        return doc;
    }

    private int trigger(HttpExchange ex) throws IOException {
        JsonNode body;
        byte[] raw = readBody(ex);
        try {
            body = raw.length == 0 ? json.createObjectNode() : json.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "body: not valid JSON (expected {\"kind\":\"nightly\"})");
        }
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "body: expected a JSON object such as {\"kind\":\"nightly\"}");
        }
        JsonNode kindNode = body.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            throw new ApiException(400, "kind: required, one of nightly, weekly, cleanup");
        }
        RunKind kind = switch (kindNode.asText()) {
            case "nightly" -> RunKind.NIGHTLY;
            case "weekly" -> RunKind.WEEKLY;
            case "cleanup" -> RunKind.CLEANUP;
            default -> throw new ApiException(400, "kind: '" + printable(kindNode.asText())
                    + "' is unknown (expected nightly, weekly or cleanup)");
        };
        JsonNode dbNode = body.get("db");
        if (dbNode != null && !dbNode.isNull()) {
            if (!dbNode.isTextual()) {
                throw new ApiException(400, "db: expected a database name");
            }
            if (kind != RunKind.NIGHTLY) {
                throw new ApiException(400, "db: only a nightly can be run for one database");
            }
            String db = configured(dbNode.asText(), 400).name();
            return sendTrigger(ex, runs.submit(RunOrder.nightly(RunTrigger.API, Set.of(db))), db);
        }
        return sendTrigger(ex, runs.submit(RunOrder.of(kind, RunTrigger.API)), null);
    }

    /** The answer to a trigger: 202 when it runs now or next, 409 when merged or refused, 503 when closing. */
    private int sendTrigger(HttpExchange ex, TriggerResult r, String db) throws IOException {
        RunKind kind = r.kind();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("accepted", r.outcome() == TriggerResult.TriggerOutcome.STARTED
                || r.outcome() == TriggerResult.TriggerOutcome.QUEUED);
        doc.put("kind", kind.id());
        if (db != null) {
            doc.put("db", db);
        }
        doc.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
        doc.put("ticket", r.ticket());
        int code;
        switch (r.outcome()) {
            case STARTED, QUEUED -> code = 202;
            case MERGED -> {
                code = 409;
                doc.put("error", "already queued: a " + kind.id() + " is running and another is queued behind it");
            }
            case UNAVAILABLE, BUSY -> {
                code = 409;
                doc.put("error", redact(oneLine(r.message())));
            }
            default -> {
                code = 503;
                doc.put("error", "Patina is shutting down");
            }
        }
        if (r.message() != null && !doc.containsKey("error")) {
            doc.put("message", redact(oneLine(r.message())));
        }
        return sendJson(ex, code, doc);
    }

    private int download(HttpExchange ex, String dateText, String db) throws IOException {
        LocalDate date = date("date", dateText);
        if (!SAFE_NAME.matcher(db).matches() && !runtime.backups().databaseNames().contains(db)) {
            throw new ApiException(400, "db: '" + printable(db) + "' is not a database name");
        }
        DownloadService.Target target;
        try {
            target = runtime.downloads().locate(date, db);
        } catch (NoSuchObjectException e) {
            throw new ApiException(404, "no backup of " + db + " for " + date);
        }
        Path tmp = runtime.config().catalog().path().toAbsolutePath().getParent().resolve("tmp");
        Files.createDirectories(tmp);
        Path file = tmp.resolve("api-download-" + JobIds.newId() + ".sql");
        try {
            try {
                // verified in full before a byte is sent: a damaged object is an error, never a half body
                runtime.downloads().download(target, file, true, n -> { });
            } catch (NoSuchObjectException e) {
                throw new ApiException(404, "no backup of " + db + " for " + date + " in the store");
            } catch (IOException e) {
                throw new ApiException(502, redact(oneLine(e)));
            }
            String name = db + "-" + date + ".sql";
            ex.getResponseHeaders().set("Content-Type", "application/sql; charset=utf-8");
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name + "\"");
            ex.getResponseHeaders().set("X-Patina-Key", target.key());
            ex.getResponseHeaders().set("X-Patina-Stored-Sha256", target.sha256());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            long size = Files.size(file);
            ex.sendResponseHeaders(200, size == 0 ? -1 : size);
            if (size > 0) {
                try (InputStream in = Files.newInputStream(file); OutputStream out = ex.getResponseBody()) {
                    in.transferTo(out);
                }
            }
            return 200;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    private DatabaseConfig configured(String name, int status) {
        for (DatabaseConfig db : runtime.config().databases()) {
            if (db.name().equals(name)) {
                return db;
            }
        }
        throw new ApiException(status, "db: no database named '" + printable(name) + "' is configured (configured: "
                + String.join(", ", runtime.backups().databaseNames()) + ")");
    }

    private static LocalDate date(String param, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, param + ": '" + printable(text) + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(k, v);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "query: badly encoded parameter");
            }
        }
        return out;
    }

    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new ApiException(413, "body: larger than " + MAX_BODY + " bytes");
            }
            return body;
        }
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }

    private int sendJson(HttpExchange ex, int status, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            status = 500;
            bytes = "{\"error\":\"cannot write the answer as JSON\"}".getBytes(StandardCharsets.UTF_8);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        return send(ex, status, bytes);
    }

    private static int sendText(HttpExchange ex, int status, String contentType, String text) {
        ex.getResponseHeaders().set("Content-Type", contentType);
        return send(ex, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange ex, int status, byte[] bytes) {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        try {
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            LOG.debug("could not send the answer: {}", e.toString()); // the client went away
        }
        return status;
    }

    private String redact(String text) {
        return text == null ? null : runtime.redactor().redact(text);
    }

    private String oneLine(Throwable e) {
        String m = e.getMessage();
        return redact(oneLine(e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m)));
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }

    /** Keeps a caller's text printable and short in an error message. */
    private static String printable(String text) {
        String t = text.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
