package dev.grove.patina.store.local;

import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream a put hands its writer: turns the disk's failures into a {@link StoreException} naming the key and
 * remembers it, so that {@code put} reports a full disk as a store failure even when the writer wraps it. Closing
 * it only flushes: the store still has to fsync and rename.
 */
final class FailureRecordingStream extends OutputStream {
    private final OutputStream out;
    private final String key;
    private final String where;
    private StoreException failure;

    /** @param where the store, for messages */
    FailureRecordingStream(OutputStream out, String key, String where) {
        this.out = out;
        this.key = key;
        this.where = where;
    }

    /** The store failure a write met, or null. */
    StoreException failure() {
        return failure;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    private StoreException fail(IOException e) {
        if (failure == null) {
            failure = new StoreException("cannot write '" + key + "' in " + where + ": " + e, e);
        }
        return failure;
    }
}
