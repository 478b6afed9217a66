package dev.grove.patina.dump;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a dump holds, decided before its first byte: the tables (ordinary ones, then virtual ones), their shapes, the
 * contentless full-text indexes that are recreated empty, and the warnings for the header.
 *
 * @param schema    every schema entry of the snapshot
 * @param tables    the tables to dump, in schema order
 * @param ordinary  the ordinary tables to dump, in schema order
 * @param virtual   the virtual tables to dump, in schema order
 * @param selective true when the options named the tables
 */
record DumpPlan(List<SchemaEntry> schema, List<SchemaEntry> tables, List<SchemaEntry> ordinary,
                List<SchemaEntry> virtual, boolean selective,
                Set<String> tableNames, Set<String> contentless, Map<String, TableShape> shapes,
                List<String> warnings) {

    /** Reads the schema of {@code snapshot} and plans the dump {@code options} ask for. */
    static DumpPlan of(DumpSnapshot snapshot, DumpOptions options) {
        String source = options.sourceName();
        List<SchemaEntry> schema = SnapshotCall.run(source, "read the schema", snapshot::schema);
        Set<String> shadow = lowerSet(SnapshotCall.run(source, "list shadow tables", snapshot::shadowTables));
        List<SchemaEntry> tables = new ArrayList<>();
        for (SchemaEntry e : schema) {
            if ("table".equals(e.type()) && !isInternal(e.name()) && !shadow.contains(lower(e.name()))) {
                tables.add(e);
            }
        }
        boolean selective = !options.tables().isEmpty();
        if (selective) {
            Set<String> wanted = lowerSet(options.tables());
            for (String w : options.tables()) {
                if (tables.stream().noneMatch(t -> t.name().equalsIgnoreCase(w))) {
                    throw new DumpException("database " + source + " has no table named '" + w + "'");
                }
            }
            tables.removeIf(t -> !wanted.contains(lower(t.name())));
        }
        Set<String> tableNames = lowerSet(tables.stream().map(SchemaEntry::name).toList());
        List<SchemaEntry> ordinary = tables.stream().filter(t -> !isVirtual(t)).toList();
        List<SchemaEntry> virtual = tables.stream().filter(DumpPlan::isVirtual).toList();

        List<String> warnings = new ArrayList<>();
        Set<String> contentless = new TreeSet<>();
        for (SchemaEntry t : virtual) {
            if (isContentlessFts(t.sql())) {
                contentless.add(lower(t.name()));
                warnings.add("table " + t.name() + " is a contentless full-text index (content=''): SQLite "
                        + "keeps no text for it, so the dump recreates it empty; rebuild it from its source "
                        + "after a restore");
            }
        }
        for (SchemaEntry e : schema) {
            if (e.sql() != null && !isInternal(e.name()) && !shadow.contains(lower(e.name()))
                    && (!selective || tableNames.contains(lower(e.tableName()))) && holdsCrLf(e.sql())) {
                warnings.add(e.type() + " " + e.name() + " is defined by SQL that holds a CR before a line "
                        + "break: the sqlite3 shell drops that CR when it reads a dump, so restore with Patina "
                        + "(or load into D1) to keep its schema text byte for byte");
            }
        }
        Map<String, TableShape> shapes = new HashMap<>();
        for (SchemaEntry t : ordinary) {
            TableShape shape = SnapshotCall.run(source, "describe table " + t.name(),
                    () -> snapshot.describe(t.name()));
            shapes.put(t.name(), shape);
            if (!shape.withoutRowid() && shape.rowidName() == null && shape.keyColumns().isEmpty()) {
                warnings.add("table " + t.name() + " has columns named rowid, _rowid_ and oid, which hide "
                        + "its rowid: its rows are restored with new rowids");
            }
        }
        return new DumpPlan(schema, List.copyOf(tables), ordinary, virtual, selective, tableNames, contentless,
                shapes, warnings);
    }

    /** True when the snapshot has an {@code sqlite_sequence} table (some table is AUTOINCREMENT). */
    boolean hasSequence() {
        return schema.stream().anyMatch(e -> "table".equals(e.type()) && "sqlite_sequence".equals(e.name()));
    }

    /** Tables that belong to SQLite or D1 themselves and are never dumped as data. */
    static boolean isInternal(String table) {
        String lower = table.toLowerCase(Locale.ROOT);
        return lower.startsWith("sqlite_") || lower.startsWith("_cf_");
    }

    /** True when {@code sql} holds a CR directly before a LF, which the {@code sqlite3} shell would drop. */
    static boolean holdsCrLf(String sql) {
        return sql.contains("\r\n");
    }

    static boolean isFts5(String sql) {
        String compact = sql == null ? "" : sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        return compact.contains("usingfts5");
    }

    /** An FTS table declared with {@code content=''}: its column values read back as NULL. */
    static boolean isContentlessFts(String sql) {
        String compact = sql == null ? "" : sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        return compact.contains("usingfts") && (compact.contains("content=''") || compact.contains("content=\"\""));
    }

    static boolean isVirtual(SchemaEntry table) {
        String sql = table.sql() == null ? "" : table.sql().stripLeading();
        return sql.regionMatches(true, 0, "CREATE VIRTUAL", 0, "CREATE VIRTUAL".length());
    }

    static Set<String> lowerSet(Collection<String> names) {
        Set<String> s = new TreeSet<>();
        for (String n : names) {
            s.add(lower(n));
        }
        return s;
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
