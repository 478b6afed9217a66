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
     * <p>Keys and metadata follow {@link StoreRules}. When {@code writer} itself throws, the partial object is
     * discarded and the writer's exception is rethrown as it is (a failing dump stays a dump error); when the
     * store fails, the writer's output stream throws a {@link StoreException} and {@code put} throws it too.
     *
     * @return the stored object's description, with the metadata
     * @throws StoreException naming the key and the store when the object could not be stored; nothing is left
     *                        under {@code key} then (an existing object there stays as it was)
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

    /**
     * Copies {@code object} of {@code source} to {@code key} in this store without its bytes passing through Patina
     * (a server-side copy), with the object's metadata — possible when both stores are buckets of the same S3
     * endpoint. Like {@link #put}, the copy is whole under {@code key} or absent (an existing object there is
     * replaced). The caller proves the copy by reading it back.
     *
     * @param object the source's object as {@code source.head} described it (key, size, metadata)
     * @return the copy's description; empty when this store cannot copy from {@code source} this way (another
     *         endpoint or kind of store) — then stream it
     * @throws ServerCopyRefusedException when the service refused the server-side copy (the credentials cannot read
     *                                    the source, or it is not supported): nothing was copied, streaming may work
     * @throws StoreException             naming the key and the store when the copy failed otherwise
     */
    default Optional<ObjectInfo> copyFrom(BackupStore source, ObjectInfo object, String key) throws IOException {
        return Optional.empty();
    }

    /**
     * Start-up housekeeping: removes what puts interrupted by a crash or kill left behind (temporary files of
     * a local folder, unfinished multipart uploads under the S3 prefix). Call it once at start, while no put
     * runs. Never touches a complete object.
     *
     * @return how many leftovers were removed
     */
    default int cleanUpInterruptedPuts() throws IOException {
        return 0;
    }

    /**
     * Like {@link #cleanUpInterruptedPuts()}, but only for puts started before {@code startedBefore}, so it is
     * safe while another process may be uploading right now. Every nightly run calls it with "a day ago".
     *
     * @return how many interrupted puts were cleaned up
     */
    default int cleanUpInterruptedPuts(java.time.Instant startedBefore) throws IOException {
        return 0;
    }

    /**
     * Removes what interrupted puts of exactly {@code key} left, whatever their age: the temporary files of a local
     * folder (a put that crashed between its renames is finished instead), the unfinished multipart uploads of that
     * key in a bucket. Never touches a complete object. Call it only when no put of {@code key} is running anywhere —
     * the catalog knows: the run that was storing it is dead ({@code Catalog.recoverDeadRuns}).
     *
     * @return how many leftovers were removed
     */
    default int cleanUpInterruptedPut(String key) throws IOException {
        return 0;
    }

    /**
     * Checks, with one cheap request, that the store is reachable and the credentials may list and write under
     * the prefix — so a run with a wrong key fails at once with "access denied" instead of after every upload.
     *
     * @throws StoreException saying what to check (endpoint, bucket, key permissions, folder)
     */
    default void checkAccess() throws IOException {
    }

    /** Where this store is, for messages: {@code s3://bucket/prefix (endpoint)} or a folder — never a secret. */
    String describe();

    /**
     * The file on this machine that holds {@code key} (a local folder store), so that nothing is ever written onto
     * a stored object; empty for a remote store or a key it would refuse.
     */
    default Optional<java.nio.file.Path> localFile(String key) {
        return Optional.empty();
    }
}
