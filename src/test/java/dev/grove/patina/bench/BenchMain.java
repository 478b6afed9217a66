package dev.grove.patina.bench;

import java.nio.file.Path;

/**
 * Runs the benchmarks ({@code mvn -Pbench -DskipTests package}) and rewrites their sections of docs/benchmarks.md.
 * {@code -Dbench.only=dump|backup|catalog|weekly|encryption|console|console-start|diff|web|d1|cluster} runs one
 * of them ({@code d1}, with {@code -Dbench.d1Mb=50}, only when asked for: it needs the compat tools; {@code cluster},
 * the 300-database nightly on 1 vs 3 nodes, only when asked for: it needs {@code .ci/cluster/start-postgres.sh}).
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** Runs CatalogBenchmark (100,000 objects; target: every filter < 100 ms) and records its table. */
    private static void catalog(BenchSupport bench) throws Exception {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        try (java.io.PrintStream to = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setOut(to);
            dev.grove.patina.catalog.CatalogBenchmark.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String table = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        original.print(table);
        bench.writeSection("catalog", "Catalog queries", "Command: `mvn -Pbench -DskipTests package "
                + "-Dbench.only=catalog` (measured " + java.time.Instant.now().truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS) + "). Target: every filter of 100,000 objects < 100 ms.\n\n"
                + table + "\n");
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = Integer.getInteger("bench.runs", 5);
        String only = System.getProperty("bench.only", "");
        BenchSupport.requireTool("sqlite3", "-version");
        BenchSupport.requireTool("python3", "--version");
        BenchSupport bench = new BenchSupport(root);
        if (only.isEmpty() || only.equals("dump")) {
            new DumpRestoreBenchmark(bench).run(runs, Integer.getInteger("bench.bigMb", 1024));
        }
        if (only.isEmpty() || only.equals("backup")) {
            new BackupBenchmark(bench).run(Math.max(1, Math.min(runs, 3)));
        }
        if (only.isEmpty() || only.equals("catalog")) {
            catalog(bench);
        }
        if (only.isEmpty() || only.equals("weekly")) {
            new WeeklyBenchmark(bench).run(Math.max(1, Math.min(runs, 3)), Integer.getInteger("bench.weeklyMb", 20));
        }
        if (only.isEmpty() || only.equals("encryption")) {
            new EncryptionBenchmark(bench).run(Math.max(1, Math.min(runs, 5)));
        }
        if (only.isEmpty() || only.equals("console")) {
            new ConsoleBenchmark(bench).run();
        }
        if (only.isEmpty() || only.equals("console-start")) {
            new ConsoleStartBenchmark(bench).run(Math.max(5, runs));
        }
        if (only.isEmpty() || only.equals("diff")) {
            new DiffBenchmark(bench).run(Math.max(1, Math.min(runs, 5)), 200);
        }
        if (only.isEmpty() || only.equals("web")) {
            new WebBenchmark(bench).run();
        }
        if (only.equals("cluster")) { // needs the cluster suite's PostgreSQL: only when asked for
            new ClusterFanOutBenchmark(bench).run(Math.max(1, Math.min(runs, 5)),
                    Integer.getInteger("bench.clusterDbs", 300));
        }
        if (only.equals("d1")) { // needs the compat tools: only when asked for
            new D1QueryBenchmark(bench).run(Math.max(1, Math.min(runs, 5)), Integer.getInteger("bench.d1Mb", 50));
        }
    }
}
