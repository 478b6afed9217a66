package dev.grove.patina.bench;


import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.Locale;

/**
 * Measures `patina dump` and `patina restore` against the sqlite3 shell, side by side in one run, on the
 * database shape of src/test/bench/make_bench_db.py; writes medians and ratios into docs/benchmarks.md.
 * Not a unit test: run it with {@code mvn -Pbench -DskipTests package} (needs python3 and the sqlite3 shell).
 */
public final class DumpRestoreBenchmark {

    private final BenchSupport bench;
    private final Path work;
    private final Path jar;

    DumpRestoreBenchmark(BenchSupport bench) {
        this.bench = bench;
        this.work = bench.work;
        this.jar = bench.jar;
    }

    void run(int runs, int bigMb) throws Exception {
        Path db = bench.generate(200);
        Path shellDump = work.resolve("dump-sqlite3.sql");
        Path patinaDump = work.resolve("dump-patina.sql");
        List<BenchSupport.Measure> shellDumps = new ArrayList<>();
        List<BenchSupport.Measure> patinaDumps = new ArrayList<>();
        List<BenchSupport.Measure> shellRestores = new ArrayList<>();
        List<BenchSupport.Measure> patinaRestores = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            boolean patinaFirst = i % 2 == 1; // alternate the order so neither side always gets a warm cache
            BenchSupport.log("run " + (i + 1) + "/" + runs);
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
        BenchSupport.Measure bigDump = null;
        BenchSupport.Measure bigShellDump = null;
        long bigDbSize = 0;
        if (bigMb > 0) {
            Path big = bench.generate(bigMb);
            bigDbSize = Files.size(big);
            Path out = work.resolve("dump-big-patina.sql");
            Path outShell = work.resolve("dump-big-sqlite3.sql");
            BenchSupport.log("1 GiB class database: one dump each");
            bigShellDump = shellDump(big, outShell);
            bigDump = patinaDump(big, out);
            Files.deleteIfExists(out);
            Files.deleteIfExists(outShell);
        }
        String report = report(db, runs, shellDumps, patinaDumps, shellRestores, patinaRestores, patinaDump,
                shellDump, bigMb, bigDbSize, bigShellDump, bigDump);
        // -Dbench.section=ID writes a section of its own (appended at the end of docs/benchmarks.md the first time)
        String section = System.getProperty("bench.section", "dump-restore");
        bench.writeSection(section, section.equals("dump-restore") ? "Dump and restore vs the sqlite3 shell"
                : "Dump and restore vs the sqlite3 shell (" + section + ")", report);
        System.out.println(report);
    }

    private BenchSupport.Measure shellDump(Path db, Path out) throws Exception {
        return bench.exec(List.of("sqlite3", db.toString(), ".dump"), null, out, Map.of());
    }

    private BenchSupport.Measure patinaDump(Path db, Path out) throws Exception {
        // `patina dump -o` refuses an existing file without --force (and --force would keep it as .bak): the
        // previous run's dump is deleted first, as the shell's redirect truncates its own
        Files.deleteIfExists(out);
        return bench.exec(List.of(BenchSupport.java(), "-Xmx256m", "-jar", jar.toString(), "dump", db.toString(), "-o", out.toString(),
                "--quiet"), null, null, Map.of());
    }

    private BenchSupport.Measure shellRestore(Path dump, Path target) throws Exception {
        return bench.exec(List.of("sqlite3", target.toString()), dump, null, Map.of());
    }

    private BenchSupport.Measure patinaRestore(Path dump, Path target) throws Exception {
        return bench.exec(List.of(BenchSupport.java(), "-Xmx256m", "-jar", jar.toString(), "restore", dump.toString(),
                target.toString(), "--quiet"), null, null, Map.of());
    }

    private String report(Path db, int runs, List<BenchSupport.Measure> shellDumps, List<BenchSupport.Measure> patinaDumps,
                          List<BenchSupport.Measure> shellRestores, List<BenchSupport.Measure> patinaRestores, Path patinaDump,
                          Path shellDump, int bigMb, long bigDbSize, BenchSupport.Measure bigShell, BenchSupport.Measure bigPatina)
            throws Exception {
        double sd = BenchSupport.median(shellDumps);
        double pd = BenchSupport.median(patinaDumps);
        double sr = BenchSupport.median(shellRestores);
        double pr = BenchSupport.median(patinaRestores);
        long rss200 = patinaDumps.stream().mapToLong(BenchSupport.Measure::peakRssKb).max().orElse(0);
        bench.summarize("dump, 200 MiB", "`sqlite3 db .dump`", sd, pd, 0.7);
        bench.summarize("restore, 200 MiB", "`sqlite3 new.db < dump.sql`", sr, pr, 0.5);
        if (bigPatina != null) {
            long diffMb = Math.abs(bigPatina.peakRssKb() - rss200) / 1024;
            bench.summarize("peak memory of a dump under `-Xmx256m`, 200 MiB vs " + BenchSupport.mib(bigDbSize),
                    "200 MiB: " + BenchSupport.kibAsMib(rss200), BenchSupport.mib(bigDbSize) + ": "
                            + BenchSupport.kibAsMib(bigPatina.peakRssKb()), diffMb + " MiB apart",
                    "≤ 50 MiB apart", diffMb <= 50);
        }
        StringBuilder b = new StringBuilder();
        b.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(BenchSupport.firstLine(List.of("sqlite3",
                        "-version"))).append(" (shell).\n\n");
        b.append("Command: `mvn -Pbench -DskipTests package -Dbench.only=dump -Dbench.runs=").append(runs)
                .append(" -Dbench.bigMb=").append(bigMb)
                .append(System.getProperty("bench.section") == null ? ""
                        : " -Dbench.section=" + System.getProperty("bench.section"))
                .append("` (").append(runs).append(" alternating runs each; ")
                .append("wall time of the whole command, JVM start-up included; peak RSS from /proc VmHWM).\n\n");
        b.append(String.format(Locale.ROOT, "Database: `make_bench_db.py OUT 200` → %s; patina dump %s, "
                + "sqlite3 .dump %s.%n%n", BenchSupport.mib(Files.size(db)), BenchSupport.mib(Files.size(patinaDump)),
                BenchSupport.mib(Files.size(shellDump))));
        b.append("| measure | sqlite3 shell (median) | patina (median) | ratio | target | met |\n");
        b.append("|---|---|---|---|---|---|\n");
        b.append(BenchSupport.ratioRow("dump 200 MiB (`sqlite3 db .dump` vs `patina dump db -o f`)", sd, pd, 0.7));
        b.append(BenchSupport.ratioRow("restore (`sqlite3 new.db < dump.sql` vs `patina restore`)", sr, pr, 0.5));
        b.append('\n');
        b.append("All runs (seconds): dump sqlite3 ").append(BenchSupport.seconds(shellDumps)).append("; dump patina ")
                .append(BenchSupport.seconds(patinaDumps)).append("; restore sqlite3 ").append(BenchSupport.seconds(shellRestores))
                .append("; restore patina ").append(BenchSupport.seconds(patinaRestores)).append(".\n\n");
        b.append("Patina's restore includes what the shell does not do: the statement guard, PRAGMA integrity_check, ")
                .append("foreign_key_check, SHA-256 and row-count verification, fsync and rename.\n\n");
        if (bigPatina != null) {
            long diffMb = Math.abs(bigPatina.peakRssKb() - rss200) / 1024;
            b.append(String.format(Locale.ROOT, "Memory: peak RSS of `java -Xmx256m -jar target/patina.jar dump` "
                    + "— 200 MiB database: %s; %s database (`make_bench_db.py OUT %d`): %s; difference %d MiB "
                    + "(target ≤ 50 MiB: %s). The %s dump took %.1f s (sqlite3 .dump %.1f s, ratio %.2f).%n",
                    BenchSupport.kibAsMib(rss200), BenchSupport.mib(bigDbSize), bigMb, BenchSupport.kibAsMib(bigPatina.peakRssKb()), diffMb,
                    diffMb <= 50 ? "met" : "missed", BenchSupport.mib(bigDbSize), bigPatina.seconds(), bigShell.seconds(),
                    bigPatina.seconds() / bigShell.seconds()));
        }
        return b.toString();
    }

}
