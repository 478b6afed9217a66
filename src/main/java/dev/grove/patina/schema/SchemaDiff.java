package dev.grove.patina.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares two schemas: pure, ordered by object type then name (tables with their columns, foreign keys and CHECK
 * constraints, then indexes, triggers, views, then row counts). A rename is a drop plus an add: nothing is guessed.
 */
public final class SchemaDiff {

    public List<SchemaChange> compare(DatabaseSchema from, DatabaseSchema to) {
        List<SchemaChange> out = new ArrayList<>();
        eachKey(from.tables(), to.tables(), (a, b) -> tables(a, b, out));
        eachKey(from.indexes(), to.indexes(), (a, b) -> indexes(a, b, out));
        eachKey(from.triggers(), to.triggers(), (a, b) -> sqlObjects("trigger", a, b, out));
        eachKey(from.views(), to.views(), (a, b) -> sqlObjects("view", a, b, out));
        eachKey(from.tables(), to.tables(), (a, b) -> rows(a, b, out));
        return out;
    }

    private interface Pair<T> {
        void accept(T a, T b);
    }

    private static <T> void eachKey(Map<String, T> a, Map<String, T> b, Pair<T> action) {
        TreeMap<String, Boolean> keys = new TreeMap<>();
        a.keySet().forEach(k -> keys.put(k, true));
        b.keySet().forEach(k -> keys.put(k, true));
        keys.keySet().forEach(k -> action.accept(a.get(k), b.get(k)));
    }

    private static void tables(TableSchema a, TableSchema b, List<SchemaChange> out) {
        if (a == null || b == null) {
            TableSchema t = a == null ? b : a;
            ChangeKind kind = a == null ? ChangeKind.ADDED : ChangeKind.DROPPED;
            String what = t.module() == null ? "table " : "virtual table ";
            String flags = (t.strict() ? ", STRICT" : "") + (t.withoutRowid() ? ", WITHOUT ROWID" : "");
            out.add(new SchemaChange(kind, "table", t.name(), what + t.name() + " " + word(kind)
                    + (t.module() != null ? " (USING " + t.module() + ")"
                    : kind == ChangeKind.ADDED && !flags.isEmpty() ? " (" + flags.substring(2) + ")" : "")));
            return;
        }
        String n = b.name();
        if (!Objects.equals(a.module(), b.module())) {
            out.add(changed("table", n, "table " + n + " module " + show(a.module()) + " → " + show(b.module())));
        }
        if (a.strict() != b.strict()) {
            out.add(changed("table", n, "table " + n + (b.strict() ? " now STRICT" : " no longer STRICT")));
        }
        if (a.withoutRowid() != b.withoutRowid()) {
            out.add(changed("table", n, "table " + n + (b.withoutRowid() ? " now WITHOUT ROWID"
                    : " no longer WITHOUT ROWID")));
        }
        if (b.module() != null && a.columns().isEmpty() && b.columns().isEmpty()
                && !Objects.equals(a.sql(), b.sql())) {
            out.add(changed("table", n, "virtual table " + n + " definition changed"));
        }
        Map<String, ColumnSpec> ca = byName(a.columns());
        Map<String, ColumnSpec> cb = byName(b.columns());
        DefinitionDiff definitions = b.module() == null && a.module() == null ? new DefinitionDiff(a, b) : null;
        eachKey(ca, cb, (x, y) -> {
            columns(n, x, y, out);
            if (definitions != null && x != null && y != null) {
                definitions.column(y.name(), out);
            }
        });
        List<String> fa = a.foreignKeys().stream().map(ForeignKeySpec::text).toList();
        List<String> fb = b.foreignKeys().stream().map(ForeignKeySpec::text).toList();
        fa.stream().filter(f -> !fb.contains(f)).forEach(f -> out.add(new SchemaChange(ChangeKind.DROPPED,
                "foreign key", n, "foreign key " + n + " " + f + " dropped")));
        fb.stream().filter(f -> !fa.contains(f)).forEach(f -> out.add(new SchemaChange(ChangeKind.ADDED,
                "foreign key", n, "foreign key " + n + " " + f + " added")));
        if (definitions != null) {
            definitions.checks(out);
        }
    }

    private static Map<String, ColumnSpec> byName(List<ColumnSpec> columns) {
        Map<String, ColumnSpec> m = new LinkedHashMap<>();
        columns.forEach(c -> m.put(c.name().toLowerCase(Locale.ROOT), c));
        return m;
    }

    private static void columns(String table, ColumnSpec a, ColumnSpec b, List<SchemaChange> out) {
        if (a == null || b == null) {
            ColumnSpec c = a == null ? b : a;
            ChangeKind kind = a == null ? ChangeKind.ADDED : ChangeKind.DROPPED;
            String detail = kind == ChangeKind.DROPPED ? "" : " (" + show(c.type())
                    + (c.notNull() ? " NOT NULL" : "") + (c.defaultValue() == null ? "" : " DEFAULT " + c.defaultValue())
                    + (c.pk() > 0 ? " PRIMARY KEY" : "") + (c.hidden() == 0 ? "" : ", " + c.hiddenText()) + ")";
            out.add(new SchemaChange(kind, "column", table + "." + c.name(),
                    "column " + table + "." + c.name() + " " + word(kind) + detail));
            return;
        }
        String col = table + "." + b.name();
        String p = "column " + col + " ";
        if (!a.type().equalsIgnoreCase(b.type())) {
            out.add(changed("column", col, p + "type " + show(a.type()) + " → " + show(b.type())));
        }
        if (a.notNull() != b.notNull()) {
            out.add(changed("column", col, p + (b.notNull() ? "now NOT NULL" : "no longer NOT NULL")));
        }
        if (!Objects.equals(a.defaultValue(), b.defaultValue())) {
            out.add(changed("column", col, p + "default " + show(a.defaultValue()) + " → " + show(b.defaultValue())));
        }
        if (a.pk() != b.pk()) {
            out.add(changed("column", col, p + (b.pk() == 0 ? "no longer in the primary key"
                    : a.pk() == 0 ? "now in the primary key" : "primary key position " + a.pk() + " → " + b.pk())));
        }
        if (a.hidden() != b.hidden()) {
            out.add(changed("column", col, p + a.hiddenText() + " → " + b.hiddenText()));
        }
    }

    private static void indexes(IndexSpec a, IndexSpec b, List<SchemaChange> out) {
        if (a == null || b == null) {
            IndexSpec i = a == null ? b : a;
            ChangeKind kind = a == null ? ChangeKind.ADDED : ChangeKind.DROPPED;
            out.add(new SchemaChange(kind, "index", i.name(), "index " + i.name() + " " + word(kind)));
            return;
        }
        String p = "index " + b.name() + " ";
        if (!a.table().equalsIgnoreCase(b.table())) {
            out.add(changed("index", b.name(), p + "table " + a.table() + " → " + b.table()));
        }
        if (!a.columns().equals(b.columns())) {
            out.add(changed("index", b.name(), p + "columns (" + String.join(", ", a.columns()) + ") → ("
                    + String.join(", ", b.columns()) + ")"));
        }
        if (a.unique() != b.unique()) {
            out.add(changed("index", b.name(), p + (b.unique() ? "now UNIQUE" : "no longer UNIQUE")));
        }
        if (!Objects.equals(a.where(), b.where())) {
            out.add(changed("index", b.name(), p + "WHERE " + show(a.where()) + " → " + show(b.where())));
        }
    }

    private static void sqlObjects(String type, SqlObject a, SqlObject b, List<SchemaChange> out) {
        if (a == null || b == null) {
            SqlObject o = a == null ? b : a;
            ChangeKind kind = a == null ? ChangeKind.ADDED : ChangeKind.DROPPED;
            out.add(new SchemaChange(kind, type, o.name(), type + " " + o.name() + " " + word(kind)));
        } else if (!Objects.equals(a.sql(), b.sql())) {
            out.add(changed(type, b.name(), type + " " + b.name() + " definition changed"));
        }
    }

    private static void rows(TableSchema a, TableSchema b, List<SchemaChange> out) {
        if (a != null && b != null && a.rows() != null && b.rows() != null && !a.rows().equals(b.rows())) {
            out.add(new SchemaChange(ChangeKind.ROWS, "rows", b.name(), String.format(Locale.ROOT,
                    "rows of %s: %,d → %,d", b.name(), a.rows(), b.rows())));
        }
    }

    private static SchemaChange changed(String type, String object, String text) {
        return new SchemaChange(ChangeKind.CHANGED, type, object, text);
    }

    private static String word(ChangeKind kind) {
        return kind == ChangeKind.ADDED ? "added" : "dropped";
    }

    private static String show(String s) {
        return s == null ? "none" : s.isEmpty() ? "(no type)" : s;
    }
}
