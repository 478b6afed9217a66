package dev.grove.patina.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.run.RunService;
import dev.grove.patina.store.NoSuchObjectException;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.util.JobIds;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HTTP API and the web dashboard, on Javalin (Jetty): thin handlers over the runtime's services, its run
 * service ({@code POST /trigger}) and the scheduler (see README, "Local API"; ADR 0014).
 * Every answer but {@code /download}, {@code /metrics}, {@code /restore-guide} and the dashboard's files is JSON;
 * every error is {@code {"error": "..."}} with one line that names no secret; no stack trace ever leaves the process.
 * {@code POST /trigger}, {@code GET /download}, {@code GET /diff} and the dashboard's data need
 * {@code Authorization: Bearer <api.token>} or a dashboard session (then a state change also needs its CSRF token).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<HandlerType> METHODS = EnumSet.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS);

    private final PatinaRuntime runtime;
    private final SchedulerService scheduler;
    private final ApiConfig config;
    private final Clock clock;
    private final HealthCheck health;
    private final ObjectMapper json = new ObjectMapper();
    private final ApiDocuments documents;
    private final TriggerEndpoint triggers;
    private final ApiAuth auth;
    private final DashboardEndpoints dashboard;
    private Javalin app;
    private Metrics metrics;

    /**
     * @param runs      where {@code POST /trigger} orders its runs (the process's one run service)
     * @param scheduler the running scheduler, or null when none runs in this process (then {@code /health} is
     *                  unhealthy; {@code /trigger} still orders runs from the runtime's run service)
     */
    public ApiServer(PatinaRuntime runtime, RunService runs, SchedulerService scheduler, ApiConfig config,
                     Clock clock) {
        this.runtime = runtime;
        this.scheduler = scheduler;
        this.config = config;
        this.clock = clock;
        this.health = new HealthCheck(runtime, scheduler);
        this.documents = new ApiDocuments(runtime, scheduler, health, clock);
        this.triggers = new TriggerEndpoint(runs, json, runtime.redactor(), name -> configured(name, 400).name(),
                this::storeNamed);
        this.auth = new ApiAuth(config, new WebSessions(clock), config.tls());
        this.dashboard = new DashboardEndpoints(runtime, auth, json, this::configured);
    }

    /** Binds {@code config.bind()}:{@code config.port()} (0: any free port) and starts answering. */
    public synchronized ApiServer start() throws IOException {
        if (app != null) {
            throw new IllegalStateException("the API server is already started");
        }
        ApiConnectors.check(config);
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("patina-api");
        threads.setDaemon(true);
        Metrics m = new Metrics(runtime, () -> scheduler != null && scheduler.isRunning());
        Javalin j = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.disableCompression(); // downloads are sent with their exact length; the page is small
            cfg.http.maxRequestSize = ApiHttp.MAX_BODY;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.router.treatMultipleSlashesAsSingleSlash = true;
            cfg.jetty.threadPool = threads;
            cfg.jetty.addConnector((server, http) -> ApiConnectors.connector(server, http, config));
            cfg.requestLogger.http((ctx, ms) -> LOG.debug("{} {} -> {} ({} ms)", ctx.method(), ctx.path(),
                    ctx.statusCode(), Math.round(ms)));
        });
        routes(j, m);
        try {
            j.start();
        } catch (RuntimeException e) {
            j.stop();
            m.close();
            BindException b = new BindException(ApiHttp.oneLine(e.getMessage()));
            b.initCause(e);
            throw b;
        }
        app = j;
        metrics = m;
        LOG.info("API listening on {}://{}:{}/ (dashboard: /dashboard)", config.tls() ? "https" : "http",
                config.bind(), port());
        return this;
    }

    /** The port listened on (the real one when configured as 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("the API server is not started");
        }
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    /** The health check this server answers {@code /health} with (also what a heartbeat needs). */
    public HealthCheck healthCheck() {
        return health;
    }

    @Override
    public synchronized void close() {
        if (app == null) {
            return;
        }
        app.stop();
        metrics.close();
        app = null;
        LOG.info("API stopped");
    }

    // ------------------------------------------------------------------------------------------- routes

    private void routes(Javalin j, Metrics m) {
        Map<String, Set<HandlerType>> paths = new LinkedHashMap<>();
        j.before(new HostCheck(config)::check); // DNS rebinding: a loopback API answers only its own names
        route(j, paths, HandlerType.GET, "/", ctx -> sendJson(ctx, 200, documents.info()));
        route(j, paths, HandlerType.GET, "/status", ctx -> sendJson(ctx, 200, documents.status()));
        route(j, paths, HandlerType.GET, "/list", ctx -> sendJson(ctx, 200, documents.list(ApiHttp.query(ctx))));
        route(j, paths, HandlerType.GET, "/health", this::health);
        route(j, paths, HandlerType.GET, "/metrics", ctx -> ApiHttp.sendText(ctx, 200, Metrics.CONTENT_TYPE,
                m.scrape()));
        route(j, paths, HandlerType.GET, "/restore-guide/{db}", ctx -> ApiHttp.sendText(ctx, 200,
                "text/markdown; charset=utf-8", RestoreGuide.render(runtime, configured(ctx.pathParam("db"), 404))));
        route(j, paths, HandlerType.POST, "/trigger", ctx -> {
            auth.authorize(ctx, true);
            triggers.trigger(ctx);
        });
        route(j, paths, HandlerType.GET, "/download/{date}/{db}", ctx -> {
            auth.authorize(ctx, false);
            download(ctx, ctx.pathParam("date"), ctx.pathParam("db"));
        });
        route(j, paths, HandlerType.GET, "/diff/{db}", ctx -> {
            auth.authorize(ctx, false);
            // the very bytes of patina diff --json
            ApiHttp.sendText(ctx, 200, "application/json; charset=utf-8",
                    dashboard.diff(ctx.pathParam("db"), ApiHttp.query(ctx)).json());
        });
        route(j, paths, HandlerType.POST, "/dashboard/login", dashboard::login);
        route(j, paths, HandlerType.POST, "/dashboard/logout", dashboard::logout);
        route(j, paths, HandlerType.GET, "/dashboard/session", dashboard::session);
        route(j, paths, HandlerType.GET, "/dashboard/history", ctx -> {
            auth.authorize(ctx, false);
            long start = System.nanoTime();
            Map<String, Object> page = dashboard.history(ApiHttp.query(ctx));
            // the catalog's time for the count and the page (browsers' developer tools show it; so does the bench)
            ctx.header("Server-Timing", String.format(java.util.Locale.ROOT, "catalog;dur=%.1f",
                    (System.nanoTime() - start) / 1e6));
            sendJson(ctx, 200, page);
        });
        route(j, paths, HandlerType.GET, "/dashboard/charts", ctx -> {
            auth.authorize(ctx, false);
            sendJson(ctx, 200, dashboard.charts(ApiHttp.query(ctx)));
        });
        route(j, paths, HandlerType.GET, "/dashboard", ctx -> DashboardAssets.send(ctx, "index.html"));
        route(j, paths, HandlerType.GET, "/dashboard/{file}", ctx -> DashboardAssets.send(ctx, ctx.pathParam("file")));
        // a known path asked with another method: 405 and the methods it takes
        paths.forEach((path, methods) -> {
            String allowed = methods.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
            for (HandlerType other : METHODS) {
                if (!methods.contains(other)) {
                    j.addHttpHandler(other, path, ctx -> {
                        throw new ApiHttp.MethodNotAllowed(ctx.method().name(), allowed);
                    });
                }
            }
        });
        j.exception(ApiException.class, (e, ctx) -> {
            if (e instanceof ApiHttp.MethodNotAllowed na) {
                ctx.header("Allow", na.allowed);
            }
            sendJson(ctx, e.status(), ApiHttp.error(e.getMessage()));
        });
        j.exception(EndpointNotFound.class, (e, ctx) -> sendJson(ctx, 404, ApiHttp.error("no such endpoint: "
                + ApiHttp.printable(ctx.path()) + " (see GET /)")));
        j.exception(HttpResponseException.class, (e, ctx) -> sendJson(ctx, e.getStatus(),
                ApiHttp.error(redact(ApiHttp.oneLine(e.getMessage())))));
        j.exception(Exception.class, (e, ctx) -> {
            Throwable cause = e instanceof HandlerError ? e.getCause() : e;
            String line = oneLine(cause);
            LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), line);
            sendJson(ctx, 500, ApiHttp.error(line));
        });
    }

    private static void route(Javalin j, Map<String, Set<HandlerType>> paths, HandlerType method, String path,
                              Handler handler) {
        paths.computeIfAbsent(path, p -> EnumSet.noneOf(HandlerType.class)).add(method);
        j.addHttpHandler(method, path, ctx -> {
            try {
                handler.handle(ctx);
            } catch (Error e) {
                throw new HandlerError(e);
            }
        });
    }

    /** An {@link Error} out of a handler, carried to the 500 answer (Javalin maps exceptions only). */
    private static final class HandlerError extends RuntimeException {
        HandlerError(Error cause) {
            super(cause);
        }
    }

    // ------------------------------------------------------------------------------------------- handlers

    private void health(Context ctx) {
        // in a cluster: one bounded look at PostgreSQL, shared by the verdict and the "cluster" field
        dev.grove.patina.schedule.cluster.ClusterNodes.ClusterLook cluster = health.lookAtCluster().orElse(null);
        List<String> problems = health.problems(clock.instant(), cluster);
        Map<String, Object> body = new LinkedHashMap<>();
        if (problems.isEmpty()) {
            body.put("status", "ok");
        } else {
            body.put("status", "unhealthy");
            body.put("reasons", problems.stream().map(this::redact).toList());
        }
        if (cluster != null) {
            body.put("cluster", documents.cluster(cluster));
        }
        sendJson(ctx, problems.isEmpty() ? 200 : 503, body);
    }

    /**
     * {@code GET /download/{date}/{db}[?form=combined|full|differential]}: the day's dump as plain SQL, verified in
     * full before a byte is sent. A full day is sent as it is, whatever the form but {@code differential} (404: the
     * day holds no differential). A differential day (ADR 0016) is sent by default <em>combined</em> — its full with
     * the differential applied and checked, one dump that loads with {@code sqlite3} alone, built by the same
     * {@link DownloadService} that {@code patina download --combined} uses; {@code form=full} sends its base full,
     * {@code form=differential} the differential alone. A differential day's answer names its form, its base and the
     * SHA-256 of the body sent ({@code X-Patina-Form}, {@code X-Patina-Base-Key}, {@code X-Patina-Sha256}).
     */
    private void download(Context ex, String dateText, String db) throws IOException {
        LocalDate date = ApiHttp.date("date", dateText);
        if (!SAFE_NAME.matcher(db).matches() && !runtime.backups().databaseNames().contains(db)) {
            throw new ApiException(400, "db: '" + ApiHttp.printable(db) + "' is not a database name");
        }
        DownloadForm form = DownloadForm.parse(ApiHttp.query(ex).get("form"));
        DownloadService downloads = runtime.downloads();
        DownloadService.Target target;
        try {
            target = downloads.locate(date, db);
        } catch (NoSuchObjectException e) {
            throw new ApiException(404, "no backup of " + db + " for " + date);
        }
        boolean differentialDay = runtime.keys().parse(target.key()).map(ObjectKeys.Parsed::differential)
                .orElse(false);
        if (form == DownloadForm.DIFFERENTIAL && !differentialDay) {
            throw new ApiException(404, "no differential of " + db + " for " + date + ": the day holds a full "
                    + "backup (form=differential is for a strategy = \"differential\" day; drop it for the full)");
        }
        DownloadService.Target sent = target;
        DownloadService.Target base = null;
        if (differentialDay) {
            base = downloads.baseOf(target);
            if (base.key().equals(target.key())) {
                base = null; // the catalog does not know the link: the combiner reads the base from the header
            }
            if (form == DownloadForm.FULL) {
                if (base == null) {
                    throw new ApiException(502, "the differential " + target.key() + " names no full the catalog "
                            + "knows: form=full cannot be sent (the default, combined, reads it from the header)");
                }
                sent = base;
            }
        }
        Path tmp = scratch();
        Files.createDirectories(tmp);
        Path file = tmp.resolve("api-download-" + JobIds.newId() + ".sql");
        try {
            try {
                // verified in full before a byte is sent: a damaged object is an error, never a half body
                if (form == DownloadForm.DIFFERENTIAL) {
                    downloads.downloadObject(target, file, DownloadService.Form.PLAIN, false, List.of(), n -> { });
                } else {
                    // a differential day: combined by the download service (ADR 0016), unless its full was asked
                    downloads.download(sent, file, true, n -> { });
                }
            } catch (NoSuchObjectException e) {
                throw new ApiException(404, "no backup of " + db + " for " + date + " in the store");
            } catch (dev.grove.patina.backup.ObjectCipher.KeyNeededException e) {
                throw new ApiException(409, redact(oneLine(e))); // encrypted, and this machine has no key for it
            } catch (IOException e) {
                throw new ApiException(502, redact(oneLine(e)));
            }
            String name = db + "-" + date + ".sql";
            if (differentialDay) {
                DownloadForm actual = form == null ? DownloadForm.COMBINED : form;
                name = switch (actual) {
                    case COMBINED -> db + "-" + date + ".combined.sql";
                    case DIFFERENTIAL -> db + "-" + date + ".diff.sql";
                    case FULL -> db + "-" + runtime.keys().parse(sent.key()).map(ObjectKeys.Parsed::date)
                            .orElse(date) + ".sql";
                };
                ex.header("X-Patina-Form", actual.word);
                if (base != null) {
                    ex.header("X-Patina-Base-Key", base.key());
                    ex.header("X-Patina-Base-Stored-Sha256", base.sha256() == null ? "" : base.sha256());
                }
                ex.header("X-Patina-Sha256", sha256(file));
            }
            ex.header("Content-Type", "application/sql; charset=utf-8");
            ex.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
            ex.header("X-Patina-Key", sent.key());
            ex.header("X-Patina-Stored-Sha256", sent.sha256() == null ? "" : sent.sha256());
            ex.header("Cache-Control", "no-store");
            long size = Files.size(file);
            ex.status(200);
            ex.res().setContentLengthLong(size);
            if (size > 0) {
                try (InputStream in = Files.newInputStream(file); OutputStream out = ex.res().getOutputStream()) {
                    unlinkOpen(file); // gone before the client has the body's last byte, not some time after
                    in.transferTo(out);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Removes an open temporary file's name where the system allows it (POSIX); else the caller's finally does. */
    private static void unlinkOpen(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Windows keeps an open file's name: it is deleted once the stream is closed
        }
    }

    /** The {@code form} of {@code GET /download}: null when not given. */
    enum DownloadForm {
        COMBINED("combined"), FULL("full"), DIFFERENTIAL("differential");

        final String word;

        DownloadForm(String word) {
            this.word = word;
        }

        static DownloadForm parse(String text) {
            if (text == null) {
                return null;
            }
            for (DownloadForm f : values()) {
                if (f.word.equals(text.strip())) {
                    return f;
                }
            }
            throw new ApiException(400, "form: '" + ApiHttp.printable(text) + "' is not a download form (combined, "
                    + "full or differential)");
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** The scratch folder beside the catalog (downloads, schema comparisons). */
    private Path scratch() {
        return runtime.config().catalog().path().toAbsolutePath().getParent().resolve("tmp");
    }

    /** The store {@code name} ({@code primary} or a configured replica), or a 400 naming the stores there are. */
    private String storeNamed(String name) {
        try {
            return runtime.storeNamed(name).name();
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "store: " + ApiHttp.printable(ApiHttp.oneLine(e.getMessage())));
        }
    }

    private DatabaseConfig configured(String name, int status) {
        for (DatabaseConfig db : runtime.config().databases()) {
            if (db.name().equals(name)) {
                return db;
            }
        }
        throw new ApiException(status, "db: no database named '" + ApiHttp.printable(name) + "' is configured (configured: "
                + String.join(", ", runtime.backups().databaseNames()) + ")");
    }

    private void sendJson(Context ctx, int status, Object body) {
        ApiHttp.sendJson(json, ctx, status, body);
    }

    private String redact(String text) {
        return text == null ? null : runtime.redactor().redact(text);
    }

    private String oneLine(Throwable e) {
        String m = e.getMessage();
        return redact(ApiHttp.oneLine(e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m)));
    }
}
