package dev.grove.patina.source.d1;

import dev.grove.patina.dump.ColumnShape;
import dev.grove.patina.dump.SqlLiteral;
import dev.grove.patina.dump.TableShape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Builds the SQL for one page of a table's rows. Pages use keyset paging — {@code WHERE key > last ORDER BY key
 * LIMIT n} — so each page is an index seek however deep into the table it starts, and a row is never read twice or
 * skipped because others were inserted or deleted before it. The key is the rowid for rowid tables (and FTS
 * tables), the primary key columns (as a row value) for WITHOUT ROWID tables. Only when no key can be named (a
 * rowid table whose columns take all of {@code rowid}, {@code _rowid_} and {@code oid}, or a virtual table without
 * rowid) it falls back to {@code LIMIT/OFFSET}. The last key travels as SQL literals rebuilt from the exact
 * decoded values, never as JSON parameters (D1's parameters are JavaScript values and would round big integers).
 *
 * @param select    the encoded dump columns followed by the encoded key columns (plain TEXT, see
 *                  {@link D1ValueEncoding})
 * @param hexSelect the same with every TEXT as hex, for a page whose plain TEXT came back damaged
 * @param keys      key expressions (quoted), empty in offset mode
 */
record PageQuery(String table, String select, String hexSelect, List<String> keys, int dumpColumns) {

    static PageQuery of(TableShape shape, boolean signedZero) {
        List<String> keys = keyExpressions(shape);
        return new PageQuery(SqlLiteral.quoteIdentifier(shape.name()), select(shape, keys, signedZero, false),
                select(shape, keys, signedZero, true), keys, shape.dumpColumns().size());
    }

    private static String select(TableShape shape, List<String> keys, boolean signedZero, boolean hexText) {
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < shape.dumpColumns().size(); i++) {
            String column = shape.isRowidColumn(i) ? shape.rowidName()
                    : SqlLiteral.quoteIdentifier(shape.dumpColumns().get(i));
            select.append(i == 0 ? "" : ", ").append(D1ValueEncoding.encode(column, signedZero, hexText));
        }
        for (String key : keys) {
            select.append(select.length() == 0 ? "" : ", ").append(D1ValueEncoding.encode(key, signedZero, hexText));
        }
        return select.toString();
    }

    /** Whether pages follow a key (true) or an offset (false). */
    boolean keyset() {
        return !keys.isEmpty();
    }

    /**
     * The first page when {@code lastKey} is null, else the page after it.
     *
     * @param hexText every TEXT as hex (see {@link D1ValueEncoding#DAMAGED})
     */
    String sql(List<D1ValueEncoding.Value> lastKey, long offset, int limit, boolean hexText) {
        StringBuilder sql = new StringBuilder("SELECT ").append(hexText ? hexSelect : select).append(" FROM main.")
                .append(table);
        if (keyset()) {
            if (lastKey != null) {
                sql.append(" WHERE ");
                if (keys.size() == 1) {
                    sql.append(keys.get(0)).append(" > ").append(lastKey.get(0).literal());
                } else {
                    sql.append('(').append(String.join(", ", keys)).append(") > (");
                    for (int i = 0; i < lastKey.size(); i++) {
                        sql.append(i == 0 ? "" : ", ").append(lastKey.get(i).literal());
                    }
                    sql.append(')');
                }
            }
            sql.append(" ORDER BY ").append(String.join(", ", keys));
            sql.append(" LIMIT ").append(limit);
        } else {
            sql.append(" LIMIT ").append(limit).append(" OFFSET ").append(offset);
        }
        return sql.toString();
    }

    private static List<String> keyExpressions(TableShape shape) {
        List<ColumnShape> pk = shape.columns().stream().filter(c -> c.pk() > 0)
                .sorted(Comparator.comparingInt(ColumnShape::pk)).toList();
        if (shape.withoutRowid()) {
            List<String> keys = new ArrayList<>();
            for (ColumnShape c : pk) {
                keys.add(SqlLiteral.quoteIdentifier(c.name()));
            }
            return keys;
        }
        boolean fts = shape.virtual() && List.of("fts3", "fts4", "fts5")
                .contains(shape.module() == null ? "" : shape.module().toLowerCase(Locale.ROOT));
        if (shape.virtual() && !fts) {
            return List.of();
        }
        if (shape.rowidName() != null) {
            return List.of(shape.rowidName());
        }
        for (String candidate : List.of("rowid", "_rowid_", "oid")) {
            if (shape.columns().stream().noneMatch(c -> c.name().equalsIgnoreCase(candidate))) {
                return List.of(candidate);
            }
        }
        // every rowid name is a column: an INTEGER PRIMARY KEY (the rowid itself) still orders the table
        if (!shape.virtual() && pk.size() == 1 && "INTEGER".equalsIgnoreCase(pk.get(0).declaredType().trim())
                && !shape.keyColumns().isEmpty()) {
            return List.of(SqlLiteral.quoteIdentifier(pk.get(0).name()));
        }
        return List.of();
    }
}
