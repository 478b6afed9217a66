package dev.grove.patina.backup;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DiffSummary;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.ManifestReader;
import dev.grove.patina.dump.SqlDiffWriter;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectWriter;
import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes one database's differential (ADR 0016) into a store's put — compressed, then encrypted, as a full — and
 * then holds what it wrote; {@link #confirmedBy} checks that against what the store says it stored.
 */
final class DailyDiffUpload implements ObjectWriter {
    /** The object metadata key naming the full a differential applies to. */
    static final String BASE = "patina-base";

    /** What was written: the differential's summary, the SHA-256 (hex) and size of the bytes as stored. */
    record DiffWritten(DiffSummary summary, String sha256, long size) {
    }

    private final DumpSnapshot snapshot;
    private final SqlDiffWriter writer;
    private final DumpOptions options;
    private final Path manifest;
    private final Path scratch;
    private final String runId;
    private final Compression compression;
    private final String patinaVersion;
    private final DumpProgress progress;
    private final ObjectCipher cipher;
    private DiffWritten written;

    /** @param runId names the scratch files, so that a recovery after a crash removes them */
    DailyDiffUpload(DumpSnapshot snapshot, SqlDiffWriter writer, DumpOptions options, Path manifest, Path scratch,
                    String runId, Compression compression, String patinaVersion, DumpProgress progress,
                    ObjectCipher cipher) {
        this.snapshot = snapshot;
        this.writer = writer;
        this.options = options;
        this.manifest = manifest;
        this.scratch = scratch;
        this.runId = runId;
        this.compression = compression;
        this.patinaVersion = patinaVersion;
        this.progress = progress;
        this.cipher = cipher;
    }

    @Override
    public Map<String, String> write(OutputStream out) throws IOException {
        HashingCountingOutputStream counted = new HashingCountingOutputStream(out);
        DiffSummary summary;
        Files.createDirectories(scratch);
        try (InputStream in = Files.newInputStream(manifest); ManifestReader base = new ManifestReader(in);
             OutputStream compressed = compression.wrap(cipher.encrypt(counted))) {
            summary = writer.write(snapshot, options, base, compressed, scratch, runId, progress);
        }
        written = new DiffWritten(summary, counted.sha256Hex(), counted.count());
        Map<String, String> metadata = new java.util.LinkedHashMap<>(ObjectMetadata.withEncryption(
                ObjectMetadata.of(options.sourceName(), written.sha256(), written.size(), summary.rowCounts(),
                        patinaVersion), cipher));
        metadata.put(BASE, summary.header().baseKey());
        // its expanded size: a test restore of the day needs room for the full's and this one's (issue 15)
        return ObjectMetadata.withSqlSize(metadata, summary.bytes());
    }

    /** What was written, as the store confirmed it (see {@link DailyDumpUpload#confirmedBy}). */
    DiffWritten confirmedBy(ObjectInfo stored, String where) throws StoreException {
        if (written == null) {
            throw new IllegalStateException("nothing was written to " + stored.key());
        }
        if (stored.size() != written.size()) {
            throw new StoreException(where + " confirmed " + stored.size() + " bytes for '" + stored.key()
                    + "' but Patina wrote " + written.size() + ": the upload is damaged and was not recorded");
        }
        String sha256 = stored.metadata().get(ObjectMetadata.SHA256);
        if (sha256 != null && !sha256.equals(written.sha256())) {
            throw new StoreException(where + " confirmed SHA-256 " + sha256 + " for '" + stored.key()
                    + "' but Patina wrote " + written.sha256() + ": the upload is damaged and was not recorded");
        }
        return new DiffWritten(written.summary(), sha256 == null ? written.sha256() : sha256, stored.size());
    }
}
