package dev.grove.patina.source.sqlite;

import dev.grove.patina.dump.ColumnShape;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.SchemaEntry;
import dev.grove.patina.dump.SqlLiteral;
import dev.grove.patina.dump.TableShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SQLite snapshot whose ordinary rowid tables are read by the page reader ({@link PageRowCursor}) straight from
 * the file, under the read transaction of the {@link SqliteSnapshot} it wraps (ADR 0032). Everything else — the
 * schema, the shapes, virtual and WITHOUT ROWID tables, {@code sqlite_sequence}, rowid ranges for digests — goes
 * through that snapshot. When the file's bytes cannot be proven to be the snapshot, or the file is one the page
 * reader does not read, every table goes through sqlite-jdbc and {@link #reader} says why.
 */
public final class PageReadingSnapshot implements DumpSnapshot {
    private final SqliteSnapshot jdbc;
    private final SqlitePageFile file;
    private final String fallback;
    private int tablesRead;

    private PageReadingSnapshot(SqliteSnapshot jdbc, SqlitePageFile file, String fallback) {
        this.jdbc = jdbc;
        this.file = file;
        this.fallback = fallback;
    }

    /**
     * Wraps {@code jdbc}, whose read transaction is open, for {@code db}: opens the file for the page reader when
     * its bytes are provably that transaction's snapshot, else keeps the reason to fall back.
     */
    static PageReadingSnapshot open(Path db, SqliteSnapshot jdbc) throws Exception {
        SqlitePageFile file;
        try {
            file = SqlitePageFile.open(db);
        } catch (SqlitePageFile.Unsupported e) {
            return new PageReadingSnapshot(jdbc, null, e.getMessage());
        }
        Integer pageSize = jdbc.pageSize();
        if (pageSize == null || pageSize != file.pageSize()) {
            String reason = "SQLite reports page size " + pageSize + " but the file's header says "
                    + file.pageSize();
            file.close();
            return new PageReadingSnapshot(jdbc, null, reason);
        }
        return new PageReadingSnapshot(jdbc, file, null);
    }

    /** Why the page reader reads nothing of this database, or null when it reads its rowid tables. */
    public String fallbackReason() {
        return fallback;
    }

    /** How many tables the page reader has read (opened cursors over). */
    public int tablesReadByPages() {
        return tablesRead;
    }

    /** Why {@code shape}'s rows go through sqlite-jdbc even when the page reader is in use, or null. */
    static String unsupported(TableShape shape) {
        if (shape.virtual()) {
            return "virtual table";
        }
        if (shape.withoutRowid()) {
            return "WITHOUT ROWID";
        }
        if (shape.name().toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
            return "internal table";
        }
        for (ColumnShape c : shape.columns()) {
            if (c.hidden() != 0) {
                return "generated columns";
            }
        }
        if (shape.rowidName() == null && shape.keyColumns().size() != 1) {
            return "columns named rowid, _rowid_ and oid hide the rowid";
        }
        if (shape.rowidName() == null) {
            String alias = shape.dumpColumns().get(shape.keyColumns().get(0));
            for (ColumnShape c : shape.columns()) {
                if (c.name().equalsIgnoreCase("_rowid_") && !c.name().equals(alias)) {
                    // sqlite-jdbc's read orders such a table by that column, not by the rowid
                    return "a column named _rowid_ that is not its rowid";
                }
            }
        }
        return null;
    }

    @Override
    public String reader(List<TableShape> tables) {
        if (fallback != null) {
            return "sqlite-jdbc (the page reader was asked for but not used: " + fallback + ")";
        }
        List<String> others = new ArrayList<>();
        for (TableShape t : tables) {
            String why = unsupported(t);
            if (why != null) {
                others.add(t.name() + " (" + why + ")");
            }
        }
        return others.isEmpty() ? "pages" : "pages; sqlite-jdbc for " + String.join(", ", others);
    }

    @Override
    public RowCursor rows(TableShape shape) throws Exception {
        if (file == null || unsupported(shape) != null) {
            return jdbc.rows(shape);
        }
        int offset = shape.rowidName() != null ? 1 : 0;
        int aliasDump = shape.rowidName() == null ? shape.keyColumns().get(0) : -1;
        List<ColumnShape> columns = shape.columns();
        int[] storedToDump = new int[columns.size()];
        boolean[] real = new boolean[columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            int d = offset + j;
            storedToDump[j] = d == aliasDump ? -1 : d;
            real[j] = realAffinity(columns.get(j).declaredType());
        }
        String rowidExpr = shape.rowidName() != null ? shape.rowidName()
                : SqlLiteral.quoteIdentifier(shape.dumpColumns().get(aliasDump));
        long root = jdbc.rootPage(shape.name());
        tablesRead++;
        return new PageRowCursor(file, root, shape.dumpColumns().size(), storedToDump, real,
                shape.rowidName() != null ? 0 : aliasDump,
                (stored, rowid) -> jdbc.columnValue(shape.name(), rowidExpr, columns.get(stored).name(), rowid));
    }

    /** SQLite's affinity rules (datatype3.html §3.1): true when {@code declared} gives REAL affinity. */
    static boolean realAffinity(String declared) {
        String t = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
        if (t.contains("INT") || t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")
                || t.contains("BLOB") || t.isEmpty()) {
            return false;
        }
        return t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB");
    }

    @Override
    public String sqliteVersion() throws Exception {
        return jdbc.sqliteVersion();
    }

    @Override
    public long userVersion() throws Exception {
        return jdbc.userVersion();
    }

    @Override
    public long applicationId() throws Exception {
        return jdbc.applicationId();
    }

    @Override
    public Integer pageSize() throws Exception {
        return jdbc.pageSize();
    }

    @Override
    public List<SchemaEntry> schema() throws Exception {
        return jdbc.schema();
    }

    @Override
    public List<String> shadowTables() throws Exception {
        return jdbc.shadowTables();
    }

    @Override
    public TableShape describe(String table) throws Exception {
        return jdbc.describe(table);
    }

    @Override
    public RowCursor rowidRange(TableShape shape, long from, long to) throws Exception {
        return jdbc.rowidRange(shape, from, to);
    }

    @Override
    public long[] rowidBounds(TableShape shape) throws Exception {
        return jdbc.rowidBounds(shape);
    }

    @Override
    public void close() throws Exception {
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException e) {
            // closing a read-only channel cannot lose data; the read transaction must still end
        } finally {
            jdbc.close();
        }
    }
}
