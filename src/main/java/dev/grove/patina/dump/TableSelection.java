package dev.grove.patina.dump;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables a restore wants ({@code --table} / {@code --exclude-table}), compared without case as SQLite compares
 * names, and the tables the dump created so far.
 */
final class TableSelection {
    /** The tables asked for by name, lower case; empty: all. */
    final Set<String> only;
    /** The tables left out, lower case. */
    final Set<String> excluded;
    /** The tables the load created, lower case. */
    final Set<String> created = new TreeSet<>();

    TableSelection(RestoreOptions options) {
        this.only = lowerSet(options.tables());
        this.excluded = lowerSet(options.excludeTables());
    }

    /** True when the restore takes only some tables. */
    boolean selective() {
        return !only.isEmpty() || !excluded.isEmpty();
    }

    /** Whether statements on {@code table} run (the sequence table's rows always do). */
    boolean wants(String table) {
        String t = lower(table);
        if ("sqlite_sequence".equals(t)) {
            return true;
        }
        return (only.isEmpty() || only.contains(t)) && !excluded.contains(t);
    }

    /** Whether a view runs: only in a restore of every table not excluding it. */
    boolean wantsView(String view) {
        return only.isEmpty() && !excluded.contains(lower(view));
    }

    void created(String table) {
        created.add(lower(table));
    }

    boolean wasCreated(String table) {
        return created.contains(lower(table));
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static Set<String> lowerSet(Set<String> names) {
        Set<String> s = new TreeSet<>();
        for (String n : names) {
            s.add(lower(n));
        }
        return s;
    }
}
