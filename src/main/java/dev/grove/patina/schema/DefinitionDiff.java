package dev.grove.patina.schema;

import dev.grove.patina.schema.TableDefinition.CheckSpec;
import dev.grove.patina.schema.TableDefinition.ColumnDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The part of a table's comparison the pragmas cannot make, from the two CREATE TABLE texts ({@link TableDefinition}):
 * a column's collation and generated expression, and CHECK constraints. Expressions compare by their canonical form,
 * so a rewrite of whitespace, comments, keyword case or quoting is no change.
 */
final class DefinitionDiff {
    private final String table;
    private final TableDefinition from;
    private final TableDefinition to;

    DefinitionDiff(TableSchema a, TableSchema b) {
        this.table = b.name();
        this.from = TableDefinition.parse(a.sql());
        this.to = TableDefinition.parse(b.sql());
    }

    /** Collation and generated expression of a column both sides hold. */
    void column(String name, List<SchemaChange> out) {
        String key = SqlExpression.lowerAscii(name);
        ColumnDefinition a = from.columns().get(key);
        ColumnDefinition b = to.columns().get(key);
        if (a == null || b == null) {
            return;
        }
        String col = table + "." + name;
        String ca = collation(a);
        String cb = collation(b);
        if (!ca.equals(cb)) {
            out.add(changed("column", col, "column " + col + " collation changed " + ca + " → " + cb));
        }
        if (a.generated() != null && b.generated() != null
                && !a.generated().canonical().equals(b.generated().canonical())) {
            out.add(changed("column", col, "generated column " + col + " expression changed: "
                    + a.generated().text() + " → " + b.generated().text()));
        }
    }

    /** CHECK constraints: a named one is matched by name, an unnamed one by its expression. */
    void checks(List<SchemaChange> out) {
        List<CheckSpec> dropped = new ArrayList<>(from.checks());
        List<CheckSpec> added = new ArrayList<>();
        for (CheckSpec b : to.checks()) {
            CheckSpec same = dropped.stream().filter(a -> sameCheck(a, b)).findFirst().orElse(null);
            if (same == null) {
                added.add(b);
                continue;
            }
            dropped.remove(same);
            if (!same.expression().canonical().equals(b.expression().canonical())) {
                out.add(changed("check constraint", table, "check constraint " + b.name() + " on " + on(b)
                        + " changed: (" + same.expression().text() + ") → (" + b.expression().text() + ")"));
            }
        }
        dropped.forEach(c -> out.add(new SchemaChange(ChangeKind.DROPPED, "check constraint", table,
                text(c, "dropped"))));
        added.forEach(c -> out.add(new SchemaChange(ChangeKind.ADDED, "check constraint", table,
                text(c, "added"))));
    }

    private static boolean sameCheck(CheckSpec a, CheckSpec b) {
        if (a.name() != null && b.name() != null) {
            return a.name().equalsIgnoreCase(b.name());
        }
        return a.name() == null && b.name() == null
                && a.expression().canonical().equals(b.expression().canonical());
    }

    private String text(CheckSpec c, String word) {
        return "check constraint " + (c.name() == null ? "" : c.name() + " ") + "on " + on(c) + " " + word + ": ("
                + c.expression().text() + ")";
    }

    private String on(CheckSpec c) {
        return c.column() == null ? table : table + "." + c.column();
    }

    private static String collation(ColumnDefinition c) {
        return c.collation() == null ? "BINARY" : c.collation().toUpperCase(Locale.ROOT);
    }

    private static SchemaChange changed(String type, String object, String text) {
        return new SchemaChange(ChangeKind.CHANGED, type, Objects.requireNonNull(object), text);
    }
}
