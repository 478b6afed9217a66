package dev.grove.patina.util;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts the bytes read through it, for progress: {@link #count()} may be read from another thread, and a listener,
 * when given, hears the running total after every read (to show it, or to stop early by throwing).
 */
public final class CountingInputStream extends FilterInputStream {
    private final LongConsumer listener;
    private volatile long count;

    /** Counts without a listener; read the total with {@link #count()}. */
    public CountingInputStream(InputStream in) {
        this(in, total -> { });
    }

    /** Counts and tells {@code listener} the running total after every read that returned bytes. */
    public CountingInputStream(InputStream in, LongConsumer listener) {
        super(in);
        this.listener = listener;
    }

    /** The bytes read so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            long total = count + 1;
            count = total;
            listener.accept(total);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n > 0) {
            long total = count + n;
            count = total;
            listener.accept(total);
        }
        return n;
    }
}
