package dev.grove.patina.dump;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the body of a row manifest while a full dump reads the rows (ADR 0016): per table, in the dump's order, each
 * row's key and 128-bit hash, then its row count and content digest. Rowids are stored as zig-zag varint deltas (they
 * come in ascending order), so a rowid table costs about 17 bytes a row. {@link #seal} puts the magic and the header,
 * known only once the full is stored, in front of the body.
 *
 * <pre>
 * "PATINA-ROW-MANIFEST\n" header-JSON "\n"               (written by seal)
 * per table: 'T' name(UTF) kind(byte)
 *            'r' delta(varlong) hash(16)  | 'k' length(varint) key-literal hash(16)   … one per row
 *            'E' rows(varlong) digest(16)
 * 'Z'
 * </pre>
 */
public final class ManifestWriter {
    static final String MAGIC = "PATINA-ROW-MANIFEST";

    private final DataOutputStream out;
    private final java.util.Map<String, TableDigest> digests = new java.util.LinkedHashMap<>();
    private TableKeying keying;
    private long lastRowid;

    public ManifestWriter(OutputStream out) {
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
    }

    void beginTable(String name, TableKeying keying) throws IOException {
        out.writeByte('T');
        out.writeUTF(name);
        out.writeByte(keying.code());
        this.keying = keying;
        this.lastRowid = 0;
    }

    /** One row of the current table: its key (read from {@code cursor} as {@code shape} says) and hash. */
    void row(RowCursor cursor, TableShape shape, SqlBuffer keyScratch, RowHasher hasher) throws Exception {
        switch (keying) {
            case ROWID -> {
                long rowid = cursor.getLong(shape.keyColumns().get(0));
                out.writeByte('r');
                writeVarLong(zigZag(rowid - lastRowid));
                lastRowid = rowid;
            }
            case KEYED -> {
                keyLiteral(cursor, shape, keyScratch);
                out.writeByte('k');
                writeVarLong(keyScratch.size());
                keyScratch.writeTo(out);
            }
            default -> {
                return;
            }
        }
        out.writeLong(hasher.hi());
        out.writeLong(hasher.lo());
    }

    void endTable(String name, long rows, long digestHi, long digestLo) throws IOException {
        digests.put(name, new TableDigest(rows, RowHasher.hex(digestHi, digestLo)));
        out.writeByte('E');
        writeVarLong(rows);
        out.writeLong(digestHi);
        out.writeLong(digestLo);
    }

    /** Per table written so far, in the dump's order: its rows and content digest. */
    public java.util.Map<String, TableDigest> digests() {
        return java.util.Collections.unmodifiableMap(digests);
    }

    /** Ends the body and flushes it (the stream stays open). */
    public void finish() throws IOException {
        out.writeByte('Z');
        out.flush();
    }

    /**
     * The literal of a row's primary key, values separated by commas ({@code 'a',1}): what identifies a
     * {@code WITHOUT ROWID} row in the manifest and in the differential's DELETE.
     */
    static void keyLiteral(RowCursor cursor, TableShape shape, SqlBuffer into) throws Exception {
        into.clear();
        for (int k = 0; k < shape.keyColumns().size(); k++) {
            if (k > 0) {
                into.append(',');
            }
            int i = shape.keyColumns().get(k);
            TableDataWriter.appendValue(cursor, i, cursor.type(i), into);
        }
    }

    /** Writes a whole manifest: magic, {@code header}, then the body from {@code body}. */
    public static void seal(ManifestHeader header, InputStream body, OutputStream target) throws IOException {
        target.write((MAGIC + "\n" + header.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
        body.transferTo(target);
        target.flush();
    }

    private void writeVarLong(long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
