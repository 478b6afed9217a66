package dev.grove.patina.dump;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a row manifest ({@link ManifestWriter}) front to back, table by table, entry by entry: what a differential
 * merge-joins today's rows with. A truncated or foreign file fails with a {@link DumpException} naming what is wrong.
 */
public final class ManifestReader implements Closeable {
    private final DataInputStream in;
    private final ManifestHeader header;
    private String table;
    private TableKeying keying;
    private boolean inTable;
    private long rowid;
    private byte[] key;
    private long hi;
    private long lo;
    private long rows;
    private long digestHi;
    private long digestLo;

    public ManifestReader(InputStream in) throws IOException {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        if (!ManifestWriter.MAGIC.equals(line())) {
            throw new DumpException("not a Patina row manifest (no " + ManifestWriter.MAGIC + " line)");
        }
        this.header = ManifestHeader.parse(line());
    }

    public ManifestHeader header() {
        return header;
    }

    /**
     * Reads the rest of the manifest and checks that it holds together (ADR 0030): it ends with its end mark, and
     * each keyed table's entries add up to the rows and content digest its end records (the digest is the sum of the
     * row hashes modulo 2¹²⁸), so an altered, lost or added entry is found. Nothing may have been read past the header.
     *
     * @return per table, in the manifest's order, the rows and content digest it records
     * @throws DumpException naming the table when the manifest does not hold together
     */
    public java.util.Map<String, TableDigest> readToEnd() throws IOException {
        java.util.Map<String, TableDigest> out = new java.util.LinkedHashMap<>();
        while (nextTable()) {
            long entries = 0;
            long sumHi = 0;
            long sumLo = 0;
            while (nextRow()) {
                entries++;
                long sum = sumLo + lo;
                sumHi += hi + (Long.compareUnsigned(sum, sumLo) < 0 ? 1 : 0);
                sumLo = sum;
            }
            if (keying != TableKeying.WHOLE && (entries != rows || sumHi != digestHi || sumLo != digestLo)) {
                throw damaged("table " + table + " lists " + entries + " rows whose hashes add up to "
                        + RowHasher.hex(sumHi, sumLo) + ", but its end records " + rows + " rows and digest "
                        + digest());
            }
            if (out.put(table, new TableDigest(rows, digest())) != null) {
                throw damaged("table " + table + " appears twice");
            }
        }
        if (in.read() >= 0) {
            throw damaged("bytes follow its end mark");
        }
        return out;
    }

    /** Moves to the next table's section; false after the last. The previous table must have been read to its end. */
    boolean nextTable() throws IOException {
        if (inTable) {
            throw new IllegalStateException("table " + table + " was not read to its end");
        }
        int tag = read();
        if (tag == 'Z') {
            return false;
        }
        if (tag != 'T') {
            throw damaged("expected a table, found byte " + tag);
        }
        table = in.readUTF();
        keying = TableKeying.of(in.readByte());
        inTable = true;
        rowid = 0;
        return true;
    }

    String table() {
        return table;
    }

    TableKeying keying() {
        return keying;
    }

    /** Moves to the next row of the current table; false at its end (then {@link #rows()} and the digest hold). */
    boolean nextRow() throws IOException {
        int tag = read();
        switch (tag) {
            case 'r' -> rowid += ManifestWriter.unZigZag(readVarLong());
            case 'k' -> {
                long n = readVarLong();
                if (n < 0 || n > Integer.MAX_VALUE - 8) {
                    throw damaged("a key of " + n + " bytes in table " + table);
                }
                key = new byte[(int) n];
                in.readFully(key);
            }
            case 'E' -> {
                rows = readVarLong();
                digestHi = in.readLong();
                digestLo = in.readLong();
                inTable = false;
                return false;
            }
            default -> throw damaged("unexpected byte " + tag + " in table " + table);
        }
        hi = in.readLong();
        lo = in.readLong();
        return true;
    }

    long rowid() {
        return rowid;
    }

    byte[] key() {
        return key;
    }

    long hi() {
        return hi;
    }

    long lo() {
        return lo;
    }

    long rows() {
        return rows;
    }

    String digest() {
        return RowHasher.hex(digestHi, digestLo);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw damaged("it ends early");
        }
        return b;
    }

    private long readVarLong() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = read();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw damaged("a number is too long");
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int n = 0; n < 1 << 20; n++) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the row manifest ends in its header");
            }
            if (c == '\n') {
                return b.toString(StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        throw new DumpException("the row manifest's header is longer than 1 MiB");
    }

    private DumpException damaged(String what) {
        return new DumpException("the row manifest is damaged: " + what);
    }
}
