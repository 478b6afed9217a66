package dev.grove.patina.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What every benchmark here shares: the generated database, timed child processes with peak RSS, the report. */
final class BenchSupport {
    /** One timed command: wall seconds and peak resident memory (KiB). */
    record Measure(double seconds, long peakRssKb) {
    }

    final Path root;
    final Path work;
    final Path jar;
    /** Issue 18's one-run table ({@code -Dbench.only=issue18}): one markdown row per figure, as each benchmark ends. */
    final List<String> summary = new java.util.ArrayList<>();

    BenchSupport(Path root) throws IOException {
        this.root = root;
        this.work = root.resolve("target/bench");
        this.jar = root.resolve("target/patina.jar");
        Files.createDirectories(work);
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build target/patina.jar first (mvn -Pbench -DskipTests package does)");
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The benchmark database of {@code mb} MiB, made once with make_bench_db.py. */
    Path generate(int mb) throws Exception {
        Path db = work.resolve("bench-" + mb + ".sqlite");
        if (!Files.exists(db)) {
            log("generating " + db + " (" + mb + " MiB) with make_bench_db.py");
            exec(List.of("python3", root.resolve("src/test/bench/make_bench_db.py").toString(), db.toString(),
                    Integer.toString(mb)), null, null, Map.of());
        }
        return db;
    }

    /** Runs a command, timing it and sampling its peak RSS (VmHWM) from /proc while it runs. */
    Measure exec(List<String> command, Path stdin, Path stdout, Map<String, String> env) throws Exception {
        return exec(command, stdin, stdout, env, 0);
    }

    /** As {@link #exec(List, Path, Path, Map)}, where exit code {@code okCode} (say, diff's 1) is success too. */
    Measure exec(List<String> command, Path stdin, Path stdout, Map<String, String> env, int okCode)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile())
                : ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(stdout != null ? ProcessBuilder.Redirect.to(stdout.toFile())
                : ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = 0;
        while (p.isAlive()) {
            peak = Math.max(peak, readHwm(status));
            Thread.sleep(5);
        }
        int code = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0 && code != okCode) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code);
        }
        log(String.format(Locale.ROOT, "  %-60s %7.2f s  %,9d KiB", shortCommand(command), seconds, peak));
        return new Measure(seconds, peak);
    }

    private static long readHwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // the process ended between the liveness check and the read
        }
        return 0;
    }

    private String shortCommand(List<String> command) {
        return String.join(" ", command).replace(work.toString() + "/", "").replace(java(), "java")
                .replace(jar.toString(), "target/patina.jar");
    }

    static double median(List<Measure> ms) {
        double[] s = ms.stream().mapToDouble(Measure::seconds).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String seconds(List<Measure> ms) {
        return java.util.Arrays.toString(ms.stream().mapToDouble(m -> Math.round(m.seconds() * 100) / 100.0)
                .toArray());
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    static String kibAsMib(long kib) {
        return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    static String ratioRow(String what, double anchor, double patina, double target) {
        double ratio = patina / anchor;
        return String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f× | ≤ %.1f× | %s |%n", what, anchor, patina,
                ratio, target, ratio <= target ? "yes" : "**no**");
    }

    /** Adds a row "work | anchor | patina | ratio | target | met" to the one-run table, for a ratio target. */
    void summarize(String work, String anchor, double anchorSeconds, double patinaSeconds, double target) {
        double ratio = patinaSeconds / anchorSeconds;
        summary.add(String.format(Locale.ROOT, "| %s | %s: %.2f s | %.2f s | %.2f× | ≤ %.1f× | %s |", work, anchor,
                anchorSeconds, patinaSeconds, ratio, target, ratio <= target ? "yes" : "**no**"));
    }

    /** Adds a row with the figures given as text (an absolute target, memory). */
    void summarize(String work, String anchor, String patina, String ratio, String target, boolean met) {
        summary.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |", work, anchor, patina, ratio,
                target, met ? "yes" : "**no**"));
    }

    /** Replaces the section between {@code <!-- bench:ID:start -->} and its end marker in docs/benchmarks.md. */
    void writeSection(String id, String heading, String body) throws IOException {
        String start = "<!-- bench:" + id + ":start -->";
        String end = "<!-- bench:" + id + ":end -->";
        String section = start + "\n" + body + end + "\n";
        Path doc = root.resolve("docs/benchmarks.md");
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int s = text.indexOf(start);
        int e = text.indexOf(end);
        String updated = s >= 0 && e > s ? text.substring(0, s) + section + text.substring(e + end.length() + 1)
                : text + "\n## " + heading + "\n\n" + section;
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
        log("wrote " + doc + " (" + id + ")");
    }

    static void requireTool(String tool, String versionFlag) {
        try {
            firstLine(List.of(tool, versionFlag));
        } catch (Exception e) {
            throw new IllegalStateException("the benchmark needs `" + tool + "` on the PATH (e.g. apt-get install "
                    + tool + ")", e);
        }
    }

    static boolean hasTool(String tool, String versionFlag) {
        try {
            Process p = new ProcessBuilder(tool, versionFlag).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static String firstLine(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String line = out.lines().findFirst().orElse("");
        return line.length() > 40 ? line.substring(0, 40).trim() : line.trim();
    }

    static void log(String s) {
        System.err.println("[bench] " + s);
    }
}
