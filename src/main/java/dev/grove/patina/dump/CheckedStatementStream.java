package dev.grove.patina.dump;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads, splits and checks a dump's statements on a background thread while the caller executes the previous
 * ones, so reading, decompression, hashing and the {@link RestoreGuard} overlap with SQLite's work. At most 32
 * statements, and at most {@value #QUEUED_CHARS} characters of them (or one longer statement alone), wait in
 * between, so memory stays bounded even when statements are long.
 */
final class CheckedStatementStream implements AutoCloseable {
    /** One statement with what the guard found out about it. */
    record Checked(SqlStatement statement, StatementInfo info) {
    }

    private static final Checked END = new Checked(null, null);
    /** The characters of SQL that may wait in the queue at once (a longer statement waits alone). */
    static final long QUEUED_CHARS = 16L << 20;

    private final Object budget = new Object();
    private long queuedChars;

    private final BlockingQueue<Checked> queue = new ArrayBlockingQueue<>(32);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SqlStatementReader reader;
    private final RestoreGuard guard;
    private final Future<?> task;
    private volatile Throwable failure;
    private volatile String headerJson;
    private volatile String footerJson;
    private volatile byte[] sha256;
    private boolean ended;

    CheckedStatementStream(InputStream decompressed, RestoreGuard guard, ExecutorService executor,
                           long maxStatementBytes) {
        this.reader = new SqlStatementReader(decompressed, maxStatementBytes);
        this.guard = guard;
        this.task = executor.submit(this::readAll);
    }

    private void readAll() {
        try {
            SqlStatement st;
            while (!closed.get() && (st = reader.next()) != null) {
                put(new Checked(st, guard.check(st)));
            }
            if (!closed.get()) {
                headerJson = reader.headerJson();
                footerJson = reader.footerJson();
                sha256 = reader.sha256BeforeFooter();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        } finally {
            try {
                put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void put(Checked c) throws InterruptedException {
        long size = size(c);
        synchronized (budget) {
            while (queuedChars > 0 && queuedChars + size > QUEUED_CHARS) {
                if (closed.get()) {
                    return;
                }
                budget.wait(100);
            }
            queuedChars += size;
        }
        while (!queue.offer(c, 100, TimeUnit.MILLISECONDS)) {
            if (closed.get()) {
                return;
            }
        }
    }

    /** The next checked statement, or null at the end; rethrows what reading or checking failed with. */
    Checked next() throws IOException, InterruptedException {
        if (ended) {
            return null;
        }
        Checked c = queue.take();
        synchronized (budget) {
            queuedChars -= size(c);
            budget.notifyAll();
        }
        if (c == END) {
            ended = true;
            Throwable t = failure;
            if (t instanceof IOException io) {
                throw io;
            } else if (t instanceof RuntimeException re) {
                throw re;
            } else if (t instanceof Error err) {
                throw err;
            } else if (t != null) {
                throw new IOException(t);
            }
            return null;
        }
        return c;
    }

    private static long size(Checked c) {
        return c.statement() == null ? 0 : c.statement().sql().length();
    }

    /** The header line's JSON, or null; valid once {@link #next()} has returned null. */
    String headerJson() {
        return headerJson;
    }

    /** The footer line's JSON, or null; valid once {@link #next()} has returned null. */
    String footerJson() {
        return footerJson;
    }

    /** SHA-256 of everything above the footer; valid once {@link #next()} has returned null. */
    byte[] sha256BeforeFooter() {
        return sha256;
    }

    @Override
    public void close() throws IOException {
        closed.set(true);
        queue.clear();
        try {
            task.get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the background failure, if any, was handed over through next()
        } finally {
            reader.close();
        }
    }
}
