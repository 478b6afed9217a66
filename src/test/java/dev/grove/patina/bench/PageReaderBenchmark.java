package dev.grove.patina.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * `patina dump --reader pages` (ADR 0032) vs the default `patina dump` (sqlite-jdbc) vs `sqlite3 .dump`, side by
 * side in one run on the 200 MiB benchmark database: whole `java -jar` processes, the order rotated every run.
 * Run with {@code mvn -Pbench -DskipTests package -Dbench.only=pages -Dbench.runs=5}.
 */
final class PageReaderBenchmark {
    private final BenchSupport bench;

    PageReaderBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run(int runs) throws Exception {
        Path db = bench.generate(200);
        Path shellOut = bench.work.resolve("pages-sqlite3.sql");
        Path jdbcOut = bench.work.resolve("pages-jdbc.sql");
        Path pagesOut = bench.work.resolve("pages-pages.sql");
        List<BenchSupport.Measure> shell = new ArrayList<>();
        List<BenchSupport.Measure> jdbc = new ArrayList<>();
        List<BenchSupport.Measure> pages = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            BenchSupport.log("run " + (i + 1) + "/" + runs);
            for (int k = 0; k < 3; k++) {
                switch ((i + k) % 3) { // rotate which side goes first, so none always meets a warm or cold cache
                    case 0 -> shell.add(bench.exec(List.of("sqlite3", db.toString(), ".dump"), null, shellOut,
                            Map.of()));
                    case 1 -> jdbc.add(patina(db, jdbcOut, "jdbc"));
                    default -> pages.add(patina(db, pagesOut, "pages"));
                }
            }
        }
        boolean same = body(jdbcOut).equals(body(pagesOut));
        double s = BenchSupport.median(shell);
        double j = BenchSupport.median(jdbc);
        double p = BenchSupport.median(pages);
        StringBuilder b = new StringBuilder();
        b.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores (shared with other builds: "
                        + "noisy), Java ").append(System.getProperty("java.version")).append(", ")
                .append(BenchSupport.firstLine(List.of("sqlite3", "-version"))).append(" (shell).\n\n");
        b.append("Command: `mvn -Pbench -DskipTests package -Dbench.only=pages -Dbench.runs=").append(runs)
                .append("` (").append(runs).append(" rotated runs each; wall time of the whole `java -Xmx256m "
                        + "-jar` command, JVM start-up included).\n\n");
        b.append(String.format(Locale.ROOT, "Database: `make_bench_db.py OUT 200` → %s.%n%n",
                BenchSupport.mib(Files.size(db))));
        b.append("| dump | median | all runs | vs `sqlite3 .dump` |\n|---|---|---|---|\n");
        b.append(String.format(Locale.ROOT, "| `sqlite3 db .dump` | %.2f s | %s | 1.00× |%n", s,
                BenchSupport.seconds(shell)));
        b.append(String.format(Locale.ROOT, "| `patina dump` (sqlite-jdbc, the default) | %.2f s | %s | %.2f× |%n",
                j, BenchSupport.seconds(jdbc), j / s));
        b.append(String.format(Locale.ROOT, "| `patina dump --reader pages` | %.2f s | %s | %.2f× (%.2f× the "
                + "jdbc reader) |%n", p, BenchSupport.seconds(pages), p / s, p / j));
        b.append("\nThe two Patina dumps are ").append(same ? "byte for byte the same" : "NOT the same")
                .append(" below their header line (which names the reader) and footer (whose hash covers it).\n");
        bench.writeSection("pages", "Page reader (issue 18, ADR 0032)", b.toString());
        System.out.println(b);
        Files.deleteIfExists(shellOut);
        Files.deleteIfExists(jdbcOut);
        Files.deleteIfExists(pagesOut);
    }

    private BenchSupport.Measure patina(Path db, Path out, String reader) throws Exception {
        Files.deleteIfExists(out);
        return bench.exec(List.of(BenchSupport.java(), "-Xmx256m", "-jar", bench.jar.toString(), "dump",
                db.toString(), "-o", out.toString(), "--quiet", "--reader", reader), null, null, Map.of());
    }

    /** SHA-256 of the dump's lines other than its header and footer. */
    private static String body(Path dump) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (var lines = Files.lines(dump, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            lines.filter(l -> !l.startsWith("-- patina:header ") && !l.startsWith("-- patina:footer "))
                    .forEach(l -> sha.update((l + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }
}
