package dev.grove.patina.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Issue 18's start-up row: an empty {@code patina dump}, as the README runs it ({@code java -jar}), against a
 * hello-world JVM, side by side and interleaved; {@code --version} beside them. Wall time of whole processes.
 */
final class StartupBenchmark {
    private final BenchSupport bench;

    StartupBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run(int runs) throws Exception {
        Path dir = Files.createDirectories(bench.work.resolve("startup"));
        Path hello = dir.resolve("Hello.java");
        Files.writeString(hello, "public class Hello { public static void main(String[] a) { "
                + "System.out.println(\"hello\"); } }\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null || javac.run(null, null, null, "-d", dir.toString(), hello.toString()) != 0) {
            throw new IllegalStateException("cannot compile " + hello + " (a JDK, not a JRE, runs the benchmark)");
        }
        Path empty = dir.resolve("empty.sqlite");
        Files.deleteIfExists(empty);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + empty); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)"); // a real database file with a schema page, then nothing in it
            s.execute("DROP TABLE t");
        }
        Path out = dir.resolve("empty.sql");
        Map<String, List<String>> sides = new LinkedHashMap<>();
        sides.put("hello-world JVM (`java -cp DIR Hello`)", List.of(BenchSupport.java(), "-cp", dir.toString(),
                "Hello"));
        sides.put("`java -jar target/patina.jar dump empty.sqlite -o empty.sql`", List.of(BenchSupport.java(),
                "-jar", bench.jar.toString(), "dump", empty.toString(), "-o", out.toString(), "--quiet"));
        sides.put("`java -jar target/patina.jar --version`", List.of(BenchSupport.java(), "-jar",
                bench.jar.toString(), "--version"));
        Map<String, List<BenchSupport.Measure>> measured = new LinkedHashMap<>();
        for (List<String> command : sides.values()) { // untimed: the page cache, the SQLite native library's cache
            Files.deleteIfExists(out);
            bench.exec(command, null, dir.resolve("first.out"), Map.of());
        }
        for (int r = 0; r < runs; r++) {
            BenchSupport.log("start-up run " + (r + 1) + "/" + runs);
            List<String> order = new ArrayList<>(sides.keySet());
            if (r % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String side : order) {
                Files.deleteIfExists(out); // `patina dump -o` refuses to replace a file without --force
                measured.computeIfAbsent(side, k -> new ArrayList<>()).add(bench.exec(sides.get(side), null,
                        dir.resolve("run.out"), Map.of()));
            }
        }
        List<String> keys = new ArrayList<>(sides.keySet());
        double anchor = BenchSupport.median(measured.get(keys.get(0)));
        double dump = BenchSupport.median(measured.get(keys.get(1)));
        StringBuilder b = new StringBuilder();
        b.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(".\n\n");
        b.append("Command: `mvn -o -Pbench -DskipTests package -Dbench.only=startup -Dbench.runs=").append(runs)
                .append("` (").append(runs).append(" interleaved runs of each, order reversed every other run, after "
                        + "one untimed run of each; wall time of the whole process).\n\n");
        b.append("| command | median | runs (s) | ratio to hello |\n|---|---|---|---|\n");
        for (String side : keys) {
            double m = BenchSupport.median(measured.get(side));
            b.append(String.format(Locale.ROOT, "| %s | %.2f s | %s | %.1f× |%n", side, m,
                    BenchSupport.seconds(measured.get(side)), m / anchor));
        }
        b.append(String.format(Locale.ROOT, "%nTarget: the empty dump ≤ 4× the hello-world JVM: %.1f× — %s.%n",
                dump / anchor, dump / anchor <= 4 ? "met" : "**missed**"));
        bench.summarize("`patina dump` of an empty database (start-up), `java -jar`", "hello-world JVM", anchor, dump,
                4.0);
        bench.writeSection("startup", "Start-up: an empty `patina dump` vs a hello-world JVM (issue 18)",
                b.toString());
        System.out.println(b);
    }
}
