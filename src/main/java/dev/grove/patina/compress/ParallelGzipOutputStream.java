package dev.grove.patina.compress;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip on more than one core, as pigz does: the input is cut into blocks, each block is deflated on a worker thread
 * with the previous block's last 32 KiB as its dictionary and ended with a sync flush (an empty stored block that
 * ends on a byte boundary), and the blocks are written in order into ONE standard gzip stream — one header, one
 * deflate stream whose last block is final, one CRC32 over all input and one ISIZE. Any gzip reader reads it
 * ({@code gzip -dc}, {@link java.util.zip.GZIPInputStream}).
 *
 * <p>The threads belong to the stream: they start with it and stop when it is closed. At most {@code 2 × workers}
 * blocks are in flight, so memory is bounded ({@code ≈ (2 × workers + 2) × blockSize} plus one deflater per
 * worker). A failure of a worker surfaces as an {@link IOException} from the next {@code write}, {@code flush} or
 * {@code close}. Closing closes the underlying stream; a second close does nothing.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    /** The default block: 256 KiB of input per task. */
    public static final int DEFAULT_BLOCK = 256 * 1024;
    static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final AtomicInteger STREAMS = new AtomicInteger();

    /** Deflates one block; package-private so that a test can make a worker fail. */
    interface BlockDeflater {
        /**
         * @param deflater a reset raw ({@code nowrap}) deflater at the stream's level, owned by the caller
         * @param last     whether this block ends the stream (finish) or not (sync flush)
         * @return the block's deflate bytes
         */
        byte[] deflate(Deflater deflater, byte[] block, int length, byte[] dictionary, int dictionaryOffset,
                       int dictionaryLength, boolean last) throws IOException;
    }

    private final OutputStream out;
    private final int blockSize;
    private final int maxInFlight;
    private final ExecutorService workers;
    private final BlockingQueue<Deflater> deflaters;
    private final Deflater[] allDeflaters;
    private final BlockDeflater blockDeflater;
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private long size;
    private byte[] block;
    private int used;
    private byte[] previous;
    private int previousLength;
    private boolean headerWritten;
    private boolean closed;
    private IOException failure;

    /** Gzip level 6 in blocks of {@link #DEFAULT_BLOCK} on {@code workers} threads. */
    public ParallelGzipOutputStream(OutputStream out, int workers) {
        this(out, workers, 6, DEFAULT_BLOCK);
    }

    /**
     * @param workers   deflating threads (≥ 1)
     * @param level     deflate level, 1–9
     * @param blockSize input bytes per block (≥ 32 KiB)
     */
    public ParallelGzipOutputStream(OutputStream out, int workers, int level, int blockSize) {
        this(out, workers, level, blockSize, ParallelGzipOutputStream::deflateBlock);
    }

    ParallelGzipOutputStream(OutputStream out, int workers, int level, int blockSize, BlockDeflater blockDeflater) {
        if (workers < 1) {
            throw new IllegalArgumentException("gzip workers must be ≥ 1 (was " + workers + ")");
        }
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 1–9 (was " + level + ")");
        }
        if (blockSize < DICTIONARY) {
            throw new IllegalArgumentException("gzip block must be ≥ " + DICTIONARY + " bytes (was " + blockSize + ")");
        }
        this.out = java.util.Objects.requireNonNull(out, "out");
        this.blockSize = blockSize;
        this.maxInFlight = 2 * workers;
        this.blockDeflater = blockDeflater;
        this.deflaters = new ArrayBlockingQueue<>(workers);
        this.allDeflaters = new Deflater[workers];
        for (int i = 0; i < workers; i++) {
            allDeflaters[i] = new Deflater(level, true);
            deflaters.add(allDeflaters[i]);
        }
        int stream = STREAMS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "patina-gzip-" + stream + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.block = new byte[blockSize];
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (used == blockSize) {
            submit(false);
        }
        block[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (used == blockSize) {
                submit(false);
            }
            int n = Math.min(len, blockSize - used);
            System.arraycopy(b, off, block, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    /** Writes the blocks already deflated and flushes the underlying stream; it does not cut a block. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        drain(false);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // a failure already thrown from write or flush is not thrown again (try-with-resources would suppress an
        // exception into itself); close then only stops the threads and closes the underlying stream
        boolean failedBefore = failure != null;
        IOException thrown = null;
        try {
            if (!failedBefore) {
                submit(true);
                drain(true);
                byte[] trailer = new byte[8];
                putIntLe(trailer, 0, crc.getValue());
                putIntLe(trailer, 4, size);
                out.write(trailer);
                out.flush();
            }
        } catch (IOException e) {
            thrown = e;
        } finally {
            workers.shutdownNow();
            for (Future<byte[]> f : pending) {
                f.cancel(true);
            }
            pending.clear();
            try {
                workers.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Deflater d : allDeflaters) {
                d.end();
            }
            try {
                out.close();
            } catch (IOException e) {
                if (thrown == null) {
                    thrown = e;
                } else {
                    thrown.addSuppressed(e);
                }
            }
        }
        if (thrown != null) {
            throw thrown;
        }
    }

    private void ensureOpen() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IOException("the gzip stream is closed");
        }
    }

    /** Hands the current block to a worker; waits while too many blocks are in flight. */
    private void submit(boolean last) throws IOException {
        if (!headerWritten) {
            out.write(HEADER);
            headerWritten = true;
        }
        byte[] data = block;
        int length = used;
        byte[] dictionary = previous;
        int dictionaryLength = Math.min(previousLength, DICTIONARY);
        int dictionaryOffset = previousLength - dictionaryLength;
        crc.update(data, 0, length);
        size += length;
        pending.add(workers.submit(() -> {
            Deflater d = deflaters.take();
            try {
                d.reset();
                return blockDeflater.deflate(d, data, length, dictionary, dictionaryOffset, dictionaryLength, last);
            } finally {
                deflaters.add(d);
            }
        }));
        previous = data;
        previousLength = length;
        if (!last) {
            block = new byte[blockSize];
            used = 0;
        }
        while (pending.size() >= maxInFlight) {
            writeNext();
        }
        drain(false);
    }

    /** Writes the finished blocks at the head of the queue; with {@code all}, waits for every block. */
    private void drain(boolean all) throws IOException {
        while (!pending.isEmpty() && (all || pending.peek().isDone())) {
            writeNext();
        }
    }

    private void writeNext() throws IOException {
        Future<byte[]> next = pending.poll();
        byte[] deflated;
        try {
            deflated = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new InterruptedIOException("interrupted while waiting for a gzip worker"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw fail(new IOException("a gzip worker failed: " + cause, cause));
        }
        try {
            out.write(deflated);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** Raw deflate of one block: dictionary, input, then a sync flush (or finish for the last block). */
    static byte[] deflateBlock(Deflater d, byte[] block, int length, byte[] dictionary, int dictionaryOffset,
                               int dictionaryLength, boolean last) {
        if (dictionaryLength > 0) {
            d.setDictionary(dictionary, dictionaryOffset, dictionaryLength);
        }
        d.setInput(block, 0, length);
        byte[] buf = new byte[Math.max(1024, length / 2 + 1024)];
        int pos = 0;
        if (last) {
            d.finish();
            while (!d.finished()) {
                if (pos == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                pos += d.deflate(buf, pos, buf.length - pos);
            }
        } else {
            while (true) {
                if (pos == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int space = buf.length - pos;
                int n = d.deflate(buf, pos, space, Deflater.SYNC_FLUSH);
                pos += n;
                if (n < space) {
                    break;
                }
            }
        }
        return Arrays.copyOf(buf, pos);
    }

    private static void putIntLe(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
