package dev.grove.patina.api;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.backup.ProofAge;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.schedule.CronSchedule;
import dev.grove.patina.schedule.SchedulerService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON documents of {@code GET /}, {@code /status} and {@code /list}, read from the catalog and the config. */
final class ApiDocuments {
    static final int DEFAULT_LIST_LIMIT = 100;
    static final int RECENT_RUNS = 10;
    private static final Map<String, String> ENDPOINTS = endpoints();

    private final PatinaRuntime runtime;
    private final SchedulerService scheduler;
    private final HealthCheck health;
    private final Clock clock;
    private final Redactor redactor;

    /** @param scheduler the running scheduler, or null */
    ApiDocuments(PatinaRuntime runtime, SchedulerService scheduler, HealthCheck health, Clock clock) {
        this.runtime = runtime;
        this.scheduler = scheduler;
        this.health = health;
        this.clock = clock;
        this.redactor = runtime.redactor();
    }

    /**
     * The {@code "cluster"} field of {@code GET /health}: this node's name, PostgreSQL reachable or not, the nodes
     * with their last check-in and state ({@code alive}, {@code late}, {@code dead}: Quartz's rule).
     */
    Map<String, Object> cluster(dev.grove.patina.schedule.cluster.ClusterNodes.ClusterLook look) {
        Map<String, Object> m = look.toJsonMap();
        if (m.get("problem") instanceof String p) {
            m.put("problem", redactor.redact(p));
        }
        return m;
    }

    Map<String, Object> info() {
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

    static Map<String, String> endpoints() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("status", "GET /status");
        m.put("list", "GET /list?db=&kind=daily|weekly&since=YYYY-MM-DD&limit=1..10000&deleted=true");
        m.put("trigger", "POST /trigger {\"kind\":\"nightly|weekly|cleanup|verify\",\"db\":optional; verify also "
                + "\"date\",\"store\",\"decrypt\"} (bearer token)");
        m.put("download", "GET /download/{date}/{db}[?form=combined|full|differential] (bearer token)");
        m.put("restoreGuide", "GET /restore-guide/{db}");
        m.put("health", "GET /health");
        m.put("metrics", "GET /metrics");
        m.put("diff", "GET /diff/{db}?from=YYYY-MM-DD&to=YYYY-MM-DD (bearer token)");
        m.put("dashboard", "GET /dashboard (web page; log in with the token)");
        return m;
    }

    /**
     * A run going on in this process, each database's state: {@code queued} (a cluster nightly's part waiting in the
     * cluster's queue), {@code running} (with {@code node} when a cluster node runs its part, ADR 0036), or how it
     * ended ({@code ok}, {@code failed}).
     */
    static Map<String, Object> running(dev.grove.patina.run.RunningJob job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", job.kind().id());
        m.put("ticket", job.ticket());
        m.put("trigger", job.trigger());
        m.put("startedAt", job.startedAt().toString());
        m.put("databases", job.databases().stream().map(d -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("database", d.database());
            p.put("state", d.queued() ? "queued" : d.status().id());
            p.put("node", d.node());
            p.put("rows", d.rows());
            p.put("bytes", d.bytes());
            return p;
        }).toList());
        return m;
    }

    Map<String, Object> status() {
        Instant now = clock.instant();
        List<String> problems = health.problems(now);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("healthy", problems.isEmpty());
        doc.put("reasons", problems.stream().map(redactor::redact).toList());
        doc.put("schedulerRunning", scheduler != null && scheduler.isRunning());
        doc.put("store", redactor.redact(runtime.store().describe()));
        List<Map<String, Object>> dbs = new ArrayList<>();
        for (String name : runtime.backups().databaseNames()) {
            Optional<StoredObject> good = runtime.catalog().latestGood(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("database", name);
            m.put("healthy", health.problems(name, now).isEmpty());
            m.put("lastGood", good.map(o -> {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("key", o.key());
                g.put("date", o.date().toString());
                g.put("createdAt", o.createdAt().toString());
                g.put("ageHours", Math.round(Duration.between(o.createdAt(), now).toMinutes() / 6.0) / 10.0);
                g.put("size", o.size());
                return g;
            }).orElse(null));
            // the newest passing test restore (patina verify), and whether it is older than verify_max_age_days
            ProofAge.ProofState proven = ProofAge.of(runtime.catalog(), name, now,
                    runtime.config().schedule().verifyMaxAgeDays());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("verifiedAt", proven.proof() == null ? null : proven.proof().verifiedAt().toString());
            p.put("key", proven.proof() == null ? null : proven.proof().key());
            p.put("checksPassed", proven.proof() == null ? 0 : proven.proof().passed());
            p.put("overdue", proven.overdue());
            p.put("maxAgeDays", proven.maxAge().toDays());
            p.put("line", proven.line());
            m.put("lastProven", p);
            dbs.add(m);
        }
        doc.put("databases", dbs);
        doc.put("recentRuns", runtime.catalog().recentRuns(RECENT_RUNS).stream().map(this::run).toList());
        doc.put("running", (scheduler != null ? scheduler.runs() : runtime.runs()).running().stream()
                .map(ApiDocuments::running).toList());
        Map<String, String> next = new LinkedHashMap<>();
        (scheduler != null ? scheduler.nextFireTimes() : new CronSchedule(runtime.config().schedule())
                .nextFireTimes(now)).forEach((kind, at) -> next.put(kind.id(), at.toString()));
        doc.put("nextRuns", next);
        doc.put("replicas", runtime.replicaSync().states().stream().map(r -> {
            Map<String, Object> m = r.toJsonMap();
            m.replaceAll((k, v) -> v instanceof String text ? redactor.redact(text) : v);
            return m;
        }).toList());
        return doc;
    }

    Map<String, Object> run(RunSummary r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind().id());
        m.put("trigger", r.trigger());
        m.put("runDate", r.runDate().toString());
        m.put("startedAt", r.startedAt().toString());
        m.put("endedAt", r.endedAt() == null ? null : r.endedAt().toString());
        m.put("status", r.status().id());
        m.put("node", r.node());              // the cluster node that ran it (ADR 0034); null: a stand-alone process
        m.put("recovered", r.recovered());    // a recovered fire: the node that fired it first died
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (DatabaseOutcome o : r.databases()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("database", o.database());
            d.put("status", o.status().id());
            d.put("objectKey", o.objectKey());
            d.put("bytes", o.bytes());
            d.put("rows", o.rows());
            d.put("durationMs", o.duration() == null ? null : o.duration().toMillis());
            d.put("error", o.error() == null ? null : redactor.redact(o.error()));
            d.put("schemaChange", o.schemaChange());   // what changed in the schema since the previous backup
            d.put("node", o.node());                   // the node that did this database's part; null: the run's
            d.put("recovered", o.recovered());         // run again after the node that ran it first died
            outcomes.add(d);
        }
        m.put("databases", outcomes);
        return m;
    }

    Map<String, Object> list(Map<String, String> params) {
        int limit = DEFAULT_LIST_LIMIT;
        String limitText = params.get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                throw new ApiException(400, "limit: '" + ApiHttp.printable(limitText) + "' is not a whole number");
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
                throw new ApiException(400, "kind: '" + ApiHttp.printable(kind) + "' is unknown (expected daily or weekly)");
            }
        }
        String since = params.get("since");
        if (since != null && !since.isBlank()) {
            q = q.withDates(ApiHttp.date("since", since), null);
        }
        if (!"true".equalsIgnoreCase(params.getOrDefault("deleted", "false"))) {
            q = q.withStatus(ObjectStatus.PRESENT);
        }
        Page<StoredObject> page = runtime.catalog().findObjects(q);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("total", page.total());
        doc.put("limit", page.limit());
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, String> nodes = runtime.catalog().nodesOf(page.items().stream().map(StoredObject::key).toList());
        for (StoredObject o : page.items()) {
            Map<String, Object> item = o.toJsonMap();
            item.put("node", nodes.get(o.key())); // the cluster node that stored it (ADR 0034); null: none recorded
            items.add(item);
        }
        doc.put("items", items);
        return doc;
    }
}
