package dev.grove.patina.dump;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads rows from a source cursor on a background thread, in batches of at most 1000 rows and 8 MiB, while the
 * caller formats the previous batch: reading (JDBC or HTTP) and writing SQL overlap on two cores. At most three
 * batches are in flight, so memory stays bounded whatever the table size.
 */
final class PrefetchingRowCursor implements RowCursor {
    private static final int MAX_ROWS = 1000;
    private static final long MAX_BYTES = 8L << 20;
    private static final Batch END = new Batch(0);

    private final RowCursor source;
    private final int columns;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(3);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Future<?> reader;
    private volatile Exception failure;
    private Batch current;
    private int row = -1;

    PrefetchingRowCursor(RowCursor source, int columns, ExecutorService executor) {
        this.source = source;
        this.columns = columns;
        this.reader = executor.submit(this::readAll);
    }

    private void readAll() {
        try {
            Batch batch = new Batch(columns);
            while (!closed.get() && source.next()) {
                batch.add(source);
                if (batch.rows >= MAX_ROWS || batch.bytes >= MAX_BYTES) {
                    put(batch);
                    batch = new Batch(columns);
                }
            }
            if (batch.rows > 0) {
                put(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        } finally {
            try {
                put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void put(Batch batch) throws InterruptedException {
        while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
            if (closed.get()) {
                return;
            }
        }
    }

    @Override
    public boolean next() throws Exception {
        while (current == null || ++row >= current.rows) {
            if (current == END) {
                return false;
            }
            current = queue.take();
            row = -1;
            if (current == END) {
                if (failure != null) {
                    throw failure;
                }
                return false;
            }
        }
        return true;
    }

    @Override
    public ValueType type(int i) {
        return current.types[row * columns + i];
    }

    @Override
    public long getLong(int i) {
        return current.longs[row * columns + i];
    }

    @Override
    public double getDouble(int i) {
        return Double.longBitsToDouble(current.longs[row * columns + i]);
    }

    @Override
    public String getText(int i) {
        return new String((byte[]) current.refs[row * columns + i], java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public byte[] getTextBytes(int i) {
        return (byte[]) current.refs[row * columns + i];
    }

    @Override
    public byte[] getBlob(int i) {
        return (byte[]) current.refs[row * columns + i];
    }

    @Override
    public void close() throws Exception {
        closed.set(true);
        queue.clear();
        try {
            reader.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ignored) {
            // the reader's own failure was handed over through next(); a stuck reader is abandoned
        } finally {
            source.close();
        }
    }

    /** Values of up to MAX_ROWS rows, column-major within a row, primitive where possible. */
    private static final class Batch {
        final int columns;
        final ValueType[] types;
        final long[] longs;
        final Object[] refs;
        int rows;
        long bytes;

        Batch(int columns) {
            this.columns = columns;
            int cells = columns == 0 ? 0 : columns * MAX_ROWS;
            types = new ValueType[cells];
            longs = new long[cells];
            refs = new Object[cells];
        }

        void add(RowCursor c) throws Exception {
            int base = rows * columns;
            for (int i = 0; i < columns; i++) {
                ValueType t = c.type(i);
                types[base + i] = t;
                switch (t) {
                    case INTEGER -> longs[base + i] = c.getLong(i);
                    case REAL -> longs[base + i] = Double.doubleToRawLongBits(c.getDouble(i));
                    case TEXT -> {
                        byte[] v = c.getTextBytes(i);
                        refs[base + i] = v;
                        bytes += v.length;
                    }
                    case BLOB -> {
                        byte[] v = c.getBlob(i);
                        refs[base + i] = v;
                        bytes += v.length;
                    }
                    default -> { }
                }
                bytes += 8;
            }
            rows++;
        }
    }
}
