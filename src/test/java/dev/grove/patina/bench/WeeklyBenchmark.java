package dev.grove.patina.bench;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.BackupSettings;
import dev.grove.patina.backup.DatabaseLocks;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * `patina weekly` of 7 days × 3 gzip dailies of the benchmark database (local-folder store) against `tar czf` of the
 * same dailies, decompressed, on disk. Whole commands (JVM start-up included); alternating runs; medians, ratio and
 * Patina's peak memory. Target from the issue: archive time ≤ 1.0× `tar czf`.
 */
final class WeeklyBenchmark {
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    static final List<String> DATABASES = List.of("bench-a", "bench-b", "bench-c");

    private final BenchSupport bench;

    WeeklyBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run(int runs, int mb) throws Exception {
        Path db = bench.generate(mb);
        BenchSupport.requireTool("tar", "--version");
        Path home = fresh(bench.work.resolve("weekly"));
        Path storeDir = home.resolve("store");
        Path plain = home.resolve("plain");
        Path catalogFile = home.resolve("catalog.sqlite");
        long plainBytes = makeDailies(db, storeDir, catalogFile, plain);
        Path config = home.resolve("weekly.toml");
        StringBuilder toml = new StringBuilder("[store]\ntype = \"local\"\npath = \"" + storeDir + "\"\n\n");
        for (String name : DATABASES) {
            toml.append("[[databases]]\nname = \"").append(name).append("\"\ntype = \"sqlite\"\npath = \"")
                    .append(db).append("\"\n\n");
        }
        toml.append("[compression]\ndaily = \"gzip\"\n\n[catalog]\npath = \"").append(catalogFile).append("\"\n");
        Files.writeString(config, toml);

        List<String> patinaCommand = List.of(BenchSupport.java(), "-Xmx256m", "-jar", bench.jar.toString(),
                "weekly", "--config", config.toString(), "--week", "2026-W48");
        List<String> tarCommand = List.of("tar", "czf", home.resolve("anchor.tar.gz").toString(), "-C",
                plain.toString(), ".");
        Map<String, String> env = Map.of("PATINA_HOME", home.resolve("patina-home").toString());
        List<BenchSupport.Measure> patina = new ArrayList<>();
        List<BenchSupport.Measure> anchor = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            BenchSupport.log("weekly run " + (i + 1) + "/" + runs);
            if (i % 2 == 0) {
                anchor.add(bench.exec(tarCommand, null, null, env));
                patina.add(bench.exec(patinaCommand, null, null, env));
            } else {
                patina.add(bench.exec(patinaCommand, null, null, env));
                anchor.add(bench.exec(tarCommand, null, null, env));
            }
        }
        long archive = Files.size(storeDir.resolve("weekly/2026-W48.tar.gz"));
        long anchorArchive = Files.size(home.resolve("anchor.tar.gz"));
        StringBuilder b = new StringBuilder();
        b.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores; ")
                .append(BenchSupport.firstLine(List.of("tar", "--version"))).append(".\n\n");
        b.append("Command: `mvn -Pbench -DskipTests package -Dbench.only=weekly` (").append(runs)
                .append(" alternating runs; whole commands, JVM start-up included). Input: 7 days × 3 gzip dailies ")
                .append("of the ").append(mb).append(" MiB benchmark database in a local-folder store, ")
                .append(BenchSupport.mib(plainBytes)).append(" of SQL decompressed. Patina reads each daily, checks ")
                .append("its SHA-256, decompresses it to a temporary file (next one prefetched on a second thread), ")
                .append("tars and gzips (level 6) into the store, and records the catalog; the anchor is `tar czf` ")
                .append("of the same dailies already decompressed on disk.\n\n");
        b.append("| measure | anchor (median) | patina weekly (median) | ratio | target | met |\n");
        b.append("|---|---|---|---|---|---|\n");
        b.append(BenchSupport.ratioRow("weekly archive, 21 dailies (`tar czf`)", BenchSupport.median(anchor),
                BenchSupport.median(patina), 1.0));
        long peak = patina.stream().mapToLong(BenchSupport.Measure::peakRssKb).max().orElse(0);
        b.append(String.format(Locale.ROOT, "%n- runs (s): tar %s, patina %s; archive %s (tar: %s); peak RSS of "
                        + "`java -Xmx256m -jar target/patina.jar weekly`: %s.%n", BenchSupport.seconds(anchor),
                BenchSupport.seconds(patina), BenchSupport.mib(archive), BenchSupport.mib(anchorArchive),
                BenchSupport.kibAsMib(peak)));
        bench.writeSection("weekly", "Weekly archive vs tar czf", b.toString());
        System.out.println(b);
    }

    /** Monday's nightly of the three databases, copied to the other six days; the plain files for tar. */
    private long makeDailies(Path db, Path storeDir, Path catalogFile, Path plain) throws Exception {
        Clock clock = Clock.fixed(MONDAY.atTime(2, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        BackupStore store = new LocalFolderStore(storeDir);
        ObjectKeys keys = new ObjectKeys("");
        long plainBytes = 0;
        try (Catalog catalog = Catalog.open(catalogFile, clock)) {
            List<DatabaseSource> sources = DATABASES.stream().<DatabaseSource>map(n -> new SqliteFileSource(n, db))
                    .toList();
            BenchSupport.log("weekly: dumping the benchmark database as Monday's 3 dailies");
            new BackupService(sources, store, keys, catalog, new SqlDumpWriter(clock, "bench"),
                    new BackupSettings(Compression.GZIP, ZoneId.of("UTC"), 3, DumpDialect.D1, "bench"),
                    new DatabaseLocks(), Redactor.none(), clock).runNightly(clock.instant(), "bench", Set.of(),
                    BackupProgress.NONE);
            for (String name : DATABASES) {
                String mondayKey = keys.daily(MONDAY, name, ".gz");
                StoredObject monday = catalog.object(mondayKey).orElseThrow();
                ObjectInfo info = store.head(mondayKey).orElseThrow();
                for (int d = 0; d < 7; d++) {
                    LocalDate date = MONDAY.plusDays(d);
                    String key = keys.daily(date, name, ".gz");
                    if (d > 0) {
                        store.put(key, out -> {
                            try (InputStream in = store.get(mondayKey)) {
                                in.transferTo(out);
                            }
                            return info.metadata();
                        });
                        catalog.recordObject(new StoredObject(key, name, monday.kind(), date, monday.size(),
                                monday.sha256(), monday.rowCounts(), monday.createdAt(), null, null));
                    }
                    Path file = Files.createDirectories(plain.resolve(date.toString())).resolve(name + ".sql");
                    try (InputStream in = Compression.decompressing(store.get(key));
                         OutputStream out = Files.newOutputStream(file)) {
                        plainBytes += in.transferTo(out);
                    }
                }
            }
        }
        return plainBytes;
    }

    private static Path fresh(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
