package dev.grove.patina.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.run.RunService;
import dev.grove.patina.store.NoSuchObjectException;
import dev.grove.patina.util.JobIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final PatinaRuntime runtime;
    private final RunService runs;
    private final SchedulerService scheduler;
    private final ApiConfig config;
    private final Clock clock;
    private final HealthCheck health;
    private final ObjectMapper json = new ObjectMapper();
    private final ApiDocuments documents;
    private final TriggerEndpoint triggers;
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
        this.documents = new ApiDocuments(runtime, scheduler, health, clock);
        this.triggers = new TriggerEndpoint(runs, json, runtime.redactor(), name -> configured(name, 400).name());
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
            if (e instanceof ApiHttp.MethodNotAllowed m) {
                ex.getResponseHeaders().set("Allow", m.allowed);
            }
            sendJson(ex, status, ApiHttp.error(e.getMessage()));
        } catch (Exception | Error e) {
            status = 500;
            String line = oneLine(e);
            LOG.warn("{} {} failed: {}", method, path, line);
            sendJson(ex, 500, ApiHttp.error(line));
        } finally {
            ex.close();
        }
        LOG.debug("{} {} -> {}", method, path, status);
    }

    private int route(HttpExchange ex, String method, String path) throws Exception {
        List<String> seg = ApiHttp.segments(path);
        String head = seg.isEmpty() ? "" : seg.get(0);
        switch (head) {
            case "" -> {
                ApiHttp.allow(method, "GET");
                return sendJson(ex, 200, documents.info());
            }
            case "status" -> {
                ApiHttp.exact(seg, 1);
                ApiHttp.allow(method, "GET");
                return sendJson(ex, 200, documents.status());
            }
            case "list" -> {
                ApiHttp.exact(seg, 1);
                ApiHttp.allow(method, "GET");
                return sendJson(ex, 200, documents.list(ApiHttp.query(ex)));
            }
            case "health" -> {
                ApiHttp.exact(seg, 1);
                ApiHttp.allow(method, "GET");
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
                ApiHttp.exact(seg, 1);
                ApiHttp.allow(method, "GET");
                return ApiHttp.sendText(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                        Metrics.render(runtime, scheduler != null && scheduler.isRunning()));
            }
            case "restore-guide" -> {
                ApiHttp.exact(seg, 2);
                ApiHttp.allow(method, "GET");
                return ApiHttp.sendText(ex, 200, "text/markdown; charset=utf-8",
                        RestoreGuide.render(runtime, configured(seg.get(1), 404)));
            }
            case "trigger" -> {
                ApiHttp.exact(seg, 1);
                ApiHttp.allow(method, "POST");
                authorize(ex);
                return triggers.trigger(ex);
            }
            case "download" -> {
                ApiHttp.exact(seg, 3);
                ApiHttp.allow(method, "GET");
                authorize(ex);
                return download(ex, seg.get(1), seg.get(2));
            }
            default -> throw new ApiException(404, "no such endpoint: " + ApiHttp.printable(path) + " (see GET /)");
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

    private int download(HttpExchange ex, String dateText, String db) throws IOException {
        LocalDate date = ApiHttp.date("date", dateText);
        if (!SAFE_NAME.matcher(db).matches() && !runtime.backups().databaseNames().contains(db)) {
            throw new ApiException(400, "db: '" + ApiHttp.printable(db) + "' is not a database name");
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
            } catch (dev.grove.patina.backup.ObjectCipher.KeyNeededException e) {
                throw new ApiException(409, redact(oneLine(e))); // encrypted, and this machine has no key for it
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
        throw new ApiException(status, "db: no database named '" + ApiHttp.printable(name) + "' is configured (configured: "
                + String.join(", ", runtime.backups().databaseNames()) + ")");
    }

    private int sendJson(HttpExchange ex, int status, Object body) {
        return ApiHttp.sendJson(json, ex, status, body);
    }

    private String redact(String text) {
        return text == null ? null : runtime.redactor().redact(text);
    }

    private String oneLine(Throwable e) {
        String m = e.getMessage();
        return redact(ApiHttp.oneLine(e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m)));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
