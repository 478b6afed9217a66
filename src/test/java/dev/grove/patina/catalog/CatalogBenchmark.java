package dev.grove.patina.catalog;

import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.store.ObjectKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Measures the object-history filters on a catalog of 100,000 objects: 6 databases' dailies and the weeklies,
 * going back day by day from 2026-11-28 (about 45 years of nightly backups; the dailies older than 35 days and
 * the weeklies older than 2 years deleted, as retention would). Each filter is one {@link Catalog#findObjects}
 * call (the count and the page, as the console asks for them), timed 20 times after 3 warm-up calls; the table
 * shows the median. Not a unit test (surefire runs no {@code main}); run it by hand, on a quiet machine:
 *
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/classes:target/test-classes:$HOME/.m2/repository/org/xerial/sqlite-jdbc/3.54.1.0/sqlite-jdbc-3.54.1.0.jar \
 *     dev.grove.patina.catalog.CatalogBenchmark [work-folder]
 * </pre>
 * Without a work folder it uses a temporary one and deletes it afterwards.
 */
public final class CatalogBenchmark {
    private static final int OBJECTS = 100_000;
    private static final int WARM_UP = 3;
    private static final int RUNS = 20;
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
    private static final List<String> DATABASES = List.of("shop", "blog", "crm", "auth", "analytics", "wiki");

    private final Path work;

    private CatalogBenchmark(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            new CatalogBenchmark(Path.of(args[0])).run();
            return;
        }
        Path work = Files.createTempDirectory("patina-catalog-bench");
        try {
            new CatalogBenchmark(work).run();
        } finally {
            deleteRecursively(work);
        }
    }

    private record Result(String name, long matches, double medianMs, double minMs, double maxMs) {
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        Path file = work.resolve("catalog-bench.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T03:00:00Z"), ZoneOffset.UTC);

        long fillStart = System.nanoTime();
        List<StoredObject> objects = objects();
        try (Catalog catalog = Catalog.open(file, clock)) {
            for (int from = 0; from < objects.size(); from += 5_000) {
                catalog.recordObjects(objects.subList(from, Math.min(objects.size(), from + 5_000)));
            }
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;

        List<Result> results = new ArrayList<>();
        String sqliteVersion;
        long openStart = System.nanoTime();
        try (Catalog catalog = Catalog.open(file, clock)) { // reopened, as the app would be
            double openMs = (System.nanoTime() - openStart) / 1e6;
            results.add(new Result("open the catalog (once)", -1, openMs, openMs, openMs));
            ObjectQuery all = ObjectQuery.firstPage(50);
            results.add(time("no filter, page 1", () -> catalog.findObjects(all)));
            results.add(time("no filter, page 50", () -> catalog.findObjects(all.page(50, 50))));
            ObjectQuery shop = all.withDatabase("shop");
            results.add(time("database, page 1", () -> catalog.findObjects(shop)));
            results.add(time("database, page 50", () -> catalog.findObjects(shop.page(50, 50))));
            ObjectQuery dailies = all.withKind(ObjectKind.DAILY)
                    .withDates(LocalDate.of(2020, 1, 1), LocalDate.of(2024, 12, 31));
            results.add(time("kind daily + date range (5 years), page 1", () -> catalog.findObjects(dailies)));
            results.add(time("kind daily + date range (5 years), page 50",
                    () -> catalog.findObjects(dailies.page(50, 50))));
            ObjectQuery weeklies = all.withKind(ObjectKind.WEEKLY)
                    .withDates(LocalDate.of(2010, 1, 1), LocalDate.of(2019, 12, 31));
            results.add(time("kind weekly + date range (10 years), page 1", () -> catalog.findObjects(weeklies)));
            ObjectQuery month = all.withText("2019-05");
            results.add(time("text \"2019-05\", page 1", () -> catalog.findObjects(month)));
            ObjectQuery analytics = all.withText("analytics");
            results.add(time("text \"analytics\", page 1", () -> catalog.findObjects(analytics)));
            results.add(time("text \"analytics\", page 50", () -> catalog.findObjects(analytics.page(50, 50))));
            ObjectQuery present = shop.withStatus(ObjectStatus.PRESENT);
            results.add(time("database + status present, page 1", () -> catalog.findObjects(present)));
            ObjectQuery unverified = all.withStatus(ObjectStatus.UNVERIFIED);
            results.add(time("status unverified, page 1", () -> catalog.findObjects(unverified)));
            ObjectQuery combined = all.withDatabase("crm").withKind(ObjectKind.DAILY)
                    .withStatus(ObjectStatus.DELETED).withDates(LocalDate.of(2000, 1, 1), LocalDate.of(2020, 12, 31))
                    .withText("-0");
            results.add(time("database + kind + status + range + text, page 1", () -> catalog.findObjects(combined)));
            results.add(time("database + kind + status + range + text, page 50",
                    () -> catalog.findObjects(combined.page(50, 50))));
            results.add(time("latestGood(database)", () -> catalog.latestGood("wiki")));
        }
        try (Connection c = SqliteFiles.connect(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
            rs.next();
            sqliteVersion = rs.getString(1);
        }
        print(results, fillSeconds, Files.size(file), sqliteVersion, objects);
    }

    /** 100,000 objects, newest day first: 6 dailies a day and a weekly every Monday (also ConsoleBenchmark's). */
    public static List<StoredObject> objects() {
        ObjectKeys keys = new ObjectKeys("");
        Instant now = Instant.parse("2026-11-28T03:00:00Z");
        List<StoredObject> out = new ArrayList<>(OBJECTS);
        LocalDate day = TODAY;
        while (out.size() < OBJECTS) {
            long age = TODAY.toEpochDay() - day.toEpochDay();
            Instant created = day.plusDays(1).atTime(2, 0).toInstant(ZoneOffset.UTC);
            Instant verified = age % 7 == 3 ? created.plusSeconds(3600) : null;
            for (String db : DATABASES) {
                if (out.size() == OBJECTS) {
                    break;
                }
                Instant deleted = age > 35 ? created.plusSeconds(35 * 86_400L) : null;
                out.add(new StoredObject(keys.daily(day, db, ".zst"), db, ObjectKind.DAILY, day,
                        1_000_000 + age * 100 + db.length(), hex(age * 31 + db.hashCode()), rowCounts(age), created,
                        verified, deleted));
            }
            if (day.getDayOfWeek() == DayOfWeek.MONDAY && out.size() < OBJECTS) {
                Instant deleted = age > 730 ? created.plusSeconds(730 * 86_400L) : null;
                out.add(new StoredObject(keys.weekly(day), null, ObjectKind.WEEKLY, day, 6_000_000 + age,
                        hex(age), Map.of(), created.plusSeconds(7 * 86_400L), verified, deleted));
            }
            day = day.minusDays(1);
        }
        return out;
    }

    private static Map<String, Long> rowCounts(long age) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("users", 10_000 - age % 5000);
        m.put("orders", 50_000 - age % 9000);
        m.put("order_items", 120_000 - age % 20_000);
        m.put("sessions", 3_000 + age % 700);
        m.put("settings", 12L);
        return m;
    }

    private static String hex(long seed) {
        StringBuilder sb = new StringBuilder(64);
        long x = seed * 0x9E3779B97F4A7C15L;
        while (sb.length() < 64) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sb.append(String.format("%016x", x));
        }
        return sb.toString();
    }

    private static Result time(String name, Supplier<Object> query) {
        Object last = null;
        for (int i = 0; i < WARM_UP; i++) {
            last = query.get();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            last = query.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        double median = (ms[RUNS / 2 - 1] + ms[RUNS / 2]) / 2;
        long matches = last instanceof Page<?> p ? p.total()
                : last instanceof java.util.Optional<?> o ? (o.isPresent() ? 1 : 0) : -1;
        return new Result(name, matches, median, ms[0], ms[RUNS - 1]);
    }

    private static void print(List<Result> results, double fillSeconds, long fileBytes, String sqliteVersion,
                              List<StoredObject> objects) {
        long dailies = objects.stream().filter(o -> o.kind() == ObjectKind.DAILY).count();
        long present = objects.stream().filter(StoredObject::present).count();
        LocalDate oldest = objects.stream().map(StoredObject::date).min(Comparator.naturalOrder()).orElseThrow();
        System.out.printf(Locale.ROOT, "Catalog: %,d objects (%,d dailies of %d databases, %,d weeklies; %,d present)"
                        + " from %s to %s; file %.1f MiB; filled in %.1f s (recordObjects, 5,000 per transaction)%n",
                objects.size(), dailies, DATABASES.size(), objects.size() - dailies, present, oldest, TODAY,
                fileBytes / 1048576.0, fillSeconds);
        System.out.printf(Locale.ROOT, "SQLite %s, Java %s, %d cores; findObjects = count + page of 50; "
                        + "median of %d runs after %d warm-up%n%n", sqliteVersion,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), RUNS, WARM_UP);
        System.out.println("| filter | matches | median ms | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f |%n", r.name(),
                    r.matches() < 0 ? "" : String.format(Locale.ROOT, "%,d", r.matches()), r.medianMs(), r.minMs(),
                    r.maxMs());
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
