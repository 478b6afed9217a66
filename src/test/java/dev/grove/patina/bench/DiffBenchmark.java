package dev.grove.patina.bench;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.BackupSettings;
import dev.grove.patina.backup.DatabaseLocks;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * `patina diff` of two nightly backups of the benchmark database around a migration: with the schemas the nightly
 * recorded in the catalog (the default since catalog version 4) and, on a copy of the catalog without those records,
 * by downloading both dumps and streaming their CREATE statements out. Whole commands (JVM start-up included) under
 * {@code -Xmx256m}; alternating runs; medians and peak memory. Target from issue 15: ≤ 2 s with recorded schemas.
 */
final class DiffBenchmark {
    static final LocalDate DAY_A = LocalDate.of(2026, 11, 23);
    static final LocalDate DAY_B = DAY_A.plusDays(1);

    private final BenchSupport bench;

    DiffBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run(int runs, int mb) throws Exception {
        Path shared = bench.generate(mb);
        Path home = bench.work.resolve("diff");
        if (Files.exists(home)) {
            try (var walk = Files.walk(home)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(home);
        Path db = Files.copy(shared, home.resolve("bench.sqlite"), StandardCopyOption.REPLACE_EXISTING);
        Path storeDir = home.resolve("store");
        Path recorded = home.resolve("catalog-recorded.sqlite");
        night(db, storeDir, recorded, DAY_A);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            BenchSupport.log("diff: migrating the copy (a column dropped and one added, an index added)");
            for (String table : tables(s)) {
                s.execute("ALTER TABLE \"" + table + "\" ADD COLUMN bench_note TEXT");
            }
            s.execute("CREATE TABLE bench_audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, what TEXT)");
            s.execute("CREATE INDEX bench_audit_at ON bench_audit (at)");
        }
        night(db, storeDir, recorded, DAY_B);
        Path dumps = Files.copy(recorded, home.resolve("catalog-dumps.sqlite"), StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dumps); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE objects SET schema_sha256 = NULL");
        }
        Path withRecords = config(home, "recorded", storeDir, db, recorded);
        Path withoutRecords = config(home, "dumps", storeDir, db, dumps);
        Map<String, String> env = Map.of("PATINA_HOME", home.resolve("patina-home").toString());
        List<BenchSupport.Measure> fast = new ArrayList<>();
        List<BenchSupport.Measure> slow = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            BenchSupport.log("diff run " + (i + 1) + "/" + runs);
            List<String> a = command(withRecords);
            List<String> b = command(withoutRecords);
            if (i % 2 == 0) {
                fast.add(bench.exec(a, null, home.resolve("recorded.txt"), env, 1));
                slow.add(bench.exec(b, null, home.resolve("dumps.txt"), env, 1));
            } else {
                slow.add(bench.exec(b, null, home.resolve("dumps.txt"), env, 1));
                fast.add(bench.exec(a, null, home.resolve("recorded.txt"), env, 1));
            }
        }
        String fromRecords = Files.readString(home.resolve("recorded.txt"));
        String fromDumps = Files.readString(home.resolve("dumps.txt"));
        if (!fromRecords.equals(fromDumps)) {
            throw new IllegalStateException("the two roads disagree:\n" + fromRecords + "\n---\n" + fromDumps);
        }
        long dumpA = Files.size(storeDir.resolve("daily/" + DAY_A + "/bench.sql.zst"));
        double median = BenchSupport.median(fast);
        StringBuilder b = new StringBuilder();
        b.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(".\n\n");
        b.append("Command: `mvn -Pbench -DskipTests package -Dbench.only=diff` (").append(runs)
                .append(" alternating runs; `java -Xmx256m -jar target/patina.jar diff bench ").append(DAY_A)
                .append(' ').append(DAY_B).append("`, whole command, JVM start-up included). Input: two zstd ")
                .append("nightlies of the ").append(mb).append(" MiB benchmark database (").append(BenchSupport.mib(dumpA))
                .append(" each, compressed) around a migration that adds a column to every table and a table with ")
                .append("an index; local-folder store. Both roads print the same comparison (checked).\n\n");
        b.append("| measure | median | runs (s) | peak RSS | target | met |\n|---|---|---|---|---|---|\n");
        b.append(String.format(Locale.ROOT, "| diff, schemas recorded by the nightly (no dump read) | %.2f s | %s | %s "
                        + "| ≤ 2 s | %s |%n", median, BenchSupport.seconds(fast), peak(fast),
                median <= 2.0 ? "yes" : "**no**"));
        b.append(String.format(Locale.ROOT, "| diff, no records: both dumps downloaded, SHA-256 checked, CREATE "
                        + "statements streamed out | %.2f s | %s | %s | (reported) | — |%n", BenchSupport.median(slow),
                BenchSupport.seconds(slow), peak(slow)));
        b.append("\nOutput of the comparison:\n\n```\n").append(fromRecords.strip()).append("\n```\n");
        bench.writeSection("diff", "Schema comparison of two backups", b.toString());
        System.out.println(b);
    }

    private static String peak(List<BenchSupport.Measure> ms) {
        return BenchSupport.kibAsMib(ms.stream().mapToLong(BenchSupport.Measure::peakRssKb).max().orElse(0));
    }

    private List<String> command(Path config) {
        return List.of(BenchSupport.java(), "-Xmx256m", "-jar", bench.jar.toString(), "diff", "bench",
                DAY_A.toString(), DAY_B.toString(), "--config", config.toString());
    }

    private static List<String> tables(Statement s) throws Exception {
        List<String> out = new ArrayList<>();
        try (var rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void night(Path db, Path storeDir, Path catalogFile, LocalDate day) throws Exception {
        Clock clock = Clock.fixed(day.atTime(2, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        try (Catalog catalog = Catalog.open(catalogFile, clock)) {
            BenchSupport.log("diff: nightly of " + day);
            new BackupService(List.of(new SqliteFileSource("bench", db)), new LocalFolderStore(storeDir),
                    new ObjectKeys(""), catalog, new SqlDumpWriter(clock, "bench"),
                    new BackupSettings(Compression.ZSTD, ZoneId.of("UTC"), 1, DumpDialect.D1, "bench"),
                    new DatabaseLocks(), Redactor.none(), clock).runNightly(clock.instant(), "bench", Set.of(),
                    BackupProgress.NONE);
        }
    }

    private static Path config(Path home, String name, Path storeDir, Path db, Path catalogFile) throws Exception {
        return Files.writeString(home.resolve(name + ".toml"), "[store]\ntype = \"local\"\npath = \"" + storeDir
                + "\"\n\n[[databases]]\nname = \"bench\"\ntype = \"sqlite\"\npath = \"" + db + "\"\n\n"
                + "[compression]\ndaily = \"zstd\"\n\n[catalog]\npath = \"" + catalogFile + "\"\n");
    }
}
