package dev.grove.patina.source.d1;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one D1 client has asked of Cloudflare: API requests (each attempt, retries included — what counts against
 * the 1,200 per 5 minutes), response bytes, rows returned and the rows D1 says it read ({@code meta.rows_read},
 * what D1 bills). Thread-safe: a snapshot's prefetch thread and the writer's thread count into it together.
 */
public final class D1Traffic {
    private final LongAdder requests = new LongAdder();
    private final LongAdder responseBytes = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder rowsRead = new LongAdder();

    /** The counters at one moment; {@link #minus} gives what happened between two. */
    public record Counts(long requests, long responseBytes, long rows, long rowsRead) {
        public Counts minus(Counts before) {
            return new Counts(requests - before.requests, responseBytes - before.responseBytes, rows - before.rows,
                    rowsRead - before.rowsRead);
        }

        /** {@code 12 requests, 410,000 rows returned, 410,012 rows read by D1, 61.2 MiB of JSON}. */
        public String describe() {
            return String.format(Locale.ROOT, "%,d requests, %,d rows returned, %,d rows read by D1, %.1f MiB of JSON",
                    requests, rows, rowsRead, responseBytes / 1048576.0);
        }
    }

    void request() {
        requests.increment();
    }

    void response(long bytes) {
        responseBytes.add(bytes);
    }

    void rows(long returned, long read) {
        rows.add(returned);
        rowsRead.add(Math.max(0, read));
    }

    public Counts counts() {
        return new Counts(requests.sum(), responseBytes.sum(), rows.sum(), rowsRead.sum());
    }
}
