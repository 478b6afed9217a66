package dev.grove.patina.dump;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the dump writer must know about one table to copy it losslessly: which columns it inserts (never
 * generated ones), whether the hidden rowid must travel with the row (rowid tables without an INTEGER PRIMARY
 * KEY) and which columns identify a row (for the {@code UPDATE … ||} appends of rows too big for one statement).
 *
 * @param rowidName   {@code rowid}, {@code _rowid_} or {@code oid} (whichever no column shadows) when the hidden
 *                    rowid is dumped as the first column; null when it is not
 * @param dumpColumns the column names in INSERT order (the rowid name first when {@code rowidName} is set)
 * @param keyColumns  indexes into {@code dumpColumns} that identify a row
 */
public record TableShape(String name, boolean virtual, String module, boolean withoutRowid, String rowidName,
                         List<String> dumpColumns, List<Integer> keyColumns, List<ColumnShape> columns) {

    private static final Set<String> FTS_MODULES = Set.of("fts3", "fts4", "fts5");

    /**
     * Derives the shape from the facts SQLite (or D1) reports.
     *
     * @param columns        rows of {@code PRAGMA table_xinfo}
     * @param hasPkAutoindex whether {@code PRAGMA index_list} has an index of origin {@code pk} (then an
     *                       {@code INTEGER PRIMARY KEY DESC}-style key is NOT a rowid alias)
     * @param module         virtual table module ({@code fts5}, …), null for ordinary tables
     */
    public static TableShape of(String name, boolean virtual, String module, boolean withoutRowid,
                                List<ColumnShape> columns, boolean hasPkAutoindex) {
        List<ColumnShape> pkColumns = columns.stream().filter(c -> c.pk() > 0)
                .sorted((a, b) -> Integer.compare(a.pk(), b.pk())).toList();
        List<String> dump = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        String rowid = null;
        boolean hasRowid = !withoutRowid && (!virtual || FTS_MODULES.contains(lower(module)));
        boolean aliased = !virtual && !withoutRowid && pkColumns.size() == 1 && !hasPkAutoindex
                && "INTEGER".equalsIgnoreCase(pkColumns.get(0).declaredType().trim());
        if (hasRowid && !aliased) {
            rowid = unshadowedRowidName(columns);
            if (rowid != null) {
                dump.add(rowid);
                keys.add(0);
            }
        }
        for (ColumnShape c : columns) {
            if (c.insertable()) {
                dump.add(c.name());
            }
        }
        if (keys.isEmpty()) {
            if (aliased) {
                keys.add(dump.indexOf(pkColumns.get(0).name()));
            } else if (withoutRowid) {
                for (ColumnShape pk : pkColumns) {
                    keys.add(dump.indexOf(pk.name()));
                }
            }
        }
        return new TableShape(name, virtual, module, withoutRowid, rowid, List.copyOf(dump), List.copyOf(keys),
                List.copyOf(columns));
    }

    private static String unshadowedRowidName(List<ColumnShape> columns) {
        for (String candidate : List.of("rowid", "_rowid_", "oid")) {
            boolean taken = columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(candidate));
            if (!taken) {
                return candidate;
            }
        }
        return null;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    /** True when column {@code i} of {@link #dumpColumns()} is the pseudo-column rowid (written unquoted). */
    public boolean isRowidColumn(int i) {
        return rowidName != null && i == 0;
    }
}
