package dev.grove.patina.bench;

import dev.grove.patina.store.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * `patina backup` of the 200 MiB benchmark database to a local S3 server (S3Proxy on 127.0.0.1, objects in a
 * folder), gzip and zstd, against `sqlite3 db .dump | gzip -6` (or `zstd -3`) piped into `aws s3 cp -` to the same
 * server — or into a file when the aws CLI is absent. Alternating runs; medians, ratios and peak memory.
 */
final class BackupBenchmark {
    private final BenchSupport bench;

    BackupBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run(int runs) throws Exception {
        Path db = bench.generate(200);
        boolean aws = BenchSupport.hasTool("aws", "--version");
        BenchSupport.requireTool("gzip", "--version");
        BenchSupport.requireTool("zstd", "--version");
        Map<String, List<BenchSupport.Measure>> patina = new LinkedHashMap<>();
        Map<String, List<BenchSupport.Measure>> anchor = new LinkedHashMap<>();
        Map<String, String> anchorCommands = new LinkedHashMap<>();
        try (S3ProxyServer s3 = new S3ProxyServer(fresh(bench.work.resolve("s3")))) {
            String bucket = s3.newBucket();
            Map<String, String> env = Map.of("PATINA_BENCH_SECRET", S3ProxyServer.SECRET_KEY,
                    "PATINA_HOME", bench.work.resolve("home").toString(),
                    "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY,
                    "AWS_DEFAULT_REGION", "us-east-1");
            for (String compression : List.of("gzip", "zstd")) {
                Path config = config(s3, bucket, db, compression);
                String compressor = compression.equals("gzip") ? "gzip -6" : "zstd -3 -q -c";
                String suffix = compression.equals("gzip") ? ".gz" : ".zst";
                String sink = aws ? "aws s3 cp - s3://" + bucket + "/anchor/bench.sql" + suffix + " --endpoint-url "
                        + s3.endpoint() + " --only-show-errors" : "cat > " + bench.work.resolve("anchor.sql" + suffix);
                String shell = "set -o pipefail; sqlite3 '" + db + "' .dump | " + compressor + " | " + sink;
                // table cells: a pipe must be escaped even inside code spans
                anchorCommands.put(compression, "sqlite3 db .dump \\| " + compressor + " \\| "
                        + (aws ? "aws s3 cp - s3://…" : "file"));
                List<String> patinaCommand = List.of(BenchSupport.java(), "-Xmx256m", "-jar", bench.jar.toString(),
                        "backup", "--config", config.toString(), "--quiet");
                for (int i = 0; i < runs; i++) {
                    BenchSupport.log("backup " + compression + " run " + (i + 1) + "/" + runs);
                    if (i % 2 == 0) {
                        anchor.computeIfAbsent(compression, k -> new ArrayList<>())
                                .add(bench.exec(List.of("bash", "-c", shell), null, null, env));
                        patina.computeIfAbsent(compression, k -> new ArrayList<>())
                                .add(bench.exec(patinaCommand, null, null, env));
                    } else {
                        patina.computeIfAbsent(compression, k -> new ArrayList<>())
                                .add(bench.exec(patinaCommand, null, null, env));
                        anchor.computeIfAbsent(compression, k -> new ArrayList<>())
                                .add(bench.exec(List.of("bash", "-c", shell), null, null, env));
                    }
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores; S3 server: S3Proxy 3.0.0 on ")
                .append("127.0.0.1 (objects in a folder), started by the benchmark; anchor upload: ")
                .append(aws ? "`aws s3 cp -` (" + BenchSupport.firstLine(List.of("aws", "--version")) + ")"
                        : "none (no aws CLI: the anchor writes a file)").append(".\n\n");
        b.append("Command: `mvn -Pbench -DskipTests package -Dbench.only=backup` (").append(runs)
                .append(" alternating runs each; whole commands, JVM start-up included; Patina's run includes ")
                .append("the catalog, the SHA-256 of the stored bytes and the object metadata).\n\n");
        b.append("| measure | anchor (median) | patina backup (median) | ratio | target | met |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (String c : patina.keySet()) {
            b.append(BenchSupport.ratioRow("200 MiB, " + c + " (`" + anchorCommands.get(c) + "`)",
                    BenchSupport.median(anchor.get(c)), BenchSupport.median(patina.get(c)), 0.5));
        }
        b.append('\n');
        for (String c : patina.keySet()) {
            long peak = patina.get(c).stream().mapToLong(BenchSupport.Measure::peakRssKb).max().orElse(0);
            b.append(String.format(Locale.ROOT, "- %s: runs (s) anchor %s, patina %s; peak RSS of `java -Xmx256m "
                    + "-jar target/patina.jar backup`: %s.%n", c, BenchSupport.seconds(anchor.get(c)),
                    BenchSupport.seconds(patina.get(c)), BenchSupport.kibAsMib(peak)));
        }
        bench.writeSection("backup", "Nightly backup to S3 vs sqlite3 .dump | compressor | upload", b.toString());
        System.out.println(b);
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

    private Path config(S3ProxyServer s3, String bucket, Path db, String compression) throws Exception {
        Path file = bench.work.resolve("backup-" + compression + ".toml");
        Files.writeString(file, """
                [store]
                type = "s3"
                endpoint = "%s"
                bucket = "%s"
                access_key_id = "%s"
                secret_access_key = "env:PATINA_BENCH_SECRET"
                prefix = "patina-%s/"

                [[databases]]
                name = "bench"
                type = "sqlite"
                path = "%s"

                [compression]
                daily = "%s"

                [catalog]
                path = "%s"
                """.formatted(s3.endpoint(), bucket, S3ProxyServer.ACCESS_KEY, compression, db, compression,
                bench.work.resolve("catalog-" + compression + ".sqlite")));
        return file;
    }
}
