package dev.grove.patina.source.sqlite;

import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.ValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The rows of one rowid table, read from its table b-tree in the file's pages in rowid order (ADR 0032): interior
 * pages (0x05) are walked depth first, leaf cells (0x0D) are decoded as records, payloads that spill are followed
 * through their overflow chains. The values are those sqlite-jdbc's cursor gives for the same columns: a stored
 * integer in a REAL-affinity column reads as a real (SQLite's OP_RealAffinity), the INTEGER PRIMARY KEY column
 * reads as the rowid, and a column a short record lacks (added by ALTER TABLE ADD COLUMN) reads as its default,
 * which {@link MissingColumns} asks SQLite for once per column.
 */
final class PageRowCursor implements RowCursor {
    private static final int MAX_DEPTH = 64;
    private static final byte[] EMPTY = new byte[0];

    /** What a column reads as in a record too short to hold it (its default, as SQLite computes it). */
    interface MissingColumns {
        StoredValue value(int storedColumn, long rowid) throws Exception;
    }

    /**
     * The file is not what the page reader expects (a corrupt or changed page): not an IOException, so the dump
     * names the table it was reading.
     */
    static final class PageException extends Exception {
        PageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One value. */
    record StoredValue(ValueType type, long longValue, double doubleValue, byte[] bytes) {
    }

    private final SqlitePageFile file;
    private final int pageSize;
    private final int usable;
    private final int maxLocal;
    private final int minLocal;
    /** For each stored column (record field): the dump column it fills, or -1 when the dump does not hold it. */
    private final int[] storedToDump;
    /** For each stored column: true when its affinity is REAL. */
    private final boolean[] realAffinity;
    /** The dump column that reads as the rowid (the hidden rowid or the INTEGER PRIMARY KEY), or -1. */
    private final int rowidDump;
    private final MissingColumns missing;
    private final StoredValue[] missingValues;

    private final byte[][] pages = new byte[MAX_DEPTH][];
    private final long[] pageNumbers = new long[MAX_DEPTH];
    private final int[] cellIndex = new int[MAX_DEPTH];
    private int depth;
    private boolean started;
    private boolean done;
    private long lastRowid;
    private boolean seen;
    private byte[] payload = new byte[0];
    private byte[] overflow;
    private int varintEnd;

    private final ValueType[] types;
    private final long[] longs;
    private final double[] doubles;
    private final byte[][] bytes;

    PageRowCursor(SqlitePageFile file, long rootPage, int dumpColumns, int[] storedToDump, boolean[] realAffinity,
                  int rowidDump, MissingColumns missing) {
        this.file = file;
        this.pageSize = file.pageSize();
        this.usable = file.usableSize();
        this.maxLocal = usable - 35;
        this.minLocal = ((usable - 12) * 32 / 255) - 23;
        this.storedToDump = storedToDump;
        this.realAffinity = realAffinity;
        this.rowidDump = rowidDump;
        this.missing = missing;
        this.missingValues = new StoredValue[storedToDump.length];
        this.types = new ValueType[dumpColumns];
        this.longs = new long[dumpColumns];
        this.doubles = new double[dumpColumns];
        this.bytes = new byte[dumpColumns][];
        this.pageNumbers[0] = rootPage;
    }

    @Override
    public boolean next() throws Exception {
        try {
            return advance();
        } catch (IOException e) {
            throw new PageException(e.getMessage(), e);
        }
    }

    private boolean advance() throws Exception {
        if (done) {
            return false;
        }
        if (!started) {
            started = true;
            push(0, pageNumbers[0]);
        }
        while (true) {
            byte[] p = pages[depth];
            int h = pageNumbers[depth] == 1 ? SqlitePageFile.HEADER_BYTES : 0;
            int type = p[h] & 0xFF;
            int cells = SqlitePageFile.u16(p, h + 3);
            int i = cellIndex[depth];
            if (type == 0x0D) {
                if (i < cells) {
                    cellIndex[depth] = i + 1;
                    int at = SqlitePageFile.u16(p, h + 8 + 2 * i);
                    leafCell(p, at);
                    return true;
                }
            } else {
                if (i < cells) {
                    cellIndex[depth] = i + 1;
                    int at = SqlitePageFile.u16(p, h + 12 + 2 * i);
                    check(at + 4 <= usable, "an interior cell pointer", pageNumbers[depth]);
                    push(depth + 1, SqlitePageFile.u32(p, at));
                    continue;
                }
                if (i == cells) {
                    cellIndex[depth] = i + 1;
                    push(depth + 1, SqlitePageFile.u32(p, h + 8));
                    continue;
                }
            }
            if (depth == 0) {
                done = true;
                return false;
            }
            depth--;
        }
    }

    private void push(int level, long page) throws IOException, PageException {
        if (level >= MAX_DEPTH) {
            throw corrupt("the b-tree is deeper than " + MAX_DEPTH + " pages", page);
        }
        if (pages[level] == null) {
            pages[level] = new byte[pageSize];
        }
        file.read(page, pages[level]);
        int h = page == 1 ? SqlitePageFile.HEADER_BYTES : 0;
        int type = pages[level][h] & 0xFF;
        if (type != 0x05 && type != 0x0D) {
            throw corrupt("page type " + type + " is not a table b-tree page", page);
        }
        int cells = SqlitePageFile.u16(pages[level], h + 3);
        check(h + (type == 0x05 ? 12 : 8) + 2 * cells <= usable, "the cell count", page);
        pageNumbers[level] = page;
        cellIndex[level] = 0;
        depth = level;
    }

    private void leafCell(byte[] p, int at) throws Exception {
        long page = pageNumbers[depth];
        check(at >= 8 && at < usable, "a leaf cell pointer", page);
        long size = varint(p, at);
        long rowid = varint(p, varintEnd);
        int start = varintEnd;
        check(size >= 0 && size <= Integer.MAX_VALUE - 16, "a payload size", page);
        if (seen && rowid <= lastRowid) {
            throw corrupt("rowid " + rowid + " does not follow rowid " + lastRowid, page);
        }
        seen = true;
        lastRowid = rowid;
        int total = (int) size;
        if (total <= maxLocal) {
            check(start + total <= usable, "a cell's payload", page);
            record(p, start, total, rowid);
            return;
        }
        int local = minLocal + (total - minLocal) % (usable - 4);
        if (local > maxLocal) {
            local = minLocal;
        }
        check(start + local + 4 <= usable, "a cell's local payload", page);
        if (payload.length < total) {
            payload = new byte[Math.max(total, payload.length * 2)];
        }
        System.arraycopy(p, start, payload, 0, local);
        int filled = local;
        long next = SqlitePageFile.u32(p, start + local);
        if (overflow == null) {
            overflow = new byte[pageSize];
        }
        long hops = 0;
        while (filled < total) {
            if (next == 0 || ++hops > file.pageCount()) {
                throw corrupt("the overflow chain of rowid " + rowid + " ends early", page);
            }
            file.read(next, overflow);
            int n = Math.min(usable - 4, total - filled);
            System.arraycopy(overflow, 4, payload, filled, n);
            filled += n;
            next = SqlitePageFile.u32(overflow, 0);
        }
        record(payload, 0, total, rowid);
    }

    private void record(byte[] b, int start, int length, long rowid) throws Exception {
        int end = start + length;
        long headerSize = varint(b, start);
        check(headerSize >= 1 && headerSize <= length, "a record header size", pageNumbers[depth]);
        int pos = varintEnd;
        int headerEnd = start + (int) headerSize;
        int body = headerEnd;
        int stored = 0;
        int columns = storedToDump.length;
        while (pos < headerEnd && stored < columns) {
            long serial = varint(b, pos);
            pos = varintEnd;
            int d = storedToDump[stored];
            int len = serialLength(serial);
            check(body + len <= end, "a record's values", pageNumbers[depth]);
            if (d >= 0) {
                decode(b, body, serial, len, d, realAffinity[stored]);
            }
            body += len;
            stored++;
        }
        for (; stored < columns; stored++) {
            int d = storedToDump[stored];
            if (d >= 0) {
                StoredValue v = missingValues[stored];
                if (v == null) {
                    v = missing.value(stored, rowid);
                    missingValues[stored] = v;
                }
                types[d] = v.type();
                longs[d] = v.longValue();
                doubles[d] = v.doubleValue();
                bytes[d] = v.bytes();
            }
        }
        if (rowidDump >= 0) {
            types[rowidDump] = ValueType.INTEGER;
            longs[rowidDump] = rowid;
        }
    }

    private void decode(byte[] b, int at, long serial, int len, int d, boolean real) throws PageException {
        if (serial >= 12) {
            types[d] = (serial & 1) == 0 ? ValueType.BLOB : ValueType.TEXT;
            bytes[d] = len == 0 ? EMPTY : Arrays.copyOfRange(b, at, at + len);
            return;
        }
        long v;
        switch ((int) serial) {
            case 0 -> {
                types[d] = ValueType.NULL;
                return;
            }
            case 7 -> {
                types[d] = ValueType.REAL;
                doubles[d] = Double.longBitsToDouble(bigEndian(b, at, 8));
                return;
            }
            case 8 -> v = 0;
            case 9 -> v = 1;
            case 1, 2, 3, 4, 5, 6 -> v = (bigEndian(b, at, len) << (64 - 8 * len)) >> (64 - 8 * len);
            default -> throw corrupt("serial type " + serial + " is reserved", pageNumbers[depth]);
        }
        if (real) {
            types[d] = ValueType.REAL;
            doubles[d] = (double) v;
        } else {
            types[d] = ValueType.INTEGER;
            longs[d] = v;
        }
    }

    private static long bigEndian(byte[] b, int at, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    private int serialLength(long serial) throws PageException {
        if (serial >= 12) {
            long n = (serial - 12) >>> 1;
            if (n > Integer.MAX_VALUE) {
                throw corrupt("a value of " + n + " bytes", pageNumbers[depth]);
            }
            return (int) n;
        }
        return switch ((int) serial) {
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 3;
            case 4 -> 4;
            case 5 -> 6;
            case 6, 7 -> 8;
            default -> 0;
        };
    }

    /** Reads a SQLite varint at {@code at}; {@link #varintEnd} is set to the byte after it. */
    private long varint(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int x = b[at + i] & 0xFF;
            v = (v << 7) | (x & 0x7F);
            if ((x & 0x80) == 0) {
                varintEnd = at + i + 1;
                return v;
            }
        }
        varintEnd = at + 9;
        return (v << 8) | (b[at + 8] & 0xFF);
    }

    private void check(boolean ok, String what, long page) throws PageException {
        if (!ok) {
            throw corrupt(what + " is out of bounds", page);
        }
    }

    private PageException corrupt(String what, long page) {
        return new PageException(file.path() + " page " + page + ": " + what
                + " (the page reader stops; dump with --reader jdbc to let SQLite judge the file)", null);
    }

    @Override
    public ValueType type(int i) {
        return types[i];
    }

    @Override
    public long getLong(int i) {
        return longs[i];
    }

    @Override
    public double getDouble(int i) {
        return doubles[i];
    }

    @Override
    public String getText(int i) {
        return new String(bytes[i], StandardCharsets.UTF_8);
    }

    @Override
    public byte[] getTextBytes(int i) {
        return bytes[i];
    }

    @Override
    public byte[] getBlob(int i) {
        return bytes[i];
    }

    @Override
    public void close() throws IOException, PageException {
        if (!file.headerUnchanged()) {
            throw new PageException(file.path() + ": the file's header changed while the page reader held the read "
                    + "transaction: the bytes read may not be the snapshot", null);
        }
    }
}
