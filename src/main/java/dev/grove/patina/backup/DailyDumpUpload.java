package dev.grove.patina.backup;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.DumpSummary;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectWriter;
import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes one database's daily dump into a store's put, and then holds what it wrote: the dump's summary, the
 * SHA-256 and size of the stored bytes. {@link #confirmedBy} checks that against what the store says it stored.
 */
final class DailyDumpUpload implements ObjectWriter {
    /** What was written: the dump's summary, the SHA-256 (hex) and size of the bytes as stored (compressed). */
    record Written(DumpSummary summary, String sha256, long size) {
    }

    private final DumpSnapshot snapshot;
    private final SqlDumpWriter writer;
    private final DumpOptions options;
    private final Compression compression;
    private final String patinaVersion;
    private final DumpProgress progress;
    private final ObjectCipher cipher;
    private final int workers;
    private dev.grove.patina.dump.ManifestWriter manifest;
    private Written written;

    DailyDumpUpload(DumpSnapshot snapshot, SqlDumpWriter writer, DumpOptions options, Compression compression,
                    String patinaVersion, DumpProgress progress) {
        this(snapshot, writer, options, compression, patinaVersion, progress, ObjectCipher.none());
    }

    /** @param cipher encrypts the compressed dump (compress, then encrypt), or stores it as compressed */
    DailyDumpUpload(DumpSnapshot snapshot, SqlDumpWriter writer, DumpOptions options, Compression compression,
                    String patinaVersion, DumpProgress progress, ObjectCipher cipher) {
        this(snapshot, writer, options, compression, patinaVersion, progress, cipher, 1);
    }

    /**
     * @param cipher  encrypts the compressed dump (compress, then encrypt), or stores it as compressed
     * @param workers threads compressing the dump, owned by its compressing stream (ADR 0018)
     */
    DailyDumpUpload(DumpSnapshot snapshot, SqlDumpWriter writer, DumpOptions options, Compression compression,
                    String patinaVersion, DumpProgress progress, ObjectCipher cipher, int workers) {
        this.cipher = cipher;
        this.workers = workers;
        this.snapshot = snapshot;
        this.writer = writer;
        this.options = options;
        this.compression = compression;
        this.patinaVersion = patinaVersion;
        this.progress = progress;
    }

    /** Also writes the row manifest's body to {@code manifest} as the rows pass (ADR 0016). */
    DailyDumpUpload withManifest(dev.grove.patina.dump.ManifestWriter manifest) {
        this.manifest = manifest;
        return this;
    }

    @Override
    public Map<String, String> write(OutputStream out) throws IOException {
        HashingCountingOutputStream counted = new HashingCountingOutputStream(out);
        DumpSummary summary;
        try (OutputStream compressed = compression.wrap(cipher.encrypt(counted), workers)) {
            summary = writer.write(snapshot, options, compressed, progress, manifest);
        }
        written = new Written(summary, counted.sha256Hex(), counted.count());
        return ObjectMetadata.withSqlSize(ObjectMetadata.withSchema(ObjectMetadata.withEncryption(ObjectMetadata.of(
                options.sourceName(), written.sha256(), written.size(), summary.rowCounts(), patinaVersion), cipher),
                summary.schema()), summary.bytes());
    }

    /**
     * What was written, as the store confirmed it: its size is the store's. A store that confirms another size,
     * or other metadata, than was written stored a damaged object.
     *
     * @param stored what the store's put returned
     * @param where  the store, for the message
     * @throws StoreException naming the key, the store and both values when they differ
     */
    Written confirmedBy(ObjectInfo stored, String where) throws StoreException {
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
        return new Written(written.summary(), sha256 == null ? written.sha256() : sha256, stored.size());
    }
}
