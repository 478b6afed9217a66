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
 * `patina backup` of the 200 MiB benchmark database, with {@code [compression] workers = 1} and with one worker per
 * core (ADR 0018), to a local S3 server (S3Proxy on 127.0.0.1, objects in a
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
        int cores = Runtime.getRuntime().availableProcessors();
        // per compression: Patina with [compression] workers = 1 (one stream, as before ADR 0018) and without the
        // key (one worker per core), each side by side with the anchor pipeline in the same alternating runs
        Map<String, List<BenchSupport.Measure>> patina = new LinkedHashMap<>();
        Map<String, List<BenchSupport.Measure>> anchor = new LinkedHashMap<>();
        Map<String, String> anchorCommands = new LinkedHashMap<>();
        Map<String, Long> objectBytes = new LinkedHashMap<>();
        Map<String, Long> anchorBytes = new LinkedHashMap<>();
        long sqlBytes;
        try (S3ProxyServer s3 = new S3ProxyServer(fresh(bench.work.resolve("s3")))) {
            String bucket = s3.newBucket();
            Map<String, String> env = Map.of("PATINA_BENCH_SECRET", S3ProxyServer.SECRET_KEY,
                    "PATINA_HOME", bench.work.resolve("home").toString(),
                    "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY,
                    "AWS_DEFAULT_REGION", "us-east-1");
            Path sql = bench.work.resolve("bench-200.sql");
            bench.exec(List.of("bash", "-c", "sqlite3 '" + db + "' .dump > '" + sql + "'"), null, null, env);
            sqlBytes = Files.size(sql);
            Files.delete(sql);
            for (String compression : List.of("gzip", "zstd")) {
                String compressor = compression.equals("gzip") ? "gzip -6" : "zstd -3 -q -c";
                String suffix = compression.equals("gzip") ? ".gz" : ".zst";
                Path anchorCopy = bench.work.resolve("anchor.sql" + suffix);
                String sink = aws ? "aws s3 cp - s3://" + bucket + "/anchor/bench.sql"
                        + suffix + " --endpoint-url " + s3.endpoint() + " --only-show-errors"
                        : "cat > " + anchorCopy;
                String shell = "set -o pipefail; sqlite3 '" + db + "' .dump | " + compressor + " | " + sink;
                // table cells: a pipe must be escaped even inside code spans
                anchorCommands.put(compression, "sqlite3 db .dump \\| " + compressor + " \\| "
                        + (aws ? "aws s3 cp - s3://…" : "file"));
                Map<String, List<String>> variants = new LinkedHashMap<>();
                for (String workers : List.of("1", "default")) {
                    String label = compression + ", workers " + (workers.equals("1") ? "1"
                            : "default (" + cores + ")");
                    Path config = config(s3, bucket, db, compression, workers);
                    variants.put(label, List.of(BenchSupport.java(), "-Xmx256m", "-jar", bench.jar.toString(),
                            "backup", "--config", config.toString(), "--quiet"));
                }
                for (int i = 0; i < runs; i++) {
                    BenchSupport.log("backup " + compression + " run " + (i + 1) + "/" + runs);
                    List<String> order = new ArrayList<>(variants.keySet());
                    if (i % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    if (i % 2 == 0) {
                        anchor.computeIfAbsent(compression, k -> new ArrayList<>())
                                .add(bench.exec(List.of("bash", "-c", shell), null, null, env));
                    }
                    for (String label : order) {
                        patina.computeIfAbsent(label, k -> new ArrayList<>())
                                .add(bench.exec(variants.get(label), null, null, env));
                    }
                    if (i % 2 == 1) {
                        anchor.computeIfAbsent(compression, k -> new ArrayList<>())
                                .add(bench.exec(List.of("bash", "-c", shell), null, null, env));
                    }
                }
                anchorBytes.put(compression, aws ? storedBytes(bench.work.resolve("s3"), "anchor", suffix)
                        : Files.size(anchorCopy));
                for (String workers : List.of("1", "default")) {
                    objectBytes.put(compression + "-" + workers, storedBytes(bench.work.resolve("s3"),
                            "patina-" + compression + "-" + workers, suffix));
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("Issue 18's pipeline rows: compression on more than one core (ADR 0018). Measured ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ").append(cores)
                .append(" cores shared with other builds (the machine was loaded: treat the seconds as rough, the"
                        + " ratios of one run as side by side); S3 server: S3Proxy on 127.0.0.1 (objects in a folder),"
                        + " started by the benchmark; anchor upload: ")
                .append(aws ? "`aws s3 cp -` (" + BenchSupport.firstLine(List.of("aws", "--version")) + ")"
                        : "none (no aws CLI: the anchor writes a file)").append(".\n\n");
        b.append("Command: `mvn -o -Pbench -DskipTests package -Dbench.only=backup` (").append(runs)
                .append(" alternating runs each; whole commands, JVM start-up included; Patina's run includes ")
                .append("the catalog, the SHA-256 of the stored bytes and the object metadata). `workers 1` is ")
                .append("`[compression] workers = 1` (one stream, as before); `default` leaves the key out (one ")
                .append("worker per core).\n\n");
        b.append("| measure | anchor (median) | patina backup (median) | ratio | target | met |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (String label : patina.keySet()) {
            String c = label.substring(0, label.indexOf(','));
            b.append(BenchSupport.ratioRow("200 MiB, " + label + " vs `" + anchorCommands.get(c) + "`",
                    BenchSupport.median(anchor.get(c)), BenchSupport.median(patina.get(label)), 0.7));
        }
        String gzipDefault = "gzip, workers default (" + cores + ")";
        String zstdDefault = "zstd, workers default (" + cores + ")";
        if (patina.containsKey(zstdDefault)) {
            b.append(BenchSupport.ratioRow("200 MiB, Patina zstd (workers default) vs `" + anchorCommands.get("gzip")
                    + "` (what an operator does by hand)", BenchSupport.median(anchor.get("gzip")),
                    BenchSupport.median(patina.get(zstdDefault)), 0.5));
        }
        if (patina.containsKey(gzipDefault) && patina.containsKey(zstdDefault)) {
            bench.summarize("nightly to S3, gzip", "`" + anchorCommands.get("gzip") + "`",
                    BenchSupport.median(anchor.get("gzip")), BenchSupport.median(patina.get(gzipDefault)), 0.7);
            bench.summarize("nightly to S3, Patina zstd vs the gzip pipeline", "`" + anchorCommands.get("gzip") + "`",
                    BenchSupport.median(anchor.get("gzip")), BenchSupport.median(patina.get(zstdDefault)), 0.5);
            bench.summarize("nightly to S3, zstd", "`" + anchorCommands.get("zstd") + "`",
                    BenchSupport.median(anchor.get("zstd")), BenchSupport.median(patina.get(zstdDefault)), 0.7);
        }
        b.append('\n');
        for (String label : patina.keySet()) {
            String c = label.substring(0, label.indexOf(','));
            long peak = patina.get(label).stream().mapToLong(BenchSupport.Measure::peakRssKb).max().orElse(0);
            b.append(String.format(Locale.ROOT, "- %s: runs (s) anchor %s, patina %s; peak RSS of `java -Xmx256m "
                    + "-jar target/patina.jar backup`: %s.%n", label, BenchSupport.seconds(anchor.get(c)),
                    BenchSupport.seconds(patina.get(label)), BenchSupport.kibAsMib(peak)));
        }
        b.append(String.format(Locale.ROOT, "- sizes: `sqlite3 .dump` %.1f MiB; `gzip -6` %.1f MiB, Patina gzip "
                        + "workers 1 %.1f MiB, default %.1f MiB; `zstd -3` %.1f MiB, Patina zstd workers 1 %.1f MiB, "
                        + "default %.1f MiB (Patina's objects also hold its dump header and footer).%n",
                sqlBytes / 1048576.0, anchorBytes.get("gzip") / 1048576.0, objectBytes.get("gzip-1") / 1048576.0,
                objectBytes.get("gzip-default") / 1048576.0, anchorBytes.get("zstd") / 1048576.0,
                objectBytes.get("zstd-1") / 1048576.0, objectBytes.get("zstd-default") / 1048576.0));
        b.append(String.format(Locale.ROOT, "- at a 20 Mbit/s uplink (2.5 MB/s) these objects would take: plain "
                        + "%.0f s, gzip %.0f s, zstd %.0f s to upload.%n", sqlBytes / 2.5e6,
                objectBytes.get("gzip-default") / 2.5e6, objectBytes.get("zstd-default") / 2.5e6));
        bench.writeSection("backup-pipeline", "Nightly to S3 with compression workers (issue 18, ADR 0018)",
                b.toString());
        System.out.println(b);
    }

    /** The size of the one object under {@code prefix} whose name ends in {@code suffix}, in S3Proxy's folder. */
    private static long storedBytes(Path s3, String prefix, String suffix) throws Exception {
        try (var walk = Files.walk(s3)) {
            List<Path> found = walk.filter(Files::isRegularFile).filter(p -> p.toString().contains(prefix)
                    && p.toString().endsWith(".sql" + suffix)).toList();
            if (found.isEmpty()) {
                return -1;
            }
            return Files.size(found.get(0));
        }
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

    private Path config(S3ProxyServer s3, String bucket, Path db, String compression, String workers)
            throws Exception {
        String label = compression + "-" + workers;
        Path file = bench.work.resolve("backup-" + label + ".toml");
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
                %s

                [catalog]
                path = "%s"
                """.formatted(s3.endpoint(), bucket, S3ProxyServer.ACCESS_KEY, label, db, compression,
                workers.equals("default") ? "" : "workers = " + workers,
                bench.work.resolve("catalog-" + label + ".sqlite")));
        return file;
    }
}
