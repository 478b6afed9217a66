package dev.grove.patina.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;

/**
 * Issue 18's console row ({@code -Dbench.only=console-start}): cold start to the first painted frame under Xvfb, as
 * the README runs the console ({@code java -jar target/patina.jar}, no arguments) on a demo workspace, with the
 * benchmark hook {@code -Dpatina.benchmark.exitAfterFirstFrame=true} (the app prints the figure it logs and exits).
 * Side by side, interleaved: a hello-world JavaFX window (same first-frame signal) as the anchor and, with
 * {@code -Dbench.consoleBaseline=/path/to/patina.jar}, an earlier build's jar.
 */
final class ConsoleStartBenchmark {
    private static final String HELLO = """
            import java.lang.management.ManagementFactory;
            import javafx.application.Platform;
            import javafx.scene.Scene;
            import javafx.scene.control.Label;
            import javafx.scene.layout.StackPane;
            import javafx.stage.Stage;

            public final class HelloFx {
                public static void main(String[] args) {
                    Platform.startup(() -> {
                        Stage stage = new Stage();
                        Scene scene = new Scene(new StackPane(new Label("Hello, world")), 1120, 720);
                        int[] pulses = {0};
                        scene.addPostLayoutPulseListener(() -> {
                            if (!stage.isShowing() || ++pulses[0] < 2) {
                                Platform.requestNextPulse();
                                return;
                            }
                            long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                            System.out.println("first frame " + ms);
                            System.out.flush();
                            Platform.exit();
                        });
                        stage.setScene(scene);
                        stage.show();
                    });
                }
            }
            """;

    private final BenchSupport bench;

    ConsoleStartBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run(int runs) throws Exception {
        if (!BenchSupport.hasTool("Xvfb", "-help")) {
            throw new IllegalStateException("Xvfb is needed (apt-get install -y xvfb libgtk-3-0)");
        }
        Path home = bench.work.resolve("console-start-home");
        Map<String, List<String>> sides = new LinkedHashMap<>();
        sides.put("hello-world JavaFX window (anchor)", hello());
        String baseline = System.getProperty("bench.consoleBaseline", "");
        if (!baseline.isBlank()) {
            sides.put("before: `java -jar " + baseline + "`", patina(Path.of(baseline)));
        }
        sides.put("patina: `java -jar target/patina.jar`", patina(bench.jar));
        String display = freeDisplay();
        Process xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        String loadBefore;
        String loadAfter;
        try {
            Path socket = Path.of("/tmp/.X11-unix/X" + display.substring(1));
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            Map<String, String> env = Map.of("PATINA_HOME", home.toString(), "DISPLAY", display);
            for (List<String> command : sides.values()) { // untimed: the demo workspace, the page cache
                firstFrame(command, env);
            }
            loadBefore = loadAverage();
            for (int r = 0; r < runs; r++) {
                for (Map.Entry<String, List<String>> side : sides.entrySet()) {
                    ms.computeIfAbsent(side.getKey(), k -> new ArrayList<>()).add(firstFrame(side.getValue(), env));
                }
            }
            loadAfter = loadAverage();
        } finally {
            xvfb.destroy();
            xvfb.waitFor(5, TimeUnit.SECONDS);
        }
        StringBuilder doc = new StringBuilder();
        doc.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", JavaFX 21; Xvfb ").append(display)
                .append(" (1280×800×24, started by the benchmark, its start not timed). Load average (1, 5, 15 min) ")
                .append(loadBefore).append(" before the runs, ").append(loadAfter).append(" after: the machine is "
                        + "shared with other builds and noisy; read the medians side by side, not as absolutes.\n\n")
                .append("Command: `mvn -o -Pbench -DskipTests package -Dbench.only=console-start -Dbench.runs=")
                .append(runs).append(baseline.isBlank() ? "" : " -Dbench.consoleBaseline=" + baseline)
                .append("` (").append(runs).append(" interleaved runs of each; PATINA_HOME = a demo workspace made "
                        + "by one untimed start). First frame = ms from JVM start (RuntimeMXBean start time) to the "
                        + "pulse after the first pulse that laid out the shown window (its frame is rendered by then), "
                        + "as the console logs it: `console: first frame painted N ms after JVM start`.\n\n")
                .append("| start | first frame, median | runs (s) | target ≤ 1.0 s |\n|---|---:|---|---|\n");
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> side : ms.entrySet()) {
            double[] v = side.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            if (sorted.length % 2 == 0) {
                median = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            }
            boolean patina = !side.getKey().startsWith("hello");
            medians.put(side.getKey(), median);
            doc.append(String.format(Locale.ROOT, "| %s | %.2f s | %s | %s |%n", side.getKey(), median / 1000,
                    Arrays.toString(Arrays.stream(v).map(x -> Math.round(x / 10) / 100.0).toArray()),
                    !patina ? "—" : median <= 1000 ? "yes" : "**no**"));
        }
        doc.append('\n');
        double hello = medians.get("hello-world JavaFX window (anchor)");
        double console = medians.get("patina: `java -jar target/patina.jar`");
        bench.summarize("console cold start to the first painted frame (Xvfb)",
                String.format(Locale.ROOT, "hello-world JavaFX window: %.2f s", hello / 1000),
                String.format(Locale.ROOT, "%.2f s", console / 1000),
                String.format(Locale.ROOT, "%.2f×", console / hello), "≤ 1.0 s", console <= 1000);
        bench.writeSection("console-start", "Console: cold start to the first painted frame (issue 18)",
                doc.toString());
    }

    private List<String> patina(Path jar) {
        return List.of(BenchSupport.java(), "-Dpatina.benchmark.exitAfterFirstFrame=true", "-jar", jar.toString());
    }

    /** The anchor: HelloFx compiled into the bench folder, run on the same JavaFX jars. */
    private List<String> hello() throws Exception {
        Path dir = bench.work.resolve("hellofx");
        Files.createDirectories(dir);
        Path source = dir.resolve("HelloFx.java");
        Files.writeString(source, HELLO, StandardCharsets.UTF_8);
        String fx = bench.root.resolve("target/lib") + "/*";
        String fxJars; // the compiler API does not expand a class-path wildcard as the launchers do
        try (var jars = Files.list(bench.root.resolve("target/lib"))) {
            fxJars = jars.filter(j -> j.getFileName().toString().startsWith("javafx-")).map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(File.pathSeparator));
        }
        int code = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-nowarn", "-cp", fxJars, "-d",
                dir.toString(), source.toString());
        if (code != 0) {
            throw new IllegalStateException("javac HelloFx failed: " + code);
        }
        return List.of(BenchSupport.java(), "-cp", dir + File.pathSeparator + fx, "HelloFx");
    }

    private double firstFrame(List<String> command, Map<String, String> env) throws Exception {
        Path out = bench.work.resolve("console-start.out");
        bench.exec(command, null, out, env);
        String line = Files.readAllLines(out).stream().filter(l -> l.startsWith("first frame "))
                .findFirst().orElseThrow(() -> new IllegalStateException("no 'first frame' line from "
                        + String.join(" ", command)));
        double ms = Double.parseDouble(line.substring("first frame ".length()).trim());
        BenchSupport.log(String.format(Locale.ROOT, "  first frame %.0f ms", ms));
        return ms;
    }

    private static String freeDisplay() {
        for (int n = 87; n < 120; n++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                return ":" + n;
            }
        }
        throw new IllegalStateException("no free X display number");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
