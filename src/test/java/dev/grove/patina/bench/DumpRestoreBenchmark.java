package dev.grove.patina.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures `patina dump` and `patina restore` against the sqlite3 shell, side by side in one run, on the
 * database shape of src/test/bench/make_bench_db.py; writes medians and ratios into docs/benchmarks.md.
 * Not a unit test: run it with {@code mvn -Pbench -DskipTests package} (needs python3 and the sqlite3 shell).
 */
public final class DumpRestoreBenchmark {
    private static final String START = "<!-- bench:dump-restore:start -->";
    private static final String END = "<!-- bench:dump-restore:end -->";

    private final Path root;
    private final Path work;
    private final Path jar;

    private DumpRestoreBenchmark(Path root) {
        this.root = root;
        this.work = root.resolve("target/bench");
        this.jar = root.resolve("target/patina.jar");
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = Integer.getInteger("bench.runs", 5);
        int bigMb = Integer.getInteger("bench.bigMb", 1024);
        new DumpRestoreBenchmark(root).run(runs, bigMb);
    }

    private record Measure(double seconds, long peakRssKb) {
    }

    private void run(int runs, int bigMb) throws Exception {
        Files.createDirectories(work);
        requireTool("sqlite3", "-version");
        requireTool("python3", "--version");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build target/patina.jar first (mvn -Pbench -DskipTests package does)");
        }
        Path db = generate(200);
        Path shellDump = work.resolve("dump-sqlite3.sql");
        Path patinaDump = work.resolve("dump-patina.sql");
        List<Measure> shellDumps = new ArrayList<>();
        List<Measure> patinaDumps = new ArrayList<>();
        List<Measure> shellRestores = new ArrayList<>();
        List<Measure> patinaRestores = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            boolean patinaFirst = i % 2 == 1; // alternate the order so neither side always gets a warm cache
            log("run " + (i + 1) + "/" + runs);
            if (patinaFirst) {
                patinaDumps.add(patinaDump(db, patinaDump));
                shellDumps.add(shellDump(db, shellDump));
            } else {
                shellDumps.add(shellDump(db, shellDump));
                patinaDumps.add(patinaDump(db, patinaDump));
            }
            Path shellTarget = work.resolve("restored-sqlite3.db");
            Path patinaTarget = work.resolve("restored-patina.db");
            Files.deleteIfExists(shellTarget);
            Files.deleteIfExists(patinaTarget);
            if (patinaFirst) {
                patinaRestores.add(patinaRestore(patinaDump, patinaTarget));
                shellRestores.add(shellRestore(shellDump, shellTarget));
            } else {
                shellRestores.add(shellRestore(shellDump, shellTarget));
                patinaRestores.add(patinaRestore(patinaDump, patinaTarget));
            }
        }
        Measure bigDump = null;
        Measure bigShellDump = null;
        long bigDbSize = 0;
        if (bigMb > 0) {
            Path big = generate(bigMb);
            bigDbSize = Files.size(big);
            Path out = work.resolve("dump-big-patina.sql");
            Path outShell = work.resolve("dump-big-sqlite3.sql");
            log("1 GiB class database: one dump each");
            bigShellDump = shellDump(big, outShell);
            bigDump = patinaDump(big, out);
            Files.deleteIfExists(out);
            Files.deleteIfExists(outShell);
        }
        String report = report(db, runs, shellDumps, patinaDumps, shellRestores, patinaRestores, patinaDump,
                shellDump, bigMb, bigDbSize, bigShellDump, bigDump);
        writeReport(report);
        System.out.println(report);
    }

    private Path generate(int mb) throws Exception {
        Path db = work.resolve("bench-" + mb + ".sqlite");
        if (!Files.exists(db)) {
            log("generating " + db + " (" + mb + " MiB) with make_bench_db.py");
            exec(List.of("python3", root.resolve("src/test/bench/make_bench_db.py").toString(), db.toString(),
                    Integer.toString(mb)), null, null);
        }
        return db;
    }

    private Measure shellDump(Path db, Path out) throws Exception {
        return exec(List.of("sqlite3", db.toString(), ".dump"), null, out);
    }

    private Measure patinaDump(Path db, Path out) throws Exception {
        return exec(List.of(java(), "-Xmx256m", "-jar", jar.toString(), "dump", db.toString(), "-o", out.toString(),
                "--quiet"), null, null);
    }

    private Measure shellRestore(Path dump, Path target) throws Exception {
        return exec(List.of("sqlite3", target.toString()), dump, null);
    }

    private Measure patinaRestore(Path dump, Path target) throws Exception {
        return exec(List.of(java(), "-Xmx256m", "-jar", jar.toString(), "restore", dump.toString(),
                target.toString(), "--quiet"), null, null);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs a command, timing it and sampling its peak RSS (VmHWM) from /proc while it runs. */
    private Measure exec(List<String> command, Path stdin, Path stdout) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
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
        if (code != 0) {
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

    private String report(Path db, int runs, List<Measure> shellDumps, List<Measure> patinaDumps,
                          List<Measure> shellRestores, List<Measure> patinaRestores, Path patinaDump,
                          Path shellDump, int bigMb, long bigDbSize, Measure bigShell, Measure bigPatina)
            throws Exception {
        double sd = median(shellDumps);
        double pd = median(patinaDumps);
        double sr = median(shellRestores);
        double pr = median(patinaRestores);
        long rss200 = patinaDumps.stream().mapToLong(Measure::peakRssKb).max().orElse(0);
        StringBuilder b = new StringBuilder();
        b.append(START).append('\n');
        b.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(firstLine(List.of("sqlite3",
                        "-version"))).append(" (shell).\n\n");
        b.append("Command: `mvn -Pbench -DskipTests package` (").append(runs).append(" alternating runs each; ")
                .append("wall time of the whole command, JVM start-up included; peak RSS from /proc VmHWM).\n\n");
        b.append(String.format(Locale.ROOT, "Database: `make_bench_db.py OUT 200` → %s; patina dump %s, "
                + "sqlite3 .dump %s.%n%n", mib(Files.size(db)), mib(Files.size(patinaDump)),
                mib(Files.size(shellDump))));
        b.append("| measure | sqlite3 shell (median) | patina (median) | ratio | target | met |\n");
        b.append("|---|---|---|---|---|---|\n");
        b.append(row("dump 200 MiB (`sqlite3 db .dump` vs `patina dump db -o f`)", sd, pd, 0.7));
        b.append(row("restore (`sqlite3 new.db < dump.sql` vs `patina restore`)", sr, pr, 0.5));
        b.append('\n');
        b.append("All runs (seconds): dump sqlite3 ").append(list(shellDumps)).append("; dump patina ")
                .append(list(patinaDumps)).append("; restore sqlite3 ").append(list(shellRestores))
                .append("; restore patina ").append(list(patinaRestores)).append(".\n\n");
        b.append("Patina's restore includes what the shell does not do: the statement guard, PRAGMA integrity_check, ")
                .append("foreign_key_check, SHA-256 and row-count verification, fsync and rename.\n\n");
        if (bigPatina != null) {
            long diffMb = Math.abs(bigPatina.peakRssKb() - rss200) / 1024;
            b.append(String.format(Locale.ROOT, "Memory: peak RSS of `java -Xmx256m -jar target/patina.jar dump` "
                    + "— 200 MiB database: %s; %s database (`make_bench_db.py OUT %d`): %s; difference %d MiB "
                    + "(target ≤ 50 MiB: %s). The %s dump took %.1f s (sqlite3 .dump %.1f s, ratio %.2f).%n",
                    kib(rss200), mib(bigDbSize), bigMb, kib(bigPatina.peakRssKb()), diffMb,
                    diffMb <= 50 ? "met" : "missed", mib(bigDbSize), bigPatina.seconds(), bigShell.seconds(),
                    bigPatina.seconds() / bigShell.seconds()));
        }
        b.append(END).append('\n');
        return b.toString();
    }

    private static String row(String what, double shell, double patina, double target) {
        double ratio = patina / shell;
        return String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f× | ≤ %.1f× | %s |%n", what, shell, patina,
                ratio, target, ratio <= target ? "yes" : "**no**");
    }

    private static String list(List<Measure> ms) {
        return Arrays.toString(ms.stream().mapToDouble(m -> Math.round(m.seconds() * 100) / 100.0).toArray());
    }

    private static double median(List<Measure> ms) {
        double[] s = ms.stream().mapToDouble(Measure::seconds).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static String kib(long kib) {
        return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    private void writeReport(String section) throws IOException {
        Path doc = root.resolve("docs/benchmarks.md");
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        int s = text.indexOf(START);
        int e = text.indexOf(END);
        String updated = s >= 0 && e > s ? text.substring(0, s) + section + text.substring(e + END.length() + 1)
                : text + "\n## Dump and restore vs the sqlite3 shell\n\n" + section;
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
        log("wrote " + doc);
    }

    private static void requireTool(String tool, String versionFlag) {
        try {
            firstLine(List.of(tool, versionFlag));
        } catch (Exception e) {
            throw new IllegalStateException("the benchmark needs `" + tool + "` on the PATH (e.g. apt-get install "
                    + tool + ")", e);
        }
    }

    private static String firstLine(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String line = out.lines().findFirst().orElse("");
        return line.length() > 40 ? line.substring(0, 40).trim() : line.trim();
    }

    private static void log(String s) {
        System.err.println("[bench] " + s);
    }
}
