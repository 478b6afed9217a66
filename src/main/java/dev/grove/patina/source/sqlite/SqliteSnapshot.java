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

    /** Starts the read transaction at once, so the snapshot is the state at this moment. */
    public SqliteSnapshot(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            rs.next();
        }
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
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < shape.dumpColumns().size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(shape.isRowidColumn(i) ? shape.rowidName() : SqlLiteral.quoteIdentifier(
                    shape.dumpColumns().get(i)));
        }
        sql.append(" FROM main.").append(SqlLiteral.quoteIdentifier(shape.name()));
        if (!shape.virtual() && !shape.withoutRowid() && !"sqlite_sequence".equals(shape.name())) {
            sql.append(" ORDER BY ").append(shape.rowidName() != null ? shape.rowidName() : "_rowid_");
        }
        Statement statement = connection.createStatement();
        try {
            statement.setFetchSize(1000);
            return new JdbcRowCursor(statement, statement.executeQuery(sql.toString()),
                    shape.dumpColumns().size());
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
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

    /** Reads values through sqlite-jdbc, keeping each value's storage class as SQLite reports it. */
    private static final class JdbcRowCursor implements RowCursor {
        private final Statement statement;
        private final ResultSet rs;
        private final Object[] values;

        JdbcRowCursor(Statement statement, ResultSet rs, int columns) {
            this.statement = statement;
            this.rs = rs;
            this.values = new Object[columns];
        }

        @Override
        public boolean next() throws SQLException {
            return rs.next();
        }

        @Override
        public ValueType type(int i) throws SQLException {
            Object v = rs.getObject(i + 1);
            values[i] = v;
            if (v == null) {
                return ValueType.NULL;
            } else if (v instanceof Integer || v instanceof Long) {
                return ValueType.INTEGER;
            } else if (v instanceof Double) {
                return ValueType.REAL;
            } else if (v instanceof byte[]) {
                return ValueType.BLOB;
            }
            return ValueType.TEXT;
        }

        @Override
        public long getLong(int i) {
            return ((Number) values[i]).longValue();
        }

        @Override
        public double getDouble(int i) {
            return ((Number) values[i]).doubleValue();
        }

        @Override
        public String getText(int i) {
            return (String) values[i];
        }

        @Override
        public byte[] getTextBytes(int i) throws SQLException {
            return rs.getBytes(i + 1);
        }

        @Override
        public byte[] getBlob(int i) {
            return (byte[]) values[i];
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
