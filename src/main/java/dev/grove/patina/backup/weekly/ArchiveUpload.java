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
    private final dev.grove.patina.backup.ObjectCipher cipher;
    private String sha256;
    private long size = -1;

    ArchiveUpload(Clock clock, String patinaVersion, ArchiveContent content) {
        this(clock, patinaVersion, content, dev.grove.patina.backup.ObjectCipher.none());
    }

    /** @param cipher encrypts the whole archive (the {@code .tar.gz} becomes {@code .tar.gz.age}), or not */
    ArchiveUpload(Clock clock, String patinaVersion, ArchiveContent content,
                  dev.grove.patina.backup.ObjectCipher cipher) {
        this.clock = clock;
        this.patinaVersion = patinaVersion;
        this.content = content;
        this.cipher = cipher;
    }

    @Override
    public Map<String, String> write(OutputStream out) throws IOException {
        Instant created = clock.instant();
        Map<String, String> described;
        if (cipher.encrypting()) {
            // the SHA-256 and size recorded are those of the stored (encrypted) bytes: verify needs no key
            StoredBytes stored = new StoredBytes(out);
            OutputStream encrypted = cipher.encrypt(stored);
            ArchiveWriter writer = new ArchiveWriter(encrypted, created);
            described = content.write(writer, created);
            writer.finish();
            encrypted.close(); // the last chunk; StoredBytes leaves the store's stream open
            sha256 = Sha256.hex(stored.digest);
            size = stored.count;
        } else {
            ArchiveWriter writer = new ArchiveWriter(out, created);
            described = content.write(writer, created);
            writer.finish();
            sha256 = writer.sha256();
            size = writer.size();
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ObjectMetadata.SHA256, sha256);
        m.put(ObjectMetadata.SIZE, Long.toString(size));
        m.putAll(described);
        m.put(ObjectMetadata.VERSION, patinaVersion);
        if (cipher.encrypting()) {
            m.put(ObjectMetadata.ENCRYPTION, "age");
            m.put(ObjectMetadata.RECIPIENTS, String.join(",", cipher.recipients()));
        }
        return m;
    }

    /** Hashes and counts what goes to the store's stream; closing it flushes but leaves that stream open. */
    private static final class StoredBytes extends java.io.FilterOutputStream {
        private final java.security.MessageDigest digest = Sha256.digest();
        private long count;

        StoredBytes(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
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
