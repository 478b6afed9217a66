package dev.grove.patina.schema;

import dev.grove.patina.dump.SqlTokens;
import dev.grove.patina.dump.SqlTokens.LexemeKind;
import dev.grove.patina.dump.SqlTokens.Lexeme;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What SQLite's pragmas do not report about a table, read from its CREATE TABLE text with the dump's tokenizer:
 * each column's {@code COLLATE} and generated expression, and the CHECK constraints (column and table level, named
 * or not). Columns are keyed by lower-cased name. Never throws: a statement it cannot follow yields what it read.
 */
public record TableDefinition(Map<String, ColumnDefinition> columns, List<CheckSpec> checks) {

    /** A column's collation as written (null: none, i.e. BINARY) and its generated expression (null: not generated). */
    public record ColumnDefinition(String collation, SqlExpression generated) {
    }

    /** A CHECK constraint: its CONSTRAINT name (or null), its column (null at table level), its expression. */
    public record CheckSpec(String name, String column, SqlExpression expression) {
    }

    public TableDefinition {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        checks = List.copyOf(checks);
    }

    /** Reads {@code createTable}, a CREATE TABLE statement as {@code sqlite_schema} holds it. */
    public static TableDefinition parse(String createTable) {
        Map<String, ColumnDefinition> columns = new LinkedHashMap<>();
        List<CheckSpec> checks = new ArrayList<>();
        if (createTable == null) {
            return new TableDefinition(columns, checks);
        }
        List<Lexeme> t = SqlTokens.of(createTable);
        int open = 0;
        while (open < t.size() && !t.get(open).is('(')) {
            open++;
        }
        int close = match(t, open);
        int from = open + 1;
        for (int i = from; i <= close; i++) {
            if (i == close || t.get(i).is(',')) {
                item(t.subList(from, i), columns, checks);
                from = i + 1;
            } else if (t.get(i).is('(')) {
                i = match(t, i) - 1;
            }
        }
        return new TableDefinition(columns, checks);
    }

    private static void item(List<Lexeme> item, Map<String, ColumnDefinition> columns, List<CheckSpec> checks) {
        if (item.isEmpty()) {
            return;
        }
        Lexeme first = item.get(0);
        if (first.is("CONSTRAINT") || first.is("CHECK") || first.is("PRIMARY") || first.is("UNIQUE")
                || first.is("FOREIGN")) {
            String name = null;
            int i = 0;
            if (first.is("CONSTRAINT") && item.size() > 1) {
                name = name(item.get(1));
                i = 2;
            }
            if (i < item.size() && item.get(i).is("CHECK")) {
                SqlExpression e = parenthesised(item, i + 1);
                if (e != null) {
                    checks.add(new CheckSpec(name, null, e));
                }
            }
            return;
        }
        String column = name(first);
        String collation = null;
        SqlExpression generated = null;
        String pendingName = null;
        for (int i = 1; i < item.size(); i++) {
            Lexeme k = item.get(i);
            if (k.is("CONSTRAINT") && i + 1 < item.size()) {
                pendingName = name(item.get(++i));
            } else if (k.is("CHECK")) {
                SqlExpression e = parenthesised(item, i + 1);
                if (e != null) {
                    checks.add(new CheckSpec(pendingName, column, e));
                }
                pendingName = null;
            } else if (k.is("COLLATE") && i + 1 < item.size()) {
                collation = name(item.get(++i));
                pendingName = null;
            } else if (k.is("AS")) {
                generated = parenthesised(item, i + 1);
                pendingName = null;
            } else if (k.is('(')) {
                i = match(item, i) - 1;
            } else if (k.kind() == LexemeKind.WORD && !k.is("ALWAYS") && !k.is("GENERATED")) {
                pendingName = null;
            }
        }
        if (column != null) {
            columns.put(SqlExpression.lowerAscii(column), new ColumnDefinition(collation, generated));
        }
    }

    /** The expression inside the parentheses opening at {@code open}, or null when there is none. */
    private static SqlExpression parenthesised(List<Lexeme> t, int open) {
        if (open >= t.size() || !t.get(open).is('(')) {
            return null;
        }
        int close = match(t, open);
        return SqlExpression.of(t.subList(open + 1, Math.min(close, t.size())));
    }

    /** The index of the parenthesis closing the one at {@code open} (or the list's size when it is not closed). */
    private static int match(List<Lexeme> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            if (t.get(i).is('(')) {
                depth++;
            } else if (t.get(i).is(')') && --depth == 0) {
                return i;
            }
        }
        return t.size();
    }

    private static String name(Lexeme t) {
        if (t.name() != null) {
            return t.name();
        }
        if (t.kind() == LexemeKind.STRING && t.text().length() >= 2) {
            return t.text().substring(1, t.text().length() - 1).replace("''", "'");
        }
        return null;
    }
}
