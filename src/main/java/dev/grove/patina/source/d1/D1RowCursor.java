package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table's rows read page by page through D1's {@code /raw} endpoint (see {@link PageQuery}). The page size adapts
 * to the rows: after each page the next one asks for as many rows as fit in {@link D1Settings#targetPageBytes()},
 * never more than {@link D1Settings#pageRows()}; when D1 refuses a page as too large or too slow, the page is asked
 * for again with half the rows.
 */
final class D1RowCursor implements RowCursor {
    private static final double SLOW_PAGE_MILLIS = 5_000;

    private final D1Client client;
    private final PageQuery query;
    private final int maxRows;
    private final long targetBytes;
    private List<List<JsonNode>> page = List.of();
    private int index = -1;
    private int limit;
    private long offset;
    private boolean exhausted;
    private List<LosslessValue.Value> lastKey;
    private final LosslessValue.Value[] current;

    D1RowCursor(D1Client client, PageQuery query) {
        this.client = client;
        this.query = query;
        this.maxRows = client.settings().pageRows();
        this.targetBytes = client.settings().targetPageBytes();
        this.limit = Math.min(maxRows, 100);
        this.current = new LosslessValue.Value[query.dumpColumns()];
    }

    @Override
    public boolean next() {
        index++;
        if (index >= page.size()) {
            if (exhausted || !fetch()) {
                return false;
            }
        }
        List<JsonNode> row = page.get(index);
        for (int i = 0; i < current.length; i++) {
            current[i] = LosslessValue.decode(row.get(i));
        }
        return true;
    }

    private boolean fetch() {
        RawResult result = null;
        while (result == null) {
            try {
                result = client.raw(query.sql(lastKey, offset, limit), List.of());
            } catch (D1ApiException e) {
                if (limit > 1 && tooBigOrSlow(e.getMessage())) {
                    limit = Math.max(1, limit / 2);
                } else {
                    throw e;
                }
            }
        }
        page = result.rows();
        index = 0;
        int n = page.size();
        if (n < limit) {
            exhausted = true;
        }
        if (n == 0) {
            return false;
        }
        offset += n;
        if (query.keyset()) {
            List<JsonNode> last = page.get(n - 1);
            List<LosslessValue.Value> key = new ArrayList<>();
            for (int i = query.dumpColumns(); i < last.size(); i++) {
                key.add(LosslessValue.decode(last.get(i)));
            }
            lastKey = key;
        }
        adapt(n, result);
        return true;
    }

    private void adapt(int rows, RawResult result) {
        long perRow = Math.max(1, result.bodyBytes() / rows);
        long fit = Math.max(1, targetBytes / perRow);
        int next = (int) Math.min(maxRows, Math.max(1, Math.min(fit, (long) limit * 4)));
        if (result.durationMillis() > SLOW_PAGE_MILLIS) {
            next = Math.max(1, Math.min(next, limit / 2));
        }
        limit = next;
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

    @Override
    public void close() {
        page = List.of();
    }
}
