package dev.grove.patina.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * One object's copy on one replica store, as the catalog knows it (a row of {@code object_copies}).
 *
 * @param key       the object's key on the primary (the {@code objects} row)
 * @param store     the replica's name
 * @param size      bytes the replica confirmed, null while never copied
 * @param sha256    of the bytes read back from the replica, null while never copied
 * @param copiedAt  when the read-back matched, null while never copied
 * @param attempts  how many times a copy was tried
 * @param lastError why the last attempt (a copy or a delete) failed, secrets scrubbed; null when it did not
 * @param deletedAt when retention removed it from that store, null while not
 */
public record ObjectCopy(String key, String store, CopyState state, Long size, String sha256, Instant copiedAt,
                         int attempts, String lastError, Instant deletedAt) {
    public ObjectCopy {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(state, "state");
    }
}
