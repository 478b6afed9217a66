package dev.grove.patina.backup.replica;

import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.NoSuchObjectException;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.ServerCopyRefusedException;
import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Copies one object from the primary to one replica, and proves the copy. Server-side where the replica's store can
 * ({@link BackupStore#copyFrom}: both buckets on one S3 endpoint): the copy read back in full must hash to the
 * catalog's SHA-256 — which also proves the primary's bytes, hashed when they were backed up — and have its size,
 * else the copy is deleted. Otherwise streamed (never whole in memory, no temporary file): the bytes read from the
 * primary must hash to the catalog's SHA-256 (else nothing is stored on the replica: the put is abandoned), the
 * replica must confirm their size, and the copy read back must hash to the same SHA-256. Encrypted objects are bytes
 * like any other.
 */
final class ReplicaCopier {
    /** A copy read back with the primary's SHA-256; {@code serverSide} when no byte of it passed through Patina. */
    record Proven(long size, String sha256, boolean serverSide) {
    }

    private final BackupStore primary;
    private final ObjectKeys primaryKeys;

    ReplicaCopier(BackupStore primary, ObjectKeys primaryKeys) {
        this.primary = primary;
        this.primaryKeys = primaryKeys;
    }

    /**
     * Copies {@code object} to {@code replica} and reads it back.
     *
     * @param serverSide whether to try a server-side copy first
     * @param refused    told why, when the replica's store refused the server-side copy (then this one is
     *                   streamed)
     * @throws IOException naming the key and the replica when the primary cannot be read, the replica refuses the
     *                     put, or a checksum or size differs
     */
    Proven copy(StoredObject object, Replica replica, boolean serverSide, Consumer<ServerCopyRefusedException> refused)
            throws IOException {
        String key = object.key();
        String target = replica.keyOf(key, primaryKeys);
        ObjectInfo source = primary.head(key).orElseThrow(
                () -> new NoSuchObjectException("the primary (" + primary.describe() + ") has no object '" + key
                        + "' to copy"));
        if (serverSide) {
            try {
                Optional<ObjectInfo> copied = replica.store().copyFrom(primary, source, target);
                if (copied.isPresent()) {
                    return proveServerCopy(object, replica, target, copied.get());
                }
            } catch (ServerCopyRefusedException e) {
                refused.accept(e);
            }
        }
        Map<String, String> metadata = source.metadata();
        ObjectInfo stored = replica.store().put(target, out -> {
            String read = stream(key, out);
            if (object.sha256() != null && !object.sha256().equals(read)) {
                throw new IOException("the primary's '" + key + "' reads with SHA-256 " + read + " but the catalog"
                        + " recorded " + object.sha256() + ": not copied (verify the primary)");
            }
            return metadata;
        });
        if (stored.size() != object.size()) {
            throw new StoreException("replica " + replica.name() + " confirmed " + stored.size() + " bytes for '"
                    + target + "' but the primary holds " + object.size());
        }
        String back = readBack(replica.store(), target);
        if (object.sha256() != null && !object.sha256().equals(back)) {
            throw new StoreException("replica " + replica.name() + ": '" + target + "' reads back with SHA-256 "
                    + back + " but the primary's is " + object.sha256());
        }
        return new Proven(stored.size(), back, false);
    }

    /** Reads the server-side copy back in full; a copy that differs is deleted from the replica. */
    private Proven proveServerCopy(StoredObject object, Replica replica, String target, ObjectInfo copied)
            throws IOException {
        String back = readBack(replica.store(), target);
        boolean shaDiffers = object.sha256() != null && !object.sha256().equals(back);
        if (shaDiffers || copied.size() != object.size()) {
            StoreException bad = new StoreException("replica " + replica.name() + ": the server-side copy of '"
                    + object.key() + "' reads back with " + copied.size() + " bytes and SHA-256 " + back
                    + " but the catalog recorded " + object.size() + " bytes and " + object.sha256()
                    + ": the primary's object is damaged (verify the primary); the copy was deleted, not kept");
            try {
                replica.store().delete(target);
            } catch (IOException e) {
                bad.addSuppressed(e);
            }
            throw bad;
        }
        return new Proven(copied.size(), back, true);
    }

    /** Streams the primary's object into {@code out}; returns the SHA-256 of what was read. */
    private String stream(String key, OutputStream out) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(primary.get(key), digest)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String readBack(BackupStore store, String key) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(store.get(key), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
