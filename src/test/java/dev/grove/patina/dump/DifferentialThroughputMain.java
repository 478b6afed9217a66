package dev.grove.patina.dump;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.Random;

/**
 * A rough measure of a differential against a full (ADR 0016), not a test: a generated SQLite database of N rows
 * (default 1,000,000, about 100 MB), 1% of its rows changed uniformly at random (half same-length updates, a quarter
 * deletes, a quarter inserts), then zstd-compressed full vs differential bytes and wall times, and the time to restore
 * the full alone vs full + differential (restore, apply, per-table digest check). Run it by hand:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.grove.patina.dump.DifferentialThroughputMain
 * [rows] [folder]}.
 */
public final class DifferentialThroughputMain {
    private DifferentialThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/diff-bench"));
        Path db = dir.resolve("bench.db");
        Files.deleteIfExists(db);
        Random r = new Random(1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, price REAL, qty INTEGER, note TEXT)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "name-" + r.nextInt(1_000_000));
                    ps.setDouble(3, r.nextDouble() * 100);
                    ps.setInt(4, r.nextInt(1000));
                    ps.setString(5, Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong())
                            + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
                    ps.addBatch();
                    if (i % 10_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        Clock clock = Clock.systemUTC();
        Path full = dir.resolve("full.sql.zst");
        Path manifest = dir.resolve("bench.manifest");
        Path body = dir.resolve("bench.manifest.body");
        long t0 = System.nanoTime();
        DumpSummary summary;
        String fingerprint;
        try (DumpSnapshot snapshot = new SqliteFileSource("bench", db).openSnapshot();
             OutputStream out = Compression.ZSTD.wrap(Files.newOutputStream(full));
             OutputStream bodyOut = Files.newOutputStream(body)) {
            fingerprint = SchemaFingerprint.of(snapshot.schema());
            summary = new SqlDumpWriter(clock, "bench").write(snapshot, DumpOptions.all("bench", DumpDialect.D1), out,
                    DumpProgress.NONE, new ManifestWriter(bodyOut));
        }
        try (InputStream in = Files.newInputStream(body); OutputStream out = Files.newOutputStream(manifest)) {
            ManifestWriter.seal(ManifestHeader.of("bench", "daily/x/bench.sql.zst", summary.sha256(), "now",
                    fingerprint), in, out);
        }
        long fullMs = (System.nanoTime() - t0) / 1_000_000;

        int changes = rows / 100;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < changes / 2; i++) {
                s.execute("UPDATE t SET qty = (qty + 1) % 1000 WHERE id = " + (1 + r.nextInt(rows)));
            }
            for (int i = 0; i < changes / 4; i++) {
                s.execute("DELETE FROM t WHERE id = " + (1 + r.nextInt(rows)));
            }
            for (int i = 0; i < changes / 4; i++) {
                s.execute("INSERT INTO t (name, price, qty, note) VALUES ('new', 1.5, 1, 'inserted row " + i + "')");
            }
            c.commit();
        }
        Path diff = dir.resolve("bench.diff.sql.zst");
        long t1 = System.nanoTime();
        DiffSummary d;
        try (DumpSnapshot snapshot = new SqliteFileSource("bench", db).openSnapshot();
             ManifestReader base = new ManifestReader(Files.newInputStream(manifest));
             OutputStream out = Compression.ZSTD.wrap(Files.newOutputStream(diff))) {
            d = new SqlDiffWriter(clock, "bench").write(snapshot, DumpOptions.all("bench", DumpDialect.D1), base, out,
                    dir, DumpProgress.NONE);
        }
        long diffMs = (System.nanoTime() - t1) / 1_000_000;

        Path plain = dir.resolve("plain.db");
        Files.deleteIfExists(plain);
        long t2 = System.nanoTime();
        new Restorer(clock).restore(full, plain, RestoreOptions.all(), RestoreProgress.NONE);
        long restoreMs = (System.nanoTime() - t2) / 1_000_000;
        Path combined = dir.resolve("combined.db");
        Files.deleteIfExists(combined);
        long t3 = System.nanoTime();
        new Restorer(clock).restore(full, combined, RestoreOptions.all(), RestoreProgress.NONE);
        DiffApplier.Applied applied = new DiffApplier().apply(diff, combined, summary.sha256());
        try (DumpSnapshot snapshot = new SqliteFileSource("combined", combined).openSnapshot()) {
            TableDigester.check(applied.footer().result(), TableDigester.of(snapshot, "combined"), "bench");
        }
        long combinedMs = (System.nanoTime() - t3) / 1_000_000;
        long[] c = d.changeTotals();
        System.out.printf("rows %d, database %d bytes, changed rows: %d added, %d changed, %d removed%n", rows,
                Files.size(db), c[0], c[1], c[2]);
        System.out.printf("full (zstd) %d bytes in %d ms (manifest %d bytes); differential (zstd) %d bytes in %d ms"
                + " = %.2f%% of the full's bytes, %.0f%% of its time%n", Files.size(full), fullMs,
                Files.size(manifest), Files.size(diff), diffMs, 100.0 * Files.size(diff) / Files.size(full),
                100.0 * diffMs / fullMs);
        System.out.printf("restore: full alone %d ms; full + differential applied and checked %d ms (%.2fx)%n",
                restoreMs, combinedMs, (double) combinedMs / restoreMs);
    }
}
