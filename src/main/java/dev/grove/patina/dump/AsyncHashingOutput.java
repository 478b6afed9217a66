package dev.grove.patina.dump;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Hashes (SHA-256) and writes what the dump writer produces on a background thread, in 1 MiB chunks, so that
 * hashing, compression and I/O overlap with formatting. At most four chunks wait, so memory stays bounded.
 */
final class AsyncHashingOutput extends OutputStream {
    private static final int CHUNK = 1 << 20;
    private static final byte[] END = new byte[0];

    private final OutputStream out;
    private final MessageDigest digest;
    private final BlockingQueue<byte[]> full = new ArrayBlockingQueue<>(4);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(6);
    private final Future<?> writer;
    private volatile Exception failure;
    private byte[] current;
    private int used;
    private boolean finished;

    AsyncHashingOutput(OutputStream out, MessageDigest digest, ExecutorService executor) {
        this.out = out;
        this.digest = digest;
        this.writer = executor.submit(this::drain);
    }

    private void drain() {
        try {
            while (true) {
                byte[] chunk = full.take();
                if (chunk == END) {
                    return;
                }
                int length = lengthOf(chunk);
                if (failure == null) {
                    digest.update(chunk, 0, length);
                    out.write(chunk, 0, length);
                }
                free.offer(chunk);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
            // keep draining so the producer never blocks forever
            byte[] chunk;
            while ((chunk = full.poll()) != null && chunk != END) {
                free.offer(chunk);
            }
        }
    }

    // A chunk's length travels in its last 4 bytes (chunks are allocated 4 bytes larger).
    private static int lengthOf(byte[] chunk) {
        int n = chunk.length;
        return ((chunk[n - 4] & 0xFF) << 24) | ((chunk[n - 3] & 0xFF) << 16) | ((chunk[n - 2] & 0xFF) << 8)
                | (chunk[n - 1] & 0xFF);
    }

    private static void setLength(byte[] chunk, int length) {
        int n = chunk.length;
        chunk[n - 4] = (byte) (length >>> 24);
        chunk[n - 3] = (byte) (length >>> 16);
        chunk[n - 2] = (byte) (length >>> 8);
        chunk[n - 1] = (byte) length;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (current == null) {
                current = take();
                used = 0;
            }
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, current, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == CHUNK) {
                hand();
            }
        }
    }

    private byte[] take() throws IOException {
        byte[] chunk = free.poll();
        return chunk != null ? chunk : new byte[CHUNK + 4];
    }

    private void hand() throws IOException {
        check();
        setLength(current, used);
        try {
            while (!full.offer(current, 100, TimeUnit.MILLISECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the dump", e);
        }
        current = null;
        used = 0;
    }

    private void check() throws IOException {
        Exception e = failure;
        if (e instanceof IOException io) {
            throw io;
        } else if (e != null) {
            throw new IOException(e);
        }
    }

    /** Writes what is pending and waits until every byte is hashed and written (the stream stays open). */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (current != null && used > 0) {
            hand();
        }
        try {
            full.put(END);
            writer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the dump", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
        check();
        out.flush();
    }

    @Override
    public void flush() {
        // chunks are handed over when full; finish() flushes the rest
    }
}
