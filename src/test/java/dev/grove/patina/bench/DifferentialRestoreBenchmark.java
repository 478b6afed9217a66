package dev.grove.patina.bench;

import dev.grove.patina.dump.DifferentialBenchmarkMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 16's benchmark ({@code -Dbench.only=differential}, size {@code -Dbench.diffMb}, default 1024): the
 * benchmark database, 1% of its rows changed uniformly at random and clustered; bytes and wall time of a nightly
 * full vs differential, restore of the full vs full + differential ({@link DifferentialBenchmarkMain}).
 */
final class DifferentialRestoreBenchmark {
    private final BenchSupport bench;

    DifferentialRestoreBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run(int runs, int mb) throws Exception {
        Path db = bench.generate(mb);
        Path work = Files.createDirectories(bench.work.resolve("differential"));
        List<String> rows = new ArrayList<>();
        for (String pattern : List.of("uniform", "clustered")) {
            rows.add(DifferentialBenchmarkMain.row(DifferentialBenchmarkMain.run(db, work, pattern, runs)));
        }
        bench.writeSection("differential", "Differential backups (issue 16)", "Command: `mvn -Pbench -DskipTests "
                + "package -Dbench.only=differential -Dbench.diffMb=" + mb + " -Dbench.runs=" + runs + "` (measured "
                + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", medians of " + runs
                + " runs, in one JVM, on a shared machine).\n\n" + DifferentialBenchmarkMain.HEADER
                + String.join("\n", rows) + "\n");
    }
}
