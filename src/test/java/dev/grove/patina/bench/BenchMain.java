package dev.grove.patina.bench;

import java.nio.file.Path;

/**
 * Runs the benchmarks ({@code mvn -Pbench -DskipTests package}) and rewrites their sections of docs/benchmarks.md.
 * {@code -Dbench.only=dump|backup|catalog|weekly|encryption|console|console-start|diff|web|startup|d1|
 * d1-differential|differential|cluster} runs one of them ({@code d1} and {@code d1-differential}, with
 * {@code -Dbench.d1Mb=50}, only when asked for: they need the compat tools;
 * {@code differential}, with {@code -Dbench.diffMb=1024}, only when asked for: issue 16's differentials, minutes per
 * run; {@code cluster}, the 300-database nightly on 1 vs 3 nodes, only when asked for: it needs
 * {@code .ci/cluster/start-postgres.sh}). {@code -Dbench.only=issue18} runs every row of issue 18 in one run (dump,
 * restore, memory, the nightly pipelines, start-up, the console's first frame, D1 query mode) and writes them as one
 * table besides each one's own section.
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

    /** Every row of issue 18's table, measured in this one run; each benchmark also rewrites its own section. */
    private static void issue18(BenchSupport bench, int runs) throws Exception {
        java.time.Instant started = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String load = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        int bigMb = Integer.getInteger("bench.bigMb", 1024);
        new DumpRestoreBenchmark(bench).run(runs, bigMb);
        new BackupBenchmark(bench).run(Math.max(1, Math.min(runs, 3)));
        new StartupBenchmark(bench).run(Math.max(9, runs));
        new ConsoleStartBenchmark(bench).run(Math.max(5, runs));
        new D1QueryBenchmark(bench).run(Math.max(1, Math.min(runs, 3)), Integer.getInteger("bench.d1Mb", 50));
        String loadAfter = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        StringBuilder b = new StringBuilder();
        b.append("Every row of issue 18, measured side by side in one run: started ").append(started)
                .append(", ended ").append(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append("; /proc/loadavg before `").append(load)
                .append("`, after `").append(loadAfter).append("`.\n\n")
                .append("Command: `source ~/.cache/patina-compat/tools.env; mvn -o -Pbench -DskipTests package "
                        + "-Dbench.only=issue18 -Dbench.runs=").append(runs).append(" -Dbench.bigMb=").append(bigMb)
                .append("` (needs the sqlite3 shell, gzip, zstd, the aws CLI, Xvfb and the compat tools' wrangler; "
                        + "each row's runs and details are in its own section below).\n\n")
                .append("| work | anchor (median) | Patina (median) | ratio | target | met |\n")
                .append("|---|---|---|---|---|---|\n");
        bench.summary.forEach(row -> b.append(row).append('\n'));
        bench.writeSection("issue18", "Issue 18: every row in one run", b.toString());
        System.out.println(b);
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
        if (only.equals("startup")) {
            new StartupBenchmark(bench).run(Math.max(9, runs));
        }
        if (only.equals("pages")) { // ADR 0032's opt-in page reader vs the default reader and the shell
            new PageReaderBenchmark(bench).run(Math.max(3, runs));
        }
        if (only.equals("issue18")) {
            issue18(bench, runs);
        }
        if (only.equals("differential")) { // issue 16's: minutes per run at 1 GiB, only when asked for
            new DifferentialRestoreBenchmark(bench).run(Math.max(1, Math.min(runs, 3)),
                    Integer.getInteger("bench.diffMb", 1024));
        }
        if (only.equals("cluster")) { // needs the cluster suite's PostgreSQL: only when asked for
            new ClusterFanOutBenchmark(bench).run(Math.max(1, Math.min(runs, 5)),
                    Integer.getInteger("bench.clusterDbs", 300));
        }
        if (only.equals("d1")) { // needs the compat tools: only when asked for
            new D1QueryBenchmark(bench).run(Math.max(1, Math.min(runs, 5)), Integer.getInteger("bench.d1Mb", 50));
        }
        if (only.equals("d1-differential")) { // issue 16's D1 night: full vs differential, needs the compat tools
            new D1DifferentialBenchmark(bench).run(Math.max(1, Math.min(runs, 5)), Integer.getInteger("bench.d1Mb", 50));
        }
    }
}
