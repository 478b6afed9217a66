package dev.grove.patina.dump;

/** Receives progress of a running restore; called on the restoring thread, so implementations must be quick. */
@FunctionalInterface
public interface RestoreProgress {
    RestoreProgress NONE = (phase, statements, bytesRead, totalBytes) -> { };

    /**
     * @param phase      {@code load}, {@code check} (integrity and row counts) or {@code done}
     * @param bytesRead  bytes of the (possibly compressed) dump file read so far
     * @param totalBytes size of the dump file
     */
    void update(String phase, long statements, long bytesRead, long totalBytes);
}
