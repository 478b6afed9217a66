package dev.grove.patina.source.sqlite;

import dev.grove.patina.dump.ColumnShape;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.SchemaEntry;
import dev.grove.patina.dump.SqlLiteral;
import dev.grove.patina.dump.TableShape;
import dev.grove.patina.dump.ValueType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A snapshot of a SQLite database: one read transaction held on one connection until {@link #close()}. */
public final class SqliteSnapshot implements DumpSnapshot {
    private static final Pattern MODULE = Pattern.compile("(?is)\\bUSING\\s+([A-Za-z0-9_]+)");

    private final Connection connection;
    private final boolean utf8;

    /** Starts the read transaction at once, so the snapshot is the state at this moment. */
    public SqliteSnapshot(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            rs.next();
        }
        // TEXT is read as its stored bytes, which are UTF-8 only in a UTF-8 database; UTF-16 ones are converted.
        this.utf8 = "UTF-8".equalsIgnoreCase(scalarText("PRAGMA encoding"));
    }

    @Override
    public String sqliteVersion() throws SQLException {
        return scalarText("SELECT sqlite_version()");
    }

    @Override
    public long userVersion() throws SQLException {
        return scalarLong("PRAGMA user_version");
    }

    @Override
    public Integer pageSize() throws SQLException {
        return (int) scalarLong("PRAGMA page_size");
    }

    @Override
    public long applicationId() throws SQLException {
        return scalarLong("PRAGMA application_id");
    }

    @Override
    public List<SchemaEntry> schema() throws SQLException {
        List<SchemaEntry> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY rowid")) {
            while (rs.next()) {
                out.add(new SchemaEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    @Override
    public List<String> shadowTables() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public TableShape describe(String table) throws SQLException {
        boolean virtual = false;
        boolean withoutRowid = false;
        String sql = null;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT type, wr FROM pragma_table_list WHERE schema = 'main' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no table named " + table);
                }
                virtual = "virtual".equals(rs.getString(1));
                withoutRowid = rs.getInt(2) != 0;
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    sql = rs.getString(1);
                }
            }
        }
        String module = null;
        if (virtual && sql != null) {
            Matcher m = MODULE.matcher(sql);
            if (m.find()) {
                module = m.group(1).toLowerCase(Locale.ROOT);
            }
        }
        List<ColumnShape> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT name, type, hidden, pk FROM pragma_table_xinfo(?, 'main') ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new ColumnShape(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        boolean pkAutoindex = false;
        if (!virtual) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT count(*) FROM pragma_index_list(?, 'main') WHERE origin = 'pk'")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    pkAutoindex = rs.next() && rs.getInt(1) > 0;
                }
            }
        }
        return TableShape.of(table, virtual, module, withoutRowid, columns, pkAutoindex);
    }

    @Override
    public RowCursor rows(TableShape shape) throws SQLException {
        return rows(shape, null);
    }

    @Override
    public RowCursor rowidRange(TableShape shape, long from, long to) throws SQLException {
        if (!rangeable(shape)) {
            return null;
        }
        return rows(shape, " WHERE " + shape.rowidName() + " BETWEEN " + from + " AND " + to);
    }

    @Override
    public long[] rowidBounds(TableShape shape) throws SQLException {
        if (!rangeable(shape)) {
            return null;
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT min("
                + shape.rowidName() + "), max(" + shape.rowidName() + ") FROM main."
                + SqlLiteral.quoteIdentifier(shape.name()))) {
            if (!rs.next() || rs.getObject(1) == null) {
                return null;
            }
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static boolean rangeable(TableShape shape) {
        return !shape.virtual() && !shape.withoutRowid() && shape.rowidName() != null
                && !"sqlite_sequence".equals(shape.name());
    }

    private RowCursor rows(TableShape shape, String where) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < shape.dumpColumns().size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(shape.isRowidColumn(i) ? shape.rowidName() : SqlLiteral.quoteIdentifier(
                    shape.dumpColumns().get(i)));
        }
        sql.append(" FROM main.").append(SqlLiteral.quoteIdentifier(shape.name()));
        if (where != null) {
            sql.append(where);
        }
        if (!shape.virtual() && !shape.withoutRowid() && !"sqlite_sequence".equals(shape.name())) {
            sql.append(" ORDER BY ").append(shape.rowidName() != null ? shape.rowidName() : "_rowid_");
        }
        Statement statement = connection.createStatement();
        try {
            statement.setFetchSize(1000);
            return new JdbcRowCursor(statement, statement.executeQuery(sql.toString()),
                    shape.dumpColumns().size(), utf8);
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** The root page of table {@code table}'s b-tree, from {@code sqlite_schema} (for the page reader). */
    long rootPage(String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT rootpage FROM main.sqlite_schema WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no table named " + table);
                }
                return rs.getLong(1);
            }
        }
    }

    /**
     * Column {@code column} of the row {@code rowid} of {@code table} as SQLite reads it (for the page reader: the
     * default a record too short to hold the column reads as).
     *
     * @param rowidExpr how to name the rowid in SQL ({@code rowid}, an unshadowed alias, or the INTEGER PRIMARY KEY)
     */
    PageRowCursor.StoredValue columnValue(String table, String rowidExpr, String column, long rowid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT typeof(" + SqlLiteral.quoteIdentifier(column)
                + "), " + SqlLiteral.quoteIdentifier(column) + " FROM main." + SqlLiteral.quoteIdentifier(table)
                + " WHERE " + rowidExpr + " = ?")) {
            ps.setLong(1, rowid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("table " + table + " has no row " + rowid + " any more");
                }
                return switch (rs.getString(1)) {
                    case "integer" -> new PageRowCursor.StoredValue(ValueType.INTEGER, rs.getLong(2), 0, null);
                    case "real" -> new PageRowCursor.StoredValue(ValueType.REAL, 0, rs.getDouble(2), null);
                    case "text" -> new PageRowCursor.StoredValue(ValueType.TEXT, 0, 0, nonNullBytes(rs.getBytes(2)));
                    case "blob" -> new PageRowCursor.StoredValue(ValueType.BLOB, 0, 0, nonNullBytes(rs.getBytes(2)));
                    default -> new PageRowCursor.StoredValue(ValueType.NULL, 0, 0, null);
                };
            }
        }
    }

    private static byte[] nonNullBytes(byte[] b) {
        return b == null ? new byte[0] : b;
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }

    private String scalarText(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private long scalarLong(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Reads each row's values straight from the SQLite statement, one driver call per row rather than three per
     * value: the type of each value as SQLite stores it, integers and reals as primitives, TEXT as its exact
     * bytes (never through a lossy String). Uses sqlite-jdbc's statement pointer; falls back to plain JDBC when
     * the driver does not expose it.
     */
    private static final class JdbcRowCursor implements RowCursor {
        private static final int SQLITE_INTEGER = 1;
        private static final int SQLITE_FLOAT = 2;
        private static final int SQLITE_TEXT = 3;
        private static final int SQLITE_BLOB = 4;

        private final Statement statement;
        private final ResultSet rs;
        private final int columns;
        private final boolean utf8;
        private final org.sqlite.core.SafeStmtPtr pointer;
        private final ValueType[] types;
        private final long[] longs;
        private final double[] doubles;
        private final byte[][] bytes;

        JdbcRowCursor(Statement statement, ResultSet rs, int columns, boolean utf8) {
            this.statement = statement;
            this.rs = rs;
            this.columns = columns;
            this.utf8 = utf8;
            this.pointer = utf8 && statement instanceof org.sqlite.core.CoreStatement core ? core.pointer : null;
            this.types = new ValueType[columns];
            this.longs = new long[columns];
            this.doubles = new double[columns];
            this.bytes = new byte[columns][];
        }

        @Override
        public boolean next() throws SQLException {
            if (!rs.next()) {
                return false;
            }
            if (pointer != null) {
                pointer.safeRunConsume((db, ptr) -> {
                    for (int i = 0; i < columns; i++) {
                        switch (db.column_type(ptr, i)) {
                            case SQLITE_INTEGER -> {
                                types[i] = ValueType.INTEGER;
                                longs[i] = db.column_long(ptr, i);
                            }
                            case SQLITE_FLOAT -> {
                                types[i] = ValueType.REAL;
                                doubles[i] = db.column_double(ptr, i);
                            }
                            case SQLITE_TEXT -> {
                                types[i] = ValueType.TEXT;
                                bytes[i] = nonNull(db.column_blob(ptr, i));
                            }
                            case SQLITE_BLOB -> {
                                types[i] = ValueType.BLOB;
                                bytes[i] = nonNull(db.column_blob(ptr, i));
                            }
                            default -> types[i] = ValueType.NULL;
                        }
                    }
                });
            } else {
                for (int i = 0; i < columns; i++) {
                    Object v = rs.getObject(i + 1);
                    if (v == null) {
                        types[i] = ValueType.NULL;
                    } else if (v instanceof Integer || v instanceof Long) {
                        types[i] = ValueType.INTEGER;
                        longs[i] = ((Number) v).longValue();
                    } else if (v instanceof Double d) {
                        types[i] = ValueType.REAL;
                        doubles[i] = d;
                    } else if (v instanceof byte[] b) {
                        types[i] = ValueType.BLOB;
                        bytes[i] = b;
                    } else {
                        types[i] = ValueType.TEXT;
                        // a UTF-8 database keeps its exact bytes; a UTF-16 one converts losslessly via String
                        bytes[i] = utf8 ? nonNull(rs.getBytes(i + 1))
                                : ((String) v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    }
                }
            }
            return true;
        }

        private static byte[] nonNull(byte[] b) {
            return b == null ? new byte[0] : b;
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
            return new String(bytes[i], java.nio.charset.StandardCharsets.UTF_8);
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
        public void close() throws SQLException {
            try {
                rs.close();
            } finally {
                statement.close();
            }
        }
    }
}
