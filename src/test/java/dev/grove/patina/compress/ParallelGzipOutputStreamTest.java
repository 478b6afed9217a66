package dev.grove.patina.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTest {
    private static final int BLOCK = 64 * 1024;

    /** SQL-like text: compressible, with repeats that reach back across block boundaries. */
    private static byte[] sqlText(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(size + 128);
        int row = 0;
        while (b.length() < size) {
            b.append("INSERT INTO \"orders\" VALUES(").append(row++).append(",'customer-").append(r.nextInt(5000))
                    .append("',").append(r.nextInt(100000) / 100.0).append(",'2026-11-")
                    .append(10 + r.nextInt(19)).append("');\n");
        }
        byte[] all = b.toString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(all, size);
    }

    private static byte[] gzip(byte[] data, int workers, int chunk) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new ParallelGzipOutputStream(sink, workers, 6, BLOCK)) {
            for (int off = 0; off < data.length; off += chunk) {
                out.write(data, off, Math.min(chunk, data.length - off));
            }
        }
        return sink.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 7 * BLOCK + 12345, 40 * BLOCK})
    void roundTripsThroughGzipInputStream(int size) throws IOException {
        byte[] data = sqlText(size, size);
        for (int workers : new int[] {1, 2, 4}) {
            byte[] gz = gzip(data, workers, 8191);
            assertArrayEquals(data, gunzip(gz), size + " bytes on " + workers + " workers");
        }
    }

    @Test
    void incompressibleInputRoundTrips() throws IOException {
        byte[] data = new byte[9 * BLOCK + 77];
        new Random(42).nextBytes(data);
        byte[] gz = gzip(data, 3, 100_000);
        assertArrayEquals(data, gunzip(gz));
        // stored-ish: deflate of random bytes grows slightly, never by much
        assertTrue(gz.length < data.length + data.length / 100 + 1024, "compressed to " + gz.length);
    }

    @Test
    void singleByteWritesRoundTrip() throws IOException {
        byte[] data = sqlText(3 * BLOCK + 5, 9);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new ParallelGzipOutputStream(sink, 2, 6, BLOCK)) {
            for (byte b : data) {
                out.write(b);
            }
        }
        assertArrayEquals(data, gunzip(sink.toByteArray()));
    }

    @Test
    void oneStandardStreamWithOneHeaderAndTheCrcAndSizeOfAllInput() throws IOException {
        byte[] data = sqlText(10 * BLOCK + 999, 3);
        byte[] gz = gzip(data, 4, 65_000);
        assertEquals(0x1f, gz[0] & 0xFF);
        assertEquals(0x8b, gz[1] & 0xFF);
        assertEquals(8, gz[2]);
        assertEquals(0, gz[3], "no optional fields");
        CRC32 crc = new CRC32();
        crc.update(data);
        assertEquals(crc.getValue(), le32(gz, gz.length - 8));
        assertEquals(data.length, le32(gz, gz.length - 4));
        // exactly one deflate stream, which ends right before the 8-byte trailer: one gzip member
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        try {
            inflater.setInput(gz, 10, gz.length - 10);
            byte[] buf = new byte[1 << 16];
            long total = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                assertTrue(n > 0 || !inflater.needsInput(), "the deflate stream ended early");
                total += n;
            }
            assertEquals(data.length, total);
            assertEquals(8, inflater.getRemaining(), "bytes after the deflate stream");
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
    }

    @Test
    void compressesAboutAsWellAsSingleThreadedGzip() throws IOException {
        byte[] data = sqlText(30 * BLOCK, 5);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(single)) {
            out.write(data);
        }
        byte[] parallel = gzip(data, 2, 1 << 20);
        // the dictionary carries the 32 KiB window across blocks: within 3 % of one deflate stream
        assertTrue(parallel.length < single.size() * 1.03, parallel.length + " vs " + single.size());
    }

    @Test
    void aWorkerFailureSurfacesOnWriteOrClose() {
        AtomicInteger blocks = new AtomicInteger();
        ParallelGzipOutputStream.BlockDeflater failingThird = (d, block, length, dict, dictOff, dictLen, last) -> {
            if (blocks.incrementAndGet() == 3) {
                throw new IOException("disk of the test's imagination is full");
            }
            return ParallelGzipOutputStream.deflateBlock(d, block, length, dict, dictOff, dictLen, last);
        };
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        byte[] data = sqlText(20 * BLOCK, 1);
        IOException e = assertThrows(IOException.class, () -> {
            try (OutputStream out = new ParallelGzipOutputStream(sink, 2, 6, BLOCK, failingThird)) {
                out.write(data);
            }
        });
        assertTrue(e.getMessage().contains("gzip worker failed"), e.getMessage());
        assertTrue(String.valueOf(e.getCause()).contains("imagination"), String.valueOf(e.getCause()));
    }

    @Test
    void aFailureOfTheLastBlockSurfacesOnClose() throws IOException {
        ParallelGzipOutputStream.BlockDeflater failingLast = (d, block, length, dict, dictOff, dictLen, last) -> {
            if (last) {
                throw new IllegalStateException("last block refused");
            }
            return ParallelGzipOutputStream.deflateBlock(d, block, length, dict, dictOff, dictLen, last);
        };
        OutputStream out = new ParallelGzipOutputStream(new ByteArrayOutputStream(), 2, 6, BLOCK, failingLast);
        out.write(sqlText(BLOCK / 2, 2));
        IOException e = assertThrows(IOException.class, out::close);
        assertTrue(String.valueOf(e.getCause()).contains("last block refused"), e.toString());
        out.close(); // idempotent, even after a failure
        assertThrows(IOException.class, () -> out.write(1));
    }

    @Test
    void closeIsIdempotentAndClosesTheUnderlyingStreamOnce() throws IOException {
        AtomicInteger closes = new AtomicInteger();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream counting = new FilterOutputStream(sink) {
            @Override
            public void close() throws IOException {
                closes.incrementAndGet();
                super.close();
            }
        };
        OutputStream out = new ParallelGzipOutputStream(counting, 2);
        out.write("hello".getBytes(StandardCharsets.UTF_8));
        out.close();
        int length = sink.size();
        out.close();
        assertEquals(1, closes.get());
        assertEquals(length, sink.size());
        assertEquals("hello", new String(gunzip(sink.toByteArray()), StandardCharsets.UTF_8));
        assertThrows(IOException.class, () -> out.write(1));
    }

    @Test
    void itsThreadsStopWhenItCloses() throws IOException, InterruptedException {
        Set<Thread> before = gzipThreads();
        OutputStream out = new ParallelGzipOutputStream(new ByteArrayOutputStream(), 3, 6, BLOCK);
        out.write(sqlText(8 * BLOCK, 4));
        Set<Thread> own = gzipThreads();
        own.removeAll(before);
        assertFalse(own.isEmpty(), "workers run while the stream is open");
        out.close();
        for (Thread t : own) {
            t.join(30_000); // the pool has terminated; a thread may take a moment to die
            assertFalse(t.isAlive(), t.getName() + " outlived its stream");
        }
    }

    @Test
    void anUnderlyingStreamThatFailsSurfacesItsError() {
        OutputStream broken = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 20_000) {
                    throw new IOException("store connection reset");
                }
            }
        };
        IOException e = assertThrows(IOException.class, () -> {
            try (OutputStream out = new ParallelGzipOutputStream(broken, 2, 6, BLOCK)) {
                byte[] data = new byte[40 * BLOCK];
                new Random(7).nextBytes(data);
                out.write(data);
            }
        });
        assertEquals("store connection reset", e.getMessage());
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgument() {
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> new ParallelGzipOutputStream(new ByteArrayOutputStream(), 0));
        assertTrue(w.getMessage().contains("workers"), w.getMessage());
        IllegalArgumentException l = assertThrows(IllegalArgumentException.class,
                () -> new ParallelGzipOutputStream(new ByteArrayOutputStream(), 2, 10, BLOCK));
        assertTrue(l.getMessage().contains("level"), l.getMessage());
    }

    @Test
    void compressionWrapUsesWorkersAndStaysReadableByDecompressing() throws IOException {
        byte[] data = sqlText(5 * BLOCK * 4 + 3, 11);
        for (Compression c : Compression.values()) {
            for (int workers : new int[] {1, 2}) {
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                try (OutputStream out = c.wrap(sink, workers)) {
                    out.write(data);
                }
                try (var in = Compression.decompressing(new ByteArrayInputStream(sink.toByteArray()))) {
                    assertArrayEquals(data, in.readAllBytes(), c + " on " + workers + " workers");
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Compression.GZIP.wrap(new ByteArrayOutputStream(), 0));
    }

    private static Set<Thread> gzipThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("patina-gzip-"))
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
