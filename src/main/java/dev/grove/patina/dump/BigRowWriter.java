package dev.grove.patina.dump;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes one row whose INSERT would exceed D1's 100,000-byte statement limit: an INSERT holding prefixes of its
 * largest TEXT/BLOB values, then {@code UPDATE … SET c = c || X'…'} appends of the rest, each statement within the
 * limit, addressed by the row's rowid or primary key (docs/storage-format.md, "Rows larger than one statement").
 */
final class BigRowWriter {
    /** Where finished statements go (the writer hashes, counts and writes them). */
    @FunctionalInterface
    interface Emitter {
        void emit(SqlBuffer statement) throws IOException;
    }

    private static final int MAX = SqlDumpWriter.MAX_STATEMENT_BYTES;
    /** Room kept free in a statement for its closing {@code ;\n}. */
    private static final int CLOSING = 2;

    private final TableShape shape;
    private final byte[] prefix;
    private final SqlBuffer statement;
    private final Emitter emitter;

    BigRowWriter(TableShape shape, byte[] prefix, SqlBuffer statement, Emitter emitter) {
        this.shape = shape;
        this.prefix = prefix;
        this.statement = statement;
        this.emitter = emitter;
    }

    void write(RowCursor cursor, int rowBytes) throws Exception {
        if (shape.keyColumns().isEmpty()) {
            throw new DumpException("a row of " + rowBytes + " bytes does not fit one statement of "
                    + MAX + " bytes and the table has no key to append the rest by");
        }
        int n = shape.dumpColumns().size();
        SqlBuffer[] literals = new SqlBuffer[n];
        byte[][] raw = new byte[n][];
        ValueType[] types = new ValueType[n];
        for (int i = 0; i < n; i++) {
            types[i] = cursor.type(i);
            literals[i] = new SqlBuffer(64);
            TableDataWriter.appendValue(cursor, i, types[i], literals[i]);
            if (types[i] == ValueType.TEXT) {
                raw[i] = cursor.getTextBytes(i);
            } else if (types[i] == ValueType.BLOB) {
                raw[i] = cursor.getBlob(i);
            }
        }
        SqlBuffer where = new SqlBuffer(256);
        where.appendAscii(" WHERE ");
        for (int k = 0; k < shape.keyColumns().size(); k++) {
            int col = shape.keyColumns().get(k);
            if (k > 0) {
                where.appendAscii(" AND ");
            }
            TableDataWriter.appendColumnName(where, shape, col);
            where.appendAscii(" = ");
            where.append(literals[col]);
        }
        where.appendAscii(";\n");
        // Split the largest TEXT/BLOB values until the INSERT fits.
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if ((types[i] == ValueType.TEXT || types[i] == ValueType.BLOB)
                    && !shape.keyColumns().contains(i)) {
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.comparingInt((Integer i) -> literals[i].size()).reversed());
        boolean[] split = new boolean[n];
        int fixed = prefix.length + 2 + n + CLOSING + 64;
        for (int i = 0; i < n; i++) {
            fixed += literals[i].size();
        }
        int splitCount = 0;
        for (int i : candidates) {
            if (fixed <= MAX) {
                break;
            }
            split[i] = true;
            splitCount++;
            fixed -= literals[i].size();
            fixed += 24; // the CAST(X'' AS TEXT) wrapper of the prefix
        }
        if (fixed > MAX) {
            throw new DumpException("a row's key and small values alone exceed " + MAX
                    + " bytes; it cannot be written as D1-loadable SQL");
        }
        int prefixBudget = splitCount == 0 ? 0 : (MAX - fixed) / splitCount / 2;
        int[] written = new int[n];
        statement.clear();
        statement.append(prefix);
        statement.append('(');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                statement.append(',');
            }
            if (split[i]) {
                written[i] = Math.min(prefixBudget, raw[i].length);
                if (types[i] == ValueType.TEXT) {
                    statement.appendAscii("CAST(X'").appendHex(raw[i], 0, written[i])
                            .appendAscii("' AS TEXT)");
                } else {
                    statement.appendAscii("X'").appendHex(raw[i], 0, written[i]).append('\'');
                }
            } else {
                statement.append(literals[i]);
            }
        }
        statement.appendAscii(");\n");
        emitter.emit(statement);
        for (int i = 0; i < n; i++) {
            if (split[i]) {
                appendRest(i, types[i], raw[i], written[i], where);
            }
        }
    }

    private void appendRest(int col, ValueType type, byte[] value, int from, SqlBuffer where)
            throws IOException {
        SqlBuffer head = new SqlBuffer(256);
        head.appendAscii("UPDATE ");
        SqlLiteral.appendIdentifier(head, shape.name());
        head.appendAscii(" SET ");
        TableDataWriter.appendColumnName(head, shape, col);
        head.appendAscii(" = ");
        if (type == ValueType.BLOB) {
            head.appendAscii("CAST(");
        }
        TableDataWriter.appendColumnName(head, shape, col);
        head.appendAscii(" || X'");
        String tail = type == ValueType.BLOB ? "' AS BLOB)" : "'";
        int overhead = head.size() + tail.length() + where.size();
        int chunk = (MAX - overhead) / 2;
        if (chunk < 1024) {
            throw new DumpException("a row's key is too large to append its big values by");
        }
        for (int pos = from; pos < value.length; pos += chunk) {
            int len = Math.min(chunk, value.length - pos);
            statement.clear();
            statement.append(head).appendHex(value, pos, len).appendAscii(tail).append(where);
            emitter.emit(statement);
        }
    }
}
