package dev.grove.patina.dump;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Issue 16's benchmark of differentials on the benchmark database (make_bench_db.py): 1% of every table's rows
 * changed (half same-length updates, a quarter deletes, a quarter inserts), spread uniformly at random or clustered
 * in one run of keys; per night the bytes of the full (zstd) vs the differential (zstd) — what is stored and uploaded —
 * and their wall times; then the restore of the full alone vs full + differential (the differential applied and every
 * table's rows and content digest checked). All in this JVM (no start-up), the runs interleaved, medians reported.
 *
 * <p>Run through {@code mvn -Pbench -DskipTests package -Dbench.only=differential -Dbench.diffMb=200} (BenchMain,
 * which writes docs/benchmarks.md), or by hand: {@code java -cp target/classes:target/test-classes:CP
 * dev.grove.patina.dump.DifferentialBenchmarkMain DB WORK RUNS}.
 */
public final class DifferentialBenchmarkMain {
    /** The medians of one pattern of changes. */
    public record Result(String pattern, long dbBytes, long fullBytes, long manifestBytes, long diffBytes,
                         double fullSeconds, double diffSeconds, double restoreSeconds, double combinedSeconds,
                         String combinedBreakdown, List<Double> restoreRuns, List<Double> combinedRuns,
                         long changedRows) {
    }

    /** The head of the table {@link #row} writes rows of. */
    public static final String HEADER = "| changes (1% of each table) | rows changed | nightly full (zstd, with its "
            + "manifest) | nightly differential (zstd): bytes stored and uploaded / wall time, vs the full | restore "
            + "of the full | restore of full + differential in one load (ADR 0028), vs the full's | before ADR 0028: "
            + "restore, then apply, then digest read |\n|---|---|---|---|---|---|---|\n";

    private DifferentialBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/diff16"));
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.print(HEADER);
        for (String pattern : List.of("uniform", "clustered")) {
            Result r = run(db, work, pattern, runs);
            System.out.println(row(r));
            System.out.printf(Locale.ROOT, "[bench16] %s: database %,d bytes, manifest %,d bytes, restore runs %s, "
                    + "one-load runs %s%n", pattern, r.dbBytes(), r.manifestBytes(), r.restoreRuns(),
                    r.combinedRuns());
        }
    }

    /** One table row of docs/benchmarks.md for {@code r}. */
    public static String row(Result r) {
        return String.format(Locale.ROOT, "| %s | %,d | %.1f MB / %.2f s | %.2f MB = %.2f%% / %.2f s = %.0f%% | "
                        + "%.2f s | %.2f s = %.2f× | %s |", r.pattern, r.changedRows, r.fullBytes / 1e6,
                r.fullSeconds, r.diffBytes / 1e6, 100.0 * r.diffBytes / r.fullBytes, r.diffSeconds,
                100 * r.diffSeconds / r.fullSeconds, r.restoreSeconds, r.combinedSeconds,
                r.combinedSeconds / r.restoreSeconds, r.combinedBreakdown);
    }

    /** Copies {@code source} into {@code work}, backs it up, changes 1% of it by {@code pattern}, measures. */
    public static Result run(Path source, Path work, String pattern, int runs) throws Exception {
        Clock clock = Clock.systemUTC();
        Path db = work.resolve("bench.sqlite");
        Files.copy(source, db, StandardCopyOption.REPLACE_EXISTING);
        Path full = work.resolve("full.sql.zst");
        Path manifest = work.resolve("bench.manifest");
        List<Double> fullTimes = new ArrayList<>();
        DumpSummary summary = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            summary = fullWithManifest(db, full, manifest, clock);
            fullTimes.add(seconds(t));
        }
        long changed = change(db, pattern);
        Path diff = work.resolve("bench.diff.sql.zst");
        List<Double> diffTimes = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            try (DumpSnapshot snapshot = new SqliteFileSource("bench", db).openSnapshot();
                 ManifestReader base = new ManifestReader(Files.newInputStream(manifest));
                 OutputStream out = Compression.ZSTD.wrap(Files.newOutputStream(diff))) {
                new SqlDiffWriter(clock, "bench").write(snapshot, DumpOptions.all("bench", DumpDialect.D1), base,
                        out, work, DumpProgress.NONE);
            }
            diffTimes.add(seconds(t));
        }
        List<Double> restores = new ArrayList<>();
        List<Double> combined = new ArrayList<>();
        double[][] phases = new double[runs][];
        String baseSha = summary.sha256();
        for (int i = 0; i < runs; i++) {
            Path plain = fresh(work.resolve("plain.db"));
            long t = System.nanoTime();
            new Restorer(clock).restore(full, plain, RestoreOptions.all(), RestoreProgress.NONE);
            restores.add(seconds(t));
            Files.delete(plain);
            Path both = fresh(work.resolve("combined.db"));
            t = System.nanoTime();
            new Restorer(clock).restoreDifferential(full, new Restorer.WithDifferential(diff,
                    f -> new SqliteFileSource("bench", f).openSnapshot(), java.util.Map.of(), "bench"), both,
                    RestoreOptions.all(), RestoreProgress.NONE);
            combined.add(seconds(t));
            Files.delete(both);
            both = fresh(work.resolve("combined-old.db"));
            phases[i] = restoreWithDiff(full, diff, both, baseSha, clock);
            Files.delete(both);
            System.err.printf(Locale.ROOT, "[bench16] %s run %d: restore %.2f s, full+diff in one load %.2f s, "
                    + "before (restore, apply, digest) %s%n", pattern, i + 1, restores.get(i), combined.get(i),
                    Arrays.toString(phases[i]));
        }
        StringBuilder breakdown = new StringBuilder();
        String[] names = {"restore full", "apply", "digest"};
        for (int p = 0; p < names.length; p++) {
            final int q = p;
            double m = median(Arrays.stream(phases).map(a -> a[q]).toList());
            breakdown.append(breakdown.length() > 0 ? " + " : "").append(String.format(Locale.ROOT, "%s %.2f s",
                    names[p], m));
        }
        double before = median(Arrays.stream(phases).map(a -> a[0] + a[1] + a[2]).toList());
        breakdown.insert(0, String.format(Locale.ROOT, "%.2f s = %.2f×: ", before, before / median(restores)));
        return new Result(pattern, Files.size(db), Files.size(full), Files.size(manifest), Files.size(diff),
                median(fullTimes), median(diffTimes), median(restores), median(combined), breakdown.toString(),
                restores, combined, changed);
    }

    /** Restore of full + differential, its phases' seconds: restore of the full, apply, digest check. */
    static double[] restoreWithDiff(Path full, Path diff, Path target, String baseSha, Clock clock)
            throws Exception {
        long t0 = System.nanoTime();
        new Restorer(clock).restore(full, target, RestoreOptions.all(), RestoreProgress.NONE);
        long t1 = System.nanoTime();
        DiffApplier.Applied applied = new DiffApplier().apply(diff, target, baseSha);
        long t2 = System.nanoTime();
        try (DumpSnapshot snapshot = new SqliteFileSource("combined", target).openSnapshot()) {
            TableDigester.check(applied.footer().result(), TableDigester.of(snapshot, "combined"), "bench");
        }
        long t3 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9};
    }

    static DumpSummary fullWithManifest(Path db, Path full, Path manifest, Clock clock) throws Exception {
        Path body = manifest.resolveSibling(manifest.getFileName() + ".body");
        DumpSummary summary;
        String fingerprint;
        try (DumpSnapshot snapshot = new SqliteFileSource("bench", db).openSnapshot();
             OutputStream out = Compression.ZSTD.wrap(Files.newOutputStream(full));
             OutputStream bodyOut = Files.newOutputStream(body)) {
            fingerprint = SchemaFingerprint.of(snapshot.schema());
            summary = new SqlDumpWriter(clock, "bench").write(snapshot, DumpOptions.all("bench", DumpDialect.D1),
                    out, DumpProgress.NONE, new ManifestWriter(bodyOut));
        }
        try (InputStream in = Files.newInputStream(body); OutputStream out = Files.newOutputStream(manifest)) {
            ManifestWriter.seal(ManifestHeader.of("bench", "daily/x/bench.sql.zst", summary.sha256(), "now",
                    fingerprint), in, out);
        }
        Files.delete(body);
        return summary;
    }

    /**
     * Changes 1% of every table's rows: half updated in place (same length), a quarter deleted, a quarter inserted.
     * Uniform: the keys drawn at random over the whole table; clustered: one run of consecutive keys at a random
     * place (inserts append, as an application's do). Returns the rows changed.
     */
    static long change(Path db, String pattern) throws Exception {
        Random r = new Random(16);
        boolean clustered = "clustered".equals(pattern);
        long total = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String[] t : new String[][] {
                    {"users", "UPDATE users SET flags = (flags + 1) % 7 WHERE id = ?",
                            "INSERT INTO users (email, name, created_at, score, flags) SELECT 'n' || ? || email, name,"
                                    + " created_at, score, flags FROM users WHERE id = 1"},
                    {"events", "UPDATE events SET ts = ts + 1 WHERE id = ?",
                            "INSERT INTO events (user_id, kind, payload, amount, ts, note) SELECT user_id + ?, kind,"
                                    + " payload, amount, ts, note FROM events WHERE id = 1"},
                    {"blobs", "UPDATE blobs SET body = randomblob(length(body)) WHERE id = ?",
                            "INSERT INTO blobs (sha, body) SELECT randomblob(32), randomblob(length(body) + ? % 7)"
                                    + " FROM blobs WHERE id = 1"}}) {
                long max = max(s, "SELECT max(rowid) FROM " + t[0]);
                int n = (int) (max / 100);
                long[] keys = keys(r, max, n * 3 / 4, clustered);
                try (PreparedStatement up = c.prepareStatement(t[1]);
                     PreparedStatement del = c.prepareStatement("DELETE FROM " + t[0] + " WHERE rowid = ?");
                     PreparedStatement ins = c.prepareStatement(t[2])) {
                    for (int i = 0; i < keys.length; i++) {
                        PreparedStatement ps = i < n / 2 ? up : del;
                        ps.setLong(1, keys[i]);
                        ps.executeUpdate();
                    }
                    for (int i = 0; i < n / 4; i++) {
                        ins.setLong(1, i);
                        ins.executeUpdate();
                    }
                }
                total += keys.length + n / 4;
            }
            // sessions is WITHOUT ROWID, keyed by 'tok-<user id, 12 digits>-<random>': the user id picks the row
            long max = max(s, "SELECT max(user_id) FROM sessions");
            int n = (int) (max / 100);
            long[] ids = keys(r, max, n * 3 / 4, clustered);
            try (PreparedStatement up = c.prepareStatement("UPDATE sessions SET expires = expires + 1 WHERE token ="
                    + " (SELECT token FROM sessions WHERE token >= printf('tok-%012d-', ?) LIMIT 1)");
                 PreparedStatement del = c.prepareStatement("DELETE FROM sessions WHERE token ="
                         + " (SELECT token FROM sessions WHERE token >= printf('tok-%012d-', ?) LIMIT 1)");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO sessions VALUES (printf('tok-new-%012d', ?),"
                         + " ?, 1900000000)")) {
                for (int i = 0; i < ids.length; i++) {
                    PreparedStatement ps = i < n / 2 ? up : del;
                    ps.setLong(1, ids[i]);
                    ps.executeUpdate();
                }
                for (int i = 0; i < n / 4; i++) {
                    ins.setLong(1, i);
                    ins.setLong(2, i);
                    ins.executeUpdate();
                }
            }
            total += ids.length + n / 4;
            c.commit();
        }
        return total;
    }

    private static long[] keys(Random r, long max, int n, boolean clustered) {
        if (clustered) {
            long start = 1 + (long) (r.nextDouble() * Math.max(1, max - n));
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = start + i;
            }
            return out;
        }
        return r.longs(1, max + 1).distinct().limit(n).toArray();
    }

    private static long max(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Path fresh(Path p) throws Exception {
        for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
            Files.deleteIfExists(p.resolveSibling(p.getFileName() + suffix));
        }
        return p;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
