package dev.grove.patina.backup.weekly;

import dev.grove.patina.backup.ObjectMetadata;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectWriter;
import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weekly archive's put: writes the archive into the store's stream and holds what it wrote, the SHA-256 and size
 * of the stored bytes. {@link #confirm} checks that against what the store says it stored; from then on
 * {@link #sha256()} and {@link #size()} are the store's answer, which is what the catalog records.
 */
final class ArchiveUpload implements ObjectWriter {
    /** Writes an archive's members and manifest. */
    @FunctionalInterface
    interface ArchiveContent {
        /**
         * Writes the members and the manifest of an archive made at {@code created} (the upload finishes the archive).
         *
         * @return the metadata that describes them (week, member and missing counts)
         */
        Map<String, String> write(ArchiveWriter writer, Instant created) throws IOException;
    }

    private final Clock clock;
    private final String patinaVersion;
    private final ArchiveContent content;
    private String sha256;
    private long size = -1;

    ArchiveUpload(Clock clock, String patinaVersion, ArchiveContent content) {
        this.clock = clock;
        this.patinaVersion = patinaVersion;
        this.content = content;
    }

    @Override
    public Map<String, String> write(OutputStream out) throws IOException {
        Instant created = clock.instant();
        ArchiveWriter writer = new ArchiveWriter(out, created);
        Map<String, String> described = content.write(writer, created);
        writer.finish();
        sha256 = writer.sha256();
        size = writer.size();
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ObjectMetadata.SHA256, sha256);
        m.put(ObjectMetadata.SIZE, Long.toString(size));
        m.putAll(described);
        m.put(ObjectMetadata.VERSION, patinaVersion);
        return m;
    }

    /**
     * Takes what the store confirmed as what was stored. A store that confirms another size or SHA-256 than was
     * written stored a damaged archive.
     *
     * @param stored what the store's put returned
     * @param where  the store, for the message
     * @throws StoreException naming the key, the store and both values when they differ
     */
    void confirm(ObjectInfo stored, String where) throws StoreException {
        if (sha256 == null) {
            throw new IllegalStateException("nothing was written to " + stored.key());
        }
        if (stored.size() != size) {
            throw new StoreException(where + " confirmed " + stored.size() + " bytes for '" + stored.key()
                    + "' but Patina wrote " + size + ": the upload is damaged and was not recorded");
        }
        String confirmed = stored.metadata().get(ObjectMetadata.SHA256);
        if (confirmed != null && !confirmed.equals(sha256)) {
            throw new StoreException(where + " confirmed SHA-256 " + confirmed + " for '" + stored.key()
                    + "' but Patina wrote " + sha256 + ": the upload is damaged and was not recorded");
        }
        size = stored.size();
    }

    /** The SHA-256 (hex) of the archive's bytes. */
    String sha256() {
        return sha256;
    }

    /** The archive's size in bytes: after {@link #confirm}, the store's. */
    long size() {
        return size;
    }
}
