package dev.grove.patina.bench;

import java.nio.file.Path;

/**
 * Runs the benchmarks ({@code mvn -Pbench -DskipTests package}) and rewrites their sections of docs/benchmarks.md.
 * {@code -Dbench.only=dump|backup} runs one of them.
 */
public final class BenchMain {
    private BenchMain() {
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
    }
}
