package dev.grove.patina.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Reads everything {@link DatabaseComparator} compares from one SQLite file, over a read-only connection.
 * All row streams come out in a canonical order that does not depend on the file layout.
 */
final class SqliteReader implements AutoCloseable {

    private static final Pattern FTS5 = Pattern.compile("(?is)^\\s*CREATE\\s+VIRTUAL\\s+TABLE\\s.*?\\sUSING\\s+fts5\\b.*");
    private static final List<String> ROWID_NAMES = List.of("rowid", "_rowid_", "oid");

    enum Kind { TABLE, VIRTUAL, SHADOW }

    record Column(String name, String declaredType, int hidden) {
    }

    /**
     * A table as compared: {@code rowidName} is how its rowid can be reached (null for WITHOUT ROWID tables
     * and for rowid tables whose columns shadow all of rowid, _rowid_ and oid); {@code keyColumns} are the
     * primary-key column positions of a WITHOUT ROWID table.
     */
    record TableInfo(String name, Kind kind, boolean withoutRowid, boolean strict, boolean fts5,
                     List<Column> columns, String rowidName, List<Integer> keyColumns) {

        List<String> columnNames() {
            return columns.stream().map(Column::name).toList();
        }
    }

    record SchemaEntry(String type, String name, String tblName, Cell sql) {
    }

    /** How a row is identified in messages and aligned between two databases. */
    sealed interface Key permits RowidKey, PrimaryKey, Ordinal {
        String describe();
    }

    record RowidKey(String rowidName, long rowid) implements Key {
        public String describe() {
            return rowidName + " " + rowid;
        }
    }

    record PrimaryKey(List<String> names, List<Cell> values) implements Key {
        public String describe() {
            StringBuilder b = new StringBuilder("key (");
            for (int i = 0; i < names.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(Sql.display(names.get(i))).append(" = ").append(values.get(i).describe());
            }
            return b.append(')').toString();
        }
    }

    record Ordinal(long index) implements Key {
        public String describe() {
            return "row #" + index;
        }
    }

    record Row(Key key, List<Cell> cells) {
    }

    /** A forward-only stream of rows; {@link #next()} returns null at the end. */
    interface RowCursor extends AutoCloseable {
        Row next();

        @Override
        void close();
    }

    private final Path file;
    private final Connection connection;
    private int tempCounter;

    private SqliteReader(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    static SqliteReader open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a database file: " + file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        try {
            return new SqliteReader(file, config.createConnection("jdbc:sqlite:" + file.toAbsolutePath()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    long pragmaLong(String pragma) {
        return query("PRAGMA " + pragma, rs -> rs.getLong(1)).get(0);
    }

    String pragmaText(String pragma) {
        return query("PRAGMA " + pragma, rs -> rs.getString(1)).get(0);
    }

    List<String> integrityCheck() {
        return query("PRAGMA integrity_check", rs -> rs.getString(1));
    }

    /** Every sqlite_schema row except sqlite_stat*, ordered by (type, name). */
    List<SchemaEntry> schema() {
        List<SchemaEntry> entries = new ArrayList<>(query(
                "SELECT type, name, tbl_name, typeof(sql), sql FROM sqlite_schema",
                rs -> new SchemaEntry(rs.getString(1), rs.getString(2), rs.getString(3), Cell.read(rs, 4, 5))));
        entries.removeIf(e -> Sql.asciiLower(e.name()).startsWith("sqlite_stat"));
        entries.sort(Comparator.comparing(SchemaEntry::type).thenComparing(SchemaEntry::name));
        return entries;
    }

    /** sqlite_sequence as (name, seq) rows keyed and ordered by name; empty if there is no sqlite_sequence. */
    List<Row> sequences() {
        boolean exists = !query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'",
                rs -> 1).isEmpty();
        if (!exists) {
            return List.of();
        }
        return query("SELECT typeof(name), name, typeof(seq), seq FROM sqlite_sequence ORDER BY name, seq", rs -> {
            Cell name = Cell.read(rs, 1, 2);
            return new Row(new PrimaryKey(List.of("name"), List.of(name)), List.of(name, Cell.read(rs, 3, 4)));
        });
    }

    /** Ordinary and virtual tables of the main schema, without sqlite_* internals and shadow tables, by name. */
    List<TableInfo> tables() {
        List<TableInfo> tables = new ArrayList<>();
        for (String[] t : query("SELECT name, type FROM pragma_table_list WHERE schema = 'main' ORDER BY name",
                rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            if (Sql.asciiLower(t[0]).startsWith("sqlite_") || !(t[1].equals("table") || t[1].equals("virtual"))) {
                continue;
            }
            tables.add(table(t[0]).orElseThrow());
        }
        return tables;
    }

    Set<String> shadowTables() {
        return new HashSet<>(query("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'",
                rs -> rs.getString(1)));
    }

    Optional<TableInfo> table(String name) {
        List<Object[]> listed = query("SELECT type, wr, strict FROM pragma_table_list WHERE schema = 'main' AND name = ?",
                rs -> new Object[] {rs.getString(1), rs.getInt(2) != 0, rs.getInt(3) != 0}, name);
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        String type = (String) listed.get(0)[0];
        Kind kind = switch (type) {
            case "virtual" -> Kind.VIRTUAL;
            case "shadow" -> Kind.SHADOW;
            default -> Kind.TABLE;
        };
        boolean withoutRowid = (Boolean) listed.get(0)[1];
        boolean strict = (Boolean) listed.get(0)[2];
        boolean fts5 = false;
        if (kind == Kind.VIRTUAL) {
            List<String> sql = query("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", rs -> rs.getString(1), name);
            fts5 = !sql.isEmpty() && sql.get(0) != null && FTS5.matcher(sql.get(0)).matches();
        }
        List<Column> columns = new ArrayList<>();
        List<int[]> pk = new ArrayList<>();
        for (Object[] c : query("SELECT name, type, pk, hidden FROM pragma_table_xinfo(?, 'main') ORDER BY cid",
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)}, name)) {
            int hidden = (Integer) c[3];
            if (kind == Kind.VIRTUAL && hidden == 1) {
                continue; // e.g. the FTS5 table-named column and "rank"
            }
            if ((Integer) c[2] > 0) {
                pk.add(new int[] {(Integer) c[2], columns.size()});
            }
            columns.add(new Column((String) c[0], (String) c[1], hidden));
        }
        String rowidName = null;
        if (!withoutRowid) {
            Set<String> taken = new HashSet<>();
            columns.forEach(c -> taken.add(Sql.asciiLower(c.name())));
            rowidName = ROWID_NAMES.stream().filter(n -> !taken.contains(n)).findFirst().orElse(null);
        }
        pk.sort(Comparator.comparingInt(p -> p[0]));
        List<Integer> keyColumns = withoutRowid ? pk.stream().map(p -> p[1]).toList() : List.of();
        return Optional.of(new TableInfo(name, kind, withoutRowid, strict, fts5, List.copyOf(columns), rowidName, keyColumns));
    }

    long rowCount(TableInfo table) {
        return query("SELECT count(*) FROM main." + Sql.ident(table.name()), rs -> rs.getLong(1)).get(0);
    }

    /**
     * All rows of a table, every column (generated ones too) as {@link Cell}s. Rowid tables are ordered by
     * rowid; WITHOUT ROWID tables by primary key; tables whose rowid is unreachable by every column value.
     */
    RowCursor rows(TableInfo table) {
        StringBuilder sql = new StringBuilder("SELECT ");
        int first = 1;
        if (table.rowidName() != null) {
            sql.append(table.rowidName()).append(", ");
            first = 2;
        }
        List<String> quoted = table.columnNames().stream().map(Sql::ident).toList();
        for (int i = 0; i < quoted.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("typeof(").append(quoted.get(i)).append("), ").append(quoted.get(i));
        }
        if (quoted.isEmpty()) {
            sql.append("NULL");
        }
        sql.append(" FROM main.").append(Sql.ident(table.name()));
        if (table.rowidName() != null) {
            sql.append(" ORDER BY ").append(table.rowidName());
        } else if (table.withoutRowid()) {
            sql.append(" ORDER BY ").append(String.join(", ", table.keyColumns().stream().map(quoted::get).toList()));
        } else if (!quoted.isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", quoted.stream()
                    .map(q -> q + " COLLATE BINARY, typeof(" + q + "), CAST(" + q + " AS BLOB)").toList()));
        }
        int columnCount = quoted.size();
        int offset = first;
        return cursor(sql.toString(), (rs, ordinal) -> {
            List<Cell> cells = new ArrayList<>(columnCount);
            for (int i = 0; i < columnCount; i++) {
                cells.add(Cell.read(rs, offset + 2 * i, offset + 2 * i + 1));
            }
            Key key;
            if (table.rowidName() != null) {
                key = new RowidKey(table.rowidName(), rs.getLong(1));
            } else if (table.withoutRowid()) {
                key = new PrimaryKey(table.keyColumns().stream().map(i -> table.columns().get(i).name()).toList(),
                        table.keyColumns().stream().map(cells::get).toList());
            } else {
                key = new Ordinal(ordinal);
            }
            return new Row(key, List.copyOf(cells));
        });
    }

    /**
     * The complete FTS5 index as (term, doc, col, offset) rows, read through a temporary fts5vocab table
     * (which works on a read-only connection because it lives in the temp schema).
     */
    RowCursor ftsInstances(TableInfo table) {
        String vocab = createVocab(table, "instance");
        RowCursor inner = cursor("SELECT typeof(term), term, typeof(doc), doc, typeof(col), col, typeof(offset), offset FROM temp."
                + Sql.ident(vocab) + " ORDER BY term, doc, col, offset", (rs, ordinal) -> new Row(new Ordinal(ordinal),
                List.of(Cell.read(rs, 1, 2), Cell.read(rs, 3, 4), Cell.read(rs, 5, 6), Cell.read(rs, 7, 8))));
        return new RowCursor() {
            @Override
            public Row next() {
                return inner.next();
            }

            @Override
            public void close() {
                inner.close();
                execute("DROP TABLE temp." + Sql.ident(vocab));
            }
        };
    }

    /** The {@code limit} terms found in the most documents (ties by term). */
    List<String> topTerms(TableInfo table, int limit) {
        String vocab = createVocab(table, "row");
        try {
            return query("SELECT term FROM temp." + Sql.ident(vocab) + " ORDER BY doc DESC, cnt DESC, term LIMIT " + limit,
                    rs -> rs.getString(1));
        } finally {
            execute("DROP TABLE temp." + Sql.ident(vocab));
        }
    }

    /** {@code SELECT rowid, rank ... WHERE t MATCH ? ORDER BY rank, rowid}; rows are (rowid, rank). */
    List<Row> match(TableInfo table, String ftsQuery) throws SQLException {
        String t = Sql.ident(table.name());
        String sql = "SELECT typeof(rowid), rowid, typeof(rank), rank FROM main." + t + " WHERE " + t + " MATCH ? ORDER BY rank, rowid";
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, ftsQuery);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(new Ordinal(rows.size() + 1), List.of(Cell.read(rs, 1, 2), Cell.read(rs, 3, 4))));
                }
            }
        }
        return rows;
    }

    private String createVocab(TableInfo table, String kind) {
        String name = "patina_vocab_" + (++tempCounter);
        execute("CREATE VIRTUAL TABLE temp." + Sql.ident(name) + " USING fts5vocab('main', "
                + Sql.literal(table.name()) + ", " + Sql.literal(kind) + ")");
        return name;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface OrdinalRowMapper {
        Row map(ResultSet rs, long ordinal) throws SQLException;
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private void execute(String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private RowCursor cursor(String sql, OrdinalRowMapper mapper) {
        try {
            PreparedStatement ps = connection.prepareStatement(sql);
            ResultSet rs;
            try {
                rs = ps.executeQuery();
            } catch (SQLException e) {
                ps.close();
                throw e;
            }
            return new RowCursor() {
                private long ordinal;
                private boolean done;

                @Override
                public Row next() {
                    if (done) {
                        return null;
                    }
                    try {
                        if (!rs.next()) {
                            done = true;
                            return null;
                        }
                        return mapper.map(rs, ++ordinal);
                    } catch (SQLException e) {
                        throw failure(sql, e);
                    }
                }

                @Override
                public void close() {
                    try {
                        rs.close();
                        ps.close();
                    } catch (SQLException e) {
                        throw failure(sql, e);
                    }
                }
            };
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private IllegalStateException failure(String sql, SQLException e) {
        return new IllegalStateException(file + ": " + e.getMessage() + " [" + sql + "]", e);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing " + file, e);
        }
    }
}
