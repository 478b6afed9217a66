package dev.grove.patina.dump;

import dev.grove.patina.source.sqlite.SqliteFileSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The differential's core end to end on real files, for the tests: a full with its row manifest, a differential
 * against it, and a restore of full + differential checked against the differential's digests.
 */
public final class DiffChain {
    public static final String BASE_KEY = "daily/2026-11-30/shop.sql";

    private final Clock clock;
    private final DumpDialect dialect;

    public DiffChain(Clock clock, DumpDialect dialect) {
        this.clock = clock;
        this.dialect = dialect;
    }

    /** Dumps {@code source} whole to {@code full} and seals its manifest in {@code manifest}; the dump's summary. */
    public DumpSummary full(Path source, Path full, Path manifest) throws Exception {
        Path body = manifest.resolveSibling(manifest.getFileName() + ".body");
        DumpSummary summary;
        String fingerprint;
        try (DumpSnapshot snapshot = new SqliteFileSource("shop", source).openSnapshot();
             OutputStream out = Files.newOutputStream(full);
             OutputStream bodyOut = Files.newOutputStream(body)) {
            fingerprint = SchemaFingerprint.of(snapshot.schema());
            summary = new SqlDumpWriter(clock, "test").write(snapshot, DumpOptions.all("shop", dialect), out,
                    DumpProgress.NONE, new ManifestWriter(bodyOut));
        }
        try (InputStream in = Files.newInputStream(body); OutputStream out = Files.newOutputStream(manifest)) {
            ManifestWriter.seal(ManifestHeader.of("shop", BASE_KEY, summary.sha256(), clock.instant().toString(),
                    fingerprint), in, out);
        }
        Files.delete(body);
        return summary;
    }

    /** Writes the differential of {@code source} against {@code manifest} to {@code diff}. */
    public DiffSummary diff(Path source, Path manifest, Path diff, Path scratch) throws Exception {
        try (DumpSnapshot snapshot = new SqliteFileSource("shop", source).openSnapshot();
             ManifestReader base = new ManifestReader(Files.newInputStream(manifest));
             OutputStream out = Files.newOutputStream(diff)) {
            return new SqlDiffWriter(clock, "test").write(snapshot, DumpOptions.all("shop", dialect), base, out,
                    scratch, DumpProgress.NONE);
        }
    }

    /** Restores {@code full} into {@code target}, applies {@code diff} and checks every table's digest. */
    public DiffApplier.Applied restore(Path full, String fullSha, Path diff, Path target) throws Exception {
        new Restorer(clock).restore(full, target, RestoreOptions.all(), RestoreProgress.NONE);
        DiffApplier.Applied applied = new DiffApplier().apply(diff, target, fullSha);
        TableDigester.check(applied.footer().result(), digests(target), "the restore of " + diff);
        return applied;
    }

    static Map<String, TableDigest> digests(Path db) throws Exception {
        try (DumpSnapshot snapshot = new SqliteFileSource("restored", db).openSnapshot()) {
            return TableDigester.of(snapshot, "restored");
        }
    }

    static void deleteIfExists(Path... files) throws IOException {
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }
}
