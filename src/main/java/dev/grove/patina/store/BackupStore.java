package dev.grove.patina.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where backup objects live: an S3-compatible bucket (Cloudflare R2) or a local folder. Keys are full keys as
 * {@link ObjectKeys} makes them (prefix included); the store knows nothing about SQLite or dumps.
 *
 * <p>Every implementation passes the same contract test suite. A put is atomic: either the whole object appears
 * under its key or nothing does (no half object under a final key, ever).
 */
public interface BackupStore {
    /**
     * Streams an object to {@code key}, replacing an existing one. {@code writer} writes the content and returns
     * the metadata to attach (it learns checksums and row counts only while writing). Metadata keys are lower-case
     * {@code [a-z0-9-]}, values printable ASCII.
     *
     * @return the stored object's description, with the metadata
     * @throws StoreException naming the key and the store when the object could not be stored; nothing is left
     *                        under {@code key} then
     */
    ObjectInfo put(String key, ObjectWriter writer) throws IOException;

    /** Opens the object's content for reading; the caller closes the stream. */
    InputStream get(String key) throws IOException;

    /** Describes the object, or empty when there is none under {@code key}. */
    Optional<ObjectInfo> head(String key) throws IOException;

    /** Every object whose key starts with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** Deletes the object; deleting a missing key is not an error. */
    void delete(String key) throws IOException;

    /** Where this store is, for messages: {@code s3://bucket/prefix (endpoint)} or a folder — never a secret. */
    String describe();
}
