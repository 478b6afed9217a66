package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A table's rows read page by page through D1's {@code /raw} endpoint (see {@link PageQuery}), one page ahead: while
 * the writer formats page N, the snapshot's prefetch thread asks for page N+1 and decodes it, so at most two pages
 * are held at once. The page size adapts to the rows: after each page the next one asks for as many rows as fit in
 * {@link D1Settings#targetPageBytes()}, at most four times the last page and never more than
 * {@link D1Settings#pageRows()}; when D1 refuses a page as too large or too slow, the page is asked for again with
 * half the rows. A page whose plain TEXT came back damaged (U+FFFD, see {@link D1ValueEncoding}) is asked for again
 * with every TEXT as hex.
 */
final class D1RowCursor implements RowCursor {
    private static final double SLOW_PAGE_MILLIS = 5_000;
    private static final int FIRST_PAGE_ROWS = 500;

    /** One decoded page, and where the page after it starts. */
    private record D1Page(D1ValueEncoding.Value[][] rows, List<D1ValueEncoding.Value> nextKey, long nextOffset,
                        int nextLimit, boolean last) {
    }

    private final D1Client client;
    private final PageQuery query;
    private final ExecutorService prefetch;
    private final int maxRows;
    private final long targetBytes;
    private D1Page page;
    private Future<D1Page> ahead;
    private int index = -1;
    private D1ValueEncoding.Value[] current;

    /** @param prefetch the snapshot's one prefetch thread, which fetches the next page while this one is read */
    D1RowCursor(D1Client client, PageQuery query, ExecutorService prefetch) {
        this.client = client;
        this.query = query;
        this.prefetch = prefetch;
        this.maxRows = client.settings().pageRows();
        this.targetBytes = client.settings().targetPageBytes();
    }

    @Override
    public boolean next() {
        if (page == null) {
            int first = Math.min(maxRows, FIRST_PAGE_ROWS);
            ahead = prefetch.submit(() -> fetch(null, 0, first));
            take();
        }
        index++;
        while (index >= page.rows().length) {
            if (page.last()) {
                current = null;
                return false;
            }
            take();
            index = 0;
        }
        current = page.rows()[index];
        return true;
    }

    /** Takes the page in flight and sends for the one after it. */
    private void take() {
        try {
            page = ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + query.table() + " from D1", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot read " + query.table() + " from D1: " + e.getCause(), e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException("reading " + query.table() + " from D1 was stopped", e);
        }
        ahead = null;
        if (!page.last()) {
            D1Page p = page;
            ahead = prefetch.submit(() -> fetch(p.nextKey(), p.nextOffset(), p.nextLimit()));
        }
    }

    /** Fetches and decodes one page (on the prefetch thread). */
    private D1Page fetch(List<D1ValueEncoding.Value> lastKey, long offset, int limit) {
        boolean hexText = false;
        while (true) {
            RawResult result;
            try {
                result = client.raw(query.sql(lastKey, offset, limit, hexText), List.of());
            } catch (D1ApiException e) {
                if (limit > 1 && tooBigOrSlow(e.getMessage())) {
                    limit = Math.max(1, limit / 2);
                    continue;
                }
                throw e;
            }
            D1ValueEncoding.Value[][] rows = decode(result.rows());
            if (rows == null) {
                hexText = true; // TEXT came back damaged: the same page again, TEXT as hex
                continue;
            }
            int n = rows.length;
            boolean last = n < limit || n == 0;
            List<D1ValueEncoding.Value> key = lastKey;
            if (n > 0 && query.keyset()) {
                List<JsonNode> lastRow = result.rows().get(n - 1);
                List<D1ValueEncoding.Value> k = new ArrayList<>();
                for (int i = query.dumpColumns(); i < lastRow.size(); i++) {
                    D1ValueEncoding.Value v = D1ValueEncoding.decode(lastRow.get(i));
                    if (v == D1ValueEncoding.DAMAGED) {
                        k = null;
                        break;
                    }
                    k.add(v);
                }
                if (k == null) {
                    hexText = true;
                    continue;
                }
                key = k;
            }
            return new D1Page(rows, key, offset + n, n == 0 ? limit : adapt(limit, n, result), last);
        }
    }

    /** The page's rows, or null when one value came back damaged. */
    private D1ValueEncoding.Value[][] decode(List<List<JsonNode>> json) {
        int columns = query.dumpColumns();
        D1ValueEncoding.Value[][] rows = new D1ValueEncoding.Value[json.size()][];
        for (int r = 0; r < rows.length; r++) {
            List<JsonNode> row = json.get(r);
            D1ValueEncoding.Value[] values = new D1ValueEncoding.Value[columns];
            for (int i = 0; i < columns; i++) {
                D1ValueEncoding.Value v = D1ValueEncoding.decode(row.get(i));
                if (v == D1ValueEncoding.DAMAGED) {
                    return null;
                }
                values[i] = v;
            }
            rows[r] = values;
        }
        return rows;
    }

    private int adapt(int limit, int rows, RawResult result) {
        long perRow = Math.max(1, result.bodyBytes() / rows);
        long fit = Math.max(1, targetBytes / perRow);
        int next = (int) Math.min(maxRows, Math.max(1, Math.min(fit, (long) limit * 4)));
        if (result.durationMillis() > SLOW_PAGE_MILLIS) {
            next = Math.max(1, Math.min(next, limit / 2));
        }
        return next;
    }

    private static boolean tooBigOrSlow(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("too large") || m.contains("toobig") || m.contains("timeout") || m.contains("timed out")
                || m.contains("exceeded") || m.contains("memory") || m.contains("too big");
    }

    @Override
    public ValueType type(int i) {
        return current[i].type();
    }

    @Override
    public long getLong(int i) {
        return current[i].integer();
    }

    @Override
    public double getDouble(int i) {
        return current[i].real();
    }

    @Override
    public String getText(int i) {
        return new String(current[i].bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] getTextBytes(int i) {
        return current[i].bytes();
    }

    @Override
    public byte[] getBlob(int i) {
        return current[i].bytes();
    }

    /** Drops the pages and stops the page in flight. */
    @Override
    public void close() {
        if (ahead != null) {
            ahead.cancel(true);
            ahead = null;
        }
        page = null;
        current = null;
    }
}
