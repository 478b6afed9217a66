package dev.grove.patina.bench;

import dev.grove.patina.api.ApiServer;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.CatalogBenchmark;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.util.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web dashboard's history table over a catalog of 100,000 objects (CatalogBenchmark's filler): each filter the
 * page offers is one {@code GET /dashboard/history} over real HTTP on loopback to a started {@link ApiServer},
 * timed 20 times after 3 warm-up calls. Two times per call: the server's own (its {@code Server-Timing} header:
 * the catalog's count and page) and the whole round trip (request, query, JSON, response). Target: < 100 ms server
 * time for every filter.
 */
final class WebBenchmark {
    private static final int WARM_UP = 3;
    private static final int RUNS = 20;
    private static final String TOKEN = "bench-token-not-secret";
    private static final Pattern TIMING = Pattern.compile("catalog;dur=([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("\"total\":([0-9]+)");

    private final BenchSupport bench;

    WebBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        Path dir = bench.work.resolve("web-catalog");
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        Path config = UiFixtures.workspace(dir, List.of("shop", "blog", "crm", "auth", "analytics", "wiki"), 1);
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T03:00:00Z"), ZoneOffset.UTC);
        List<StoredObject> objects = CatalogBenchmark.objects();
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock)) {
            for (int from = 0; from < objects.size(); from += 5_000) {
                catalog.recordObjects(objects.subList(from, Math.min(objects.size(), from + 5_000)));
            }
        }
        seedSchemas(dir.resolve("catalog.sqlite"));
        BenchSupport.log("catalog of " + objects.size() + " objects ready");
        List<String[]> filters = List.of(
                new String[] {"first page, no filter (50 of all)", "size=50"},
                new String[] {"database shop", "db=shop&size=50"},
                new String[] {"database shop, page 200", "db=shop&size=50&page=200"},
                new String[] {"database shop, 500 per page", "db=shop&size=500"},
                new String[] {"kind weekly", "kind=weekly&size=50"},
                new String[] {"status present", "status=present&size=50"},
                new String[] {"status deleted, last page", "status=deleted&size=100&page=997"},
                new String[] {"status verified", "status=verified&size=50"},
                new String[] {"date range (one year, all databases)", "from=2025-01-01&to=2025-12-31&size=50"},
                new String[] {"database + kind + status + date range", "db=crm&kind=daily&status=deleted"
                        + "&from=2010-01-01&to=2019-12-31&size=100"});
        StringBuilder doc = new StringBuilder();
        doc.append(String.format(Locale.ROOT, "Catalog: %,d objects (CatalogBenchmark's filler), each daily with a "
                        + "recorded schema and its nightly's result (one in 30 a schema change), so each page also "
                        + "looks up its schema markers (one query per page); Java %s, %d cores. "
                        + "Median of %d calls after %d warm-up, over HTTP on loopback, bearer token.%n%n",
                objects.size(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                RUNS, WARM_UP));
        doc.append("| filter | matches | schema markers on the page | server median ms | server max ms "
                + "| round trip median ms | < 100 ms? |\n");
        doc.append("|---|---|---|---|---|---|---|\n");
        boolean allMet = true;
        try (PatinaRuntime runtime = UiFixtures.open(config, clock);
             ApiServer api = new ApiServer(runtime, runtime.runs(), null, new ApiConfig(true, "127.0.0.1", 0,
                     Optional.of(new Secret(TOKEN, "env:BENCH"))), clock).start()) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + api.port() + "/dashboard/history?";
            for (String[] f : filters) {
                double[] server = new double[RUNS];
                double[] trip = new double[RUNS];
                String total = "?";
                int marked = 0;
                for (int i = 0; i < WARM_UP + RUNS; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + f[1]))
                            .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                    double ms = (System.nanoTime() - start) / 1e6;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(f[1] + ": HTTP " + r.statusCode() + " " + r.body());
                    }
                    Matcher t = TIMING.matcher(r.headers().firstValue("Server-Timing").orElse(""));
                    if (!t.find()) {
                        throw new IllegalStateException(f[1] + ": no Server-Timing header");
                    }
                    Matcher n = TOTAL.matcher(r.body());
                    total = n.find() ? String.format(Locale.ROOT, "%,d", Long.parseLong(n.group(1))) : "?";
                    marked = r.body().split("\"schemaChange\":\\{", -1).length - 1;
                    if (i >= WARM_UP) {
                        server[i - WARM_UP] = Double.parseDouble(t.group(1));
                        trip[i - WARM_UP] = ms;
                    }
                }
                Arrays.sort(server);
                Arrays.sort(trip);
                boolean met = median(server) < 100;
                allMet &= met;
                doc.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %s |%n", f[0], total,
                        marked, median(server), server[RUNS - 1], median(trip), met ? "yes" : "**no**"));
                BenchSupport.log("web history " + f[0] + ": " + median(server) + " ms");
            }
        }
        doc.append('\n').append(allMet ? "Target met: every filter's server median is below 100 ms."
                : "**Target missed** for the filters marked no.").append('\n');
        bench.writeSection("web", "Web dashboard: history table", "Command: `mvn -Pbench -DskipTests package "
                + "-Dbench.only=web` (measured " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "). Target: every filter of 100,000 backups < 100 ms server time.\n\n" + doc + "\n");
    }

    /**
     * Gives every daily a recorded schema (two schemas alternating every 30 days, so about one daily in 30 differs
     * from the previous one) and a nightly run per day whose results name each daily, with the schema change where
     * it differs: each history page then looks up its schema markers as in production.
     */
    private static void seedSchemas(Path catalog) throws Exception {
        List<String> a = List.of("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
        List<String> b = List.of("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT)");
        String fa = dev.grove.patina.catalog.BackupSchemas.fingerprint(a);
        String fb = dev.grove.patina.catalog.BackupSchemas.fingerprint(b);
        String day = "CAST(julianday(date) AS INTEGER)";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + catalog);
             java.sql.Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO schemas (sha256, statements) VALUES ('" + fa + "', '[\"" + a.get(0)
                    + "\"]'), ('" + fb + "', '[\"" + b.get(0) + "\"]')");
            s.executeUpdate("UPDATE objects SET schema_sha256 = CASE WHEN (" + day + " / 30) % 2 = 0 THEN '" + fa
                    + "' ELSE '" + fb + "' END WHERE kind = 'daily'");
            s.executeUpdate("INSERT INTO runs (id, kind, \"trigger\", run_date, started_at, ended_at, status) "
                    + "SELECT 'bench-' || date, 'nightly', 'schedule', date, min(created_at) - 60000, "
                    + "max(created_at), 'ok' FROM objects WHERE kind = 'daily' GROUP BY date");
            s.executeUpdate("INSERT INTO database_results (run_id, database, status, \"rows\", bytes, duration_ms, "
                    + "object_key, schema_change) SELECT 'bench-' || date, database, 'ok', 0, size, 1000, \"key\", "
                    + "CASE WHEN " + day + " % 30 = 0 THEN 'column users.email "
                    + "added (TEXT)' END FROM objects WHERE kind = 'daily'");
            c.commit();
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
