package dev.grove.patina.dump;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Writes the tables' rows as multi-row INSERTs (≤ 1000 rows and ≤ 100,000 bytes each; a bigger row through
 * {@link BigRowWriter}), the kept {@code sqlite_sequence} rows and FTS5 options, counting rows per table.
 *
 * <p>This is the dump's hot loop: every value of every row is formatted here, straight from the cursor into one
 * reused row buffer and then into the statement buffer, with static calls only. Keep it that way — no per-value
 * objects, interfaces or indirection.
 */
final class TableDataWriter {
    private static final int PROGRESS_EVERY_ROWS = 5000;
    /** Room kept free in a statement for its closing {@code ;\n}. */
    private static final int CLOSING = 2;
    private static final int MAX_STATEMENT_BYTES = SqlDumpWriter.MAX_STATEMENT_BYTES;
    private static final int MAX_ROWS_PER_INSERT = SqlDumpWriter.MAX_ROWS_PER_INSERT;

    private final DumpSnapshot snapshot;
    private final String source;
    private final DumpPlan plan;
    private final DumpStream out;
    private final DumpProgress progress;
    private final ExecutorService background;
    private final SqlBuffer statement = new SqlBuffer(MAX_STATEMENT_BYTES + 1024);
    private final SqlBuffer row = new SqlBuffer(8192);
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private long totalRows;
    private int rowsInStatement;
    /** The row manifest a full of a differential database writes beside its rows (ADR 0016); null otherwise. */
    private ManifestWriter manifest;
    private final RowHasher hasher = new RowHasher();
    private final SqlBuffer keyScratch = new SqlBuffer(256);

    /** @param background where rows are prefetched (one thread of it per table at a time) */
    TableDataWriter(DumpSnapshot snapshot, String source, DumpPlan plan, DumpStream out, DumpProgress progress,
                    ExecutorService background) {
        this.snapshot = snapshot;
        this.source = source;
        this.plan = plan;
        this.out = out;
        this.progress = progress;
        this.background = background;
    }

    /** Also writes each table's keys and row hashes to {@code manifest} (ADR 0016). */
    void withManifest(ManifestWriter manifest) {
        this.manifest = manifest;
    }

    /** The rows written per table, in the order written. */
    Map<String, Long> counts() {
        return counts;
    }

    long totalRows() {
        return totalRows;
    }

    private RowCursor rows(TableShape shape) throws Exception {
        return new PrefetchingRowCursor(snapshot.rows(shape), shape.dumpColumns().size(), background);
    }

    void table(String name) throws IOException {
        if (plan.contentless().contains(DumpPlan.lower(name))) {
            counts.put(name, 0L);
            if (manifest != null) {
                manifest.beginTable(name, TableKeying.WHOLE);
                manifest.endTable(name, 0, 0, 0);
            }
            return;
        }
        TableShape cached = plan.shapes().get(name);
        TableShape shape = cached != null ? cached
                : SnapshotCall.run(source, "describe table " + name, () -> snapshot.describe(name));
        byte[] prefix = insertPrefix(name, shape);
        if (manifest != null) {
            manifest.beginTable(name, TableKeying.of(shape));
            hasher.reset();
        }
        long tableRows = 0;
        progress.update(name, 0, totalRows, out.bytes());
        try (RowCursor cursor = rows(shape)) {
            while (cursor.next()) {
                row.clear();
                appendRow(cursor, shape, row);
                if (manifest != null) {
                    hasher.row(row);
                    manifest.row(cursor, shape, keyScratch, hasher);
                }
                if (prefix.length + row.size() + CLOSING > MAX_STATEMENT_BYTES) {
                    flushInsert();
                    new BigRowWriter(shape, prefix, statement, out::emit).write(cursor, row.size());
                } else {
                    addRow(prefix);
                }
                tableRows++;
                totalRows++;
                if (tableRows % PROGRESS_EVERY_ROWS == 0) {
                    progress.update(name, tableRows, totalRows, out.bytes());
                }
            }
            flushInsert();
        } catch (IOException | DumpException e) {
            throw e;
        } catch (Exception e) {
            throw new DumpException("table " + name + ": " + SqlDumpWriter.describe(e), e);
        }
        counts.put(name, tableRows);
        if (manifest != null) {
            manifest.endTable(name, tableRows, hasher.sumHi(), hasher.sumLo());
        }
        progress.update(name, tableRows, totalRows, out.bytes());
    }

    void sequence(Set<String> dumpedTables) throws IOException {
        List<ColumnShape> cols = List.of(new ColumnShape("name", "", 0, 0), new ColumnShape("seq", "", 0, 0));
        TableShape shape = new TableShape("sqlite_sequence", false, null, false, null, List.of("name", "seq"),
                List.of(), cols);
        byte[] prefix = insertPrefix("sqlite_sequence", shape);
        long n = 0;
        try (RowCursor cursor = rows(shape)) {
            while (cursor.next()) {
                if (cursor.type(0) != ValueType.TEXT || !dumpedTables.contains(DumpPlan.lower(cursor.getText(0)))) {
                    continue;
                }
                if (n == 0) {
                    out.statementLine("DELETE FROM sqlite_sequence;");
                }
                row.clear();
                appendRow(cursor, shape, row);
                addRow(prefix);
                n++;
            }
            flushInsert();
        } catch (IOException | DumpException e) {
            throw e;
        } catch (Exception e) {
            throw new DumpException("sqlite_sequence: " + SqlDumpWriter.describe(e), e);
        }
        if (n > 0) {
            counts.put("sqlite_sequence", n);
        }
    }

    /**
     * Carries an FTS5 table's persistent options (rank function, automerge, pgsz, …) from its {@code _config}
     * shadow table, written as FTS5's own configuration INSERTs — never by writing the shadow table.
     */
    void fts5Config(String table) throws IOException {
        fts5ConfigOf(snapshot, table, out);
    }

    /** Writes {@code table}'s FTS5 options from its {@code _config} shadow table as FTS5's configuration INSERTs. */
    static void fts5ConfigOf(DumpSnapshot snapshot, String table, DumpStream out) throws IOException {
        String configTable = table + "_config";
        List<ColumnShape> cols = List.of(new ColumnShape("k", "", 0, 1), new ColumnShape("v", "", 0, 0));
        TableShape shape = new TableShape(configTable, false, null, true, null, List.of("k", "v"), List.of(),
                cols);
        SqlBuffer b = new SqlBuffer(256);
        try (RowCursor cursor = snapshot.rows(shape)) {
            while (cursor.next()) {
                if (cursor.type(0) != ValueType.TEXT || "version".equals(cursor.getText(0))) {
                    continue;
                }
                b.clear();
                b.appendAscii("INSERT INTO ");
                SqlLiteral.appendIdentifier(b, table);
                b.appendAscii(" (");
                SqlLiteral.appendIdentifier(b, table);
                b.appendAscii(", \"rank\") VALUES (");
                appendValue(cursor, 0, ValueType.TEXT, b);
                b.append(',');
                appendValue(cursor, 1, cursor.type(1), b);
                b.appendAscii(");\n");
                out.emit(b);
            }
        } catch (IOException | DumpException e) {
            throw e;
        } catch (Exception e) {
            throw new DumpException("table " + table + ": cannot read its FTS5 configuration: "
                    + SqlDumpWriter.describe(e), e);
        }
    }

    /** Adds {@link #row} to the INSERT being built, starting a new one at 1000 rows or 100,000 bytes. */
    private void addRow(byte[] prefix) throws IOException {
        if (rowsInStatement > 0 && (rowsInStatement >= MAX_ROWS_PER_INSERT
                || statement.size() + 2 + row.size() + CLOSING > MAX_STATEMENT_BYTES)) {
            flushInsert();
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

    private void flushInsert() throws IOException {
        if (rowsInStatement > 0) {
            statement.appendAscii(";\n");
            out.emit(statement);
            rowsInStatement = 0;
        }
    }

    static byte[] insertPrefix(String table, TableShape shape) {
        SqlBuffer b = new SqlBuffer(256);
        b.appendAscii("INSERT INTO ");
        SqlLiteral.appendIdentifier(b, table);
        b.appendAscii(" (");
        for (int i = 0; i < shape.dumpColumns().size(); i++) {
            if (i > 0) {
                b.appendAscii(", ");
            }
            appendColumnName(b, shape, i);
        }
        b.appendAscii(") VALUES\n");
        return b.toByteArray();
    }

    static void appendColumnName(SqlBuffer b, TableShape shape, int i) {
        if (shape.isRowidColumn(i)) {
            b.appendAscii(shape.rowidName());
        } else {
            SqlLiteral.appendIdentifier(b, shape.dumpColumns().get(i));
        }
    }

    static void appendRow(RowCursor cursor, TableShape shape, SqlBuffer buffer) throws Exception {
        buffer.append('(');
        int n = shape.dumpColumns().size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                buffer.append(',');
            }
            appendValue(cursor, i, cursor.type(i), buffer);
        }
        buffer.append(')');
    }

    static void appendValue(RowCursor cursor, int i, ValueType type, SqlBuffer buffer) throws Exception {
        switch (type) {
            case NULL -> buffer.appendAscii("NULL");
            case INTEGER -> SqlLiteral.appendInteger(buffer, cursor.getLong(i));
            case REAL -> SqlLiteral.appendReal(buffer, cursor.getDouble(i));
            case TEXT -> SqlLiteral.appendTextBytes(buffer, cursor.getTextBytes(i));
            case BLOB -> SqlLiteral.appendBlob(buffer, cursor.getBlob(i));
            default -> throw new IllegalStateException("unknown value type " + type);
        }
    }
}
