package dev.grove.patina.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.BackupSchemas;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.schema.SchemaComparison;
import dev.grove.patina.store.NoSuchObjectException;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The dashboard's own endpoints: login and logout (a server-side session, see {@link WebSessions}), the history
 * table (filtered and paged in the catalog), the size and duration series for the charts, and {@code GET /diff}.
 */
final class DashboardEndpoints {
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;
    static final int CHART_RUNS = 400;

    private final PatinaRuntime runtime;
    private final ApiAuth auth;
    private final ObjectMapper json;
    private final BiFunction<String, Integer, DatabaseConfig> configured;

    DashboardEndpoints(PatinaRuntime runtime, ApiAuth auth, ObjectMapper json,
                       BiFunction<String, Integer, DatabaseConfig> configured) {
        this.runtime = runtime;
        this.auth = auth;
        this.json = json;
        this.configured = configured;
    }

    // ------------------------------------------------------------------------------------------- session

    /** {@code POST /dashboard/login} {@code {"token": "..."}} (JSON only: a cross-site form cannot send it). */
    void login(Context ctx) throws IOException {
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "login: send {\"token\": \"...\"} as application/json");
        }
        JsonNode body;
        try {
            body = json.readTree(ApiHttp.readBody(ctx));
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "login: not valid JSON (expected {\"token\": \"...\"})");
        }
        JsonNode token = body == null ? null : body.get("token");
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            throw new ApiException(400, "token: required");
        }
        auth.checkLoginToken(token.asText());
        WebSessions.Login login = auth.login(ctx);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("loggedIn", true);
        doc.put("csrfToken", login.csrfToken());
        ApiHttp.sendJson(json, ctx, 200, doc);
    }

    /** {@code POST /dashboard/logout}: ends the session (CSRF token required, as for every state change). */
    void logout(Context ctx) {
        if (auth.session(ctx).isPresent()) {
            auth.authorize(ctx, true);
        }
        auth.logout(ctx);
        ApiHttp.sendJson(json, ctx, 200, Map.of("loggedIn", false));
    }

    /** {@code GET /dashboard/session}: whether this browser is logged in, and its CSRF token when it is. */
    void session(Context ctx) {
        Map<String, Object> doc = new LinkedHashMap<>();
        auth.session(ctx).ifPresentOrElse(s -> {
            doc.put("loggedIn", true);
            doc.put("csrfToken", s.csrfToken());
        }, () -> doc.put("loggedIn", false));
        ApiHttp.sendJson(json, ctx, 200, doc);
    }

    // ------------------------------------------------------------------------------------------- data

    /**
     * {@code GET /dashboard/history?db=&kind=&status=&from=&to=&page=&size=}: one page of the object history, newest
     * first, filtered and counted by the catalog's indexed query; each daily whose schema differs from the previous
     * daily of its database carries {@code schemaChange} {summary, previousDate, comparable}, else null.
     */
    Map<String, Object> history(Map<String, String> params) {
        int size = number(params, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        int page = number(params, "page", 1, 1, 1_000_000);
        ObjectQuery q = ObjectQuery.firstPage(size);
        String db = params.get("db");
        if (db != null && !db.isBlank()) {
            q = q.withDatabase(db.strip());
        }
        String kind = params.get("kind");
        if (kind != null && !kind.isBlank()) {
            try {
                q = q.withKind(ObjectKind.parse(kind.strip()));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "kind: '" + ApiHttp.printable(kind) + "' is unknown (expected daily or "
                        + "weekly)");
            }
        }
        String status = params.get("status");
        if (status != null && !status.isBlank()) {
            try {
                q = q.withStatus(ObjectStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "status: '" + ApiHttp.printable(status) + "' is unknown (expected "
                        + "present, deleted, verified or unverified)");
            }
        }
        LocalDate from = optionalDate(params, "from");
        LocalDate to = optionalDate(params, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw new ApiException(400, "from: " + from + " is after to: " + to);
        }
        q = q.withDates(from, to).page(page, size);
        Page<StoredObject> result = runtime.catalog().findObjects(q);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total", result.total());
        doc.put("page", page);
        doc.put("size", size);
        doc.put("pages", Math.max(1, (result.total() + size - 1) / size));
        // one query for the whole page: which of its dailies changed schema since the previous daily
        Map<String, BackupSchemas.SchemaMark> marks = runtime.catalog().schemas()
                .marks(result.items().stream().map(StoredObject::key).toList());
        // the node that stored each (ADR 0034); the page shows its Node column only when the catalog names nodes
        boolean withNodes = runtime.catalog().hasNodes();
        Map<String, String> nodes = withNodes
                ? runtime.catalog().nodesOf(result.items().stream().map(StoredObject::key).toList()) : Map.of();
        doc.put("nodes", withNodes);
        List<Map<String, Object>> items = new ArrayList<>();
        for (StoredObject o : result.items()) {
            Map<String, Object> item = o.toJsonMap();
            item.put("node", nodes.get(o.key()));
            BackupSchemas.SchemaMark mark = marks.get(o.key());
            if (mark == null) {
                item.put("schemaChange", null);
            } else {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("summary", redact(mark.summary()));
                change.put("previousDate", mark.previousDate().toString());
                change.put("comparable", mark.previousComparable() && o.present() && !o.damaged());
                item.put("schemaChange", change);
            }
            items.add(item);
        }
        doc.put("items", items);
        doc.put("databases", runtime.backups().databaseNames());
        return doc;
    }

    /**
     * {@code GET /dashboard/charts?db=}: the database's nightly outcomes (date, bytes, duration) of the recent runs,
     * oldest first.
     */
    Map<String, Object> charts(Map<String, String> params) {
        String db = params.get("db");
        if (db == null || db.isBlank()) {
            throw new ApiException(400, "db: required");
        }
        String name = configured.apply(db.strip(), 404).name();
        List<Map<String, Object>> points = new ArrayList<>();
        for (RunSummary run : runtime.catalog().recentRuns(CHART_RUNS)) {
            if (run.kind() != RunKind.NIGHTLY) {
                continue;
            }
            for (DatabaseOutcome o : run.databases()) {
                if (o.database().equals(name)) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("date", run.runDate().toString());
                    p.put("startedAt", run.startedAt().toString());
                    p.put("status", o.status().id());
                    p.put("bytes", o.bytes());
                    p.put("durationMs", o.duration() == null ? null : o.duration().toMillis());
                    points.add(0, p);
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", name);
        doc.put("points", points);
        return doc;
    }

    /**
     * {@code GET /diff/{db}?from=&to=}: the schema comparison of two daily backups, as {@code patina diff --json}
     * prints it (no date: the two latest; only {@code from}: it against the latest).
     */
    SchemaComparison diff(String db, Map<String, String> params) {
        String name = configured.apply(db, 404).name();
        LocalDate from = optionalDate(params, "from");
        LocalDate to = optionalDate(params, "to");
        if (from == null && to != null) {
            throw new ApiException(400, "from: required when to is given");
        }
        SchemaComparison c;
        try {
            c = runtime.schemaComparer().compare(name, from, to);
        } catch (NoSuchObjectException e) {
            throw new ApiException(404, "diff " + name + ": " + redact(ApiHttp.oneLine(e.getMessage())));
        } catch (IllegalStateException e) {
            throw new ApiException(409, "diff " + name + ": " + redact(ApiHttp.oneLine(e.getMessage())));
        } catch (IOException | RuntimeException e) {
            throw new ApiException(502, "diff " + name + (from == null ? "" : " " + from)
                    + (to == null ? "" : " " + to) + ": " + redact(ApiHttp.oneLine(e.getMessage())));
        }
        return c;
    }

    private String redact(String text) {
        return runtime.redactor().redact(text);
    }

    private static LocalDate optionalDate(Map<String, String> params, String name) {
        String text = params.get(name);
        return text == null || text.isBlank() ? null : ApiHttp.date(name, text);
    }

    private static int number(Map<String, String> params, String name, int fallback, int min, int max) {
        String text = params.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + ": '" + ApiHttp.printable(text) + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new ApiException(400, name + ": " + n + " is outside " + min + ".." + max);
        }
        return n;
    }
}
