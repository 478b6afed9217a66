package dev.grove.patina.dump;

import java.io.IOException;

/**
 * Gathers formatted rows into multi-row INSERTs (≤ 1000 rows and ≤ 100,000 bytes each), a row too big for one
 * statement through {@link BigRowWriter}, and hands each finished statement to an emitter: the dump's own rule, for
 * a differential's rows (ADR 0016), which may be spilled to a file before they are written.
 */
final class InsertBatcher {
    private static final int CLOSING = 2;
    private final BigRowWriter.Emitter emitter;
    private final SqlBuffer statement = new SqlBuffer(SqlDumpWriter.MAX_STATEMENT_BYTES + 1024);
    private byte[] prefix;
    private int rowsInStatement;
    private long statements;

    InsertBatcher(BigRowWriter.Emitter emitter) {
        this.emitter = b -> {
            statements++;
            emitter.emit(b);
        };
    }

    /** Starts a table: the INSERT prefix of {@code shape}. */
    void begin(String table, TableShape shape) {
        prefix = TableDataWriter.insertPrefix(table, shape);
    }

    /** Adds the current row of {@code cursor}, already formatted in {@code row}. */
    void add(SqlBuffer row, RowCursor cursor, TableShape shape) throws Exception {
        if (prefix.length + row.size() + CLOSING > SqlDumpWriter.MAX_STATEMENT_BYTES) {
            flush();
            new BigRowWriter(shape, prefix, statement, emitter).write(cursor, row.size());
            return;
        }
        if (rowsInStatement > 0 && (rowsInStatement >= SqlDumpWriter.MAX_ROWS_PER_INSERT
                || statement.size() + 2 + row.size() + CLOSING > SqlDumpWriter.MAX_STATEMENT_BYTES)) {
            flush();
        }
        if (rowsInStatement == 0) {
            statement.clear();
            statement.append(prefix);
        } else {
            statement.appendAscii(",\n");
        }
        statement.append(row);
        rowsInStatement++;
    }

    void flush() throws IOException {
        if (rowsInStatement > 0) {
            statement.appendAscii(";\n");
            emitter.emit(statement);
            rowsInStatement = 0;
        }
    }

    /** Statements emitted so far. */
    long statements() {
        return statements;
    }
}
