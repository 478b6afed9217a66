package dev.grove.patina.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a schema from one open SQLite connection through its pragmas and {@code sqlite_schema}. */
final class SchemaCatalogQueries {
    private static final Pattern WHERE = Pattern.compile("(?is)\\bWHERE\\b(.*)$");
    private final Connection c;

    SchemaCatalogQueries(Connection c) {
        this.c = c;
    }

    DatabaseSchema readWithCounts(String database) throws SQLException {
        DatabaseSchema s = read(database, Map.of());
        Map<String, TableSchema> tables = new HashMap<>();
        for (Map.Entry<String, TableSchema> e : s.tables().entrySet()) {
            TableSchema t = e.getValue();
            Long rows = null;
            if (t.module() == null) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + t.name().replace("\"", "\"\"") + "\"")) {
                    rows = rs.next() ? rs.getLong(1) : null;
                }
            }
            tables.put(e.getKey(), t.withRows(rows));
        }
        return new DatabaseSchema(database, tables, s.indexes(), s.triggers(), s.views());
    }

    DatabaseSchema read(String database, Map<String, TableSchema> unloadable) throws SQLException {
        Map<String, TableSchema> tables = new HashMap<>(unloadable);
        Map<String, IndexSpec> indexes = new HashMap<>();
        Map<String, String> sql = new HashMap<>();
        Map<String, SqlObject> triggers = new HashMap<>();
        Map<String, SqlObject> views = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_schema")) {
            while (rs.next()) {
                String type = rs.getString(1);
                String name = rs.getString(2);
                String key = name.toLowerCase(Locale.ROOT);
                sql.put(type + ":" + key, rs.getString(4));
                if (type.equals("trigger")) {
                    triggers.put(key, new SqlObject(name, rs.getString(3), rs.getString(4)));
                } else if (type.equals("view")) {
                    views.put(key, new SqlObject(name, rs.getString(3), rs.getString(4)));
                }
            }
        }
        List<String[]> list = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main' "
                     + "AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
            while (rs.next()) {
                list.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        for (String[] row : list) {
            String name = row[0];
            String key = name.toLowerCase(Locale.ROOT);
            String create = sql.get("table:" + key);
            String module = row[1].equals("virtual") ? SchemaReader.unloadableVirtual(create).module() : null;
            tables.put(key, new TableSchema(name, columns(name), foreignKeys(name), "1".equals(row[3]),
                    "1".equals(row[2]), module, create, null));
            indexes(name, sql, indexes);
        }
        return new DatabaseSchema(database, tables, indexes, triggers, views);
    }

    private List<ColumnSpec> columns(String table) throws SQLException {
        List<ColumnSpec> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, type, \"notnull\", dflt_value, pk, hidden "
                + "FROM pragma_table_xinfo(?) ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ColumnSpec(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4),
                            rs.getInt(5), rs.getInt(6)));
                }
            }
        }
        return out;
    }

    private List<ForeignKeySpec> foreignKeys(String table) throws SQLException {
        Map<Integer, List<String[]>> byId = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete "
                + "FROM pragma_foreign_key_list(?) ORDER BY id, seq")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new String[] {rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)});
                }
            }
        }
        List<ForeignKeySpec> out = new ArrayList<>();
        for (List<String[]> rows : byId.values()) {
            List<String> from = new ArrayList<>();
            List<String> to = new ArrayList<>();
            for (String[] r : rows) {
                from.add(r[1]);
                to.add(r[2] == null ? "<pk>" : r[2]);
            }
            out.add(new ForeignKeySpec(from, rows.get(0)[0], to, rows.get(0)[3], rows.get(0)[4]));
        }
        out.sort(java.util.Comparator.comparing(ForeignKeySpec::text));
        return out;
    }

    private void indexes(String table, Map<String, String> sql, Map<String, IndexSpec> out) throws SQLException {
        List<String[]> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, \"unique\", origin, partial "
                + "FROM pragma_index_list(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        for (String[] idx : list) {
            if (idx[2].equals("pk")) {
                continue; // the primary key is the columns' pk
            }
            List<String> cols = indexColumns(idx[0]);
            String where = null;
            if ("1".equals(idx[3])) {
                Matcher m = WHERE.matcher(sql.getOrDefault("index:" + idx[0].toLowerCase(Locale.ROOT), ""));
                where = m.find() ? m.group(1).strip() : "?";
            }
            // a UNIQUE constraint's automatic index is named by position: key it by what it is instead
            String name = idx[2].equals("c") ? idx[0] : table + " UNIQUE (" + String.join(", ", cols) + ")";
            out.put(name.toLowerCase(Locale.ROOT), new IndexSpec(name, table, cols, "1".equals(idx[1]), where));
        }
    }

    private List<String> indexColumns(String index) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, \"desc\", coll FROM pragma_index_xinfo(?) "
                + "WHERE key = 1 ORDER BY seqno")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String col = rs.getString(1) == null ? "<expr>" : rs.getString(1);
                    if (!"BINARY".equalsIgnoreCase(rs.getString(3))) {
                        col += " COLLATE " + rs.getString(3);
                    }
                    cols.add(rs.getInt(2) != 0 ? col + " DESC" : col);
                }
            }
        }
        return cols;
    }
}
