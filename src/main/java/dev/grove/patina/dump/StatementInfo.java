package dev.grove.patina.dump;

import java.util.Objects;

/**
 * What {@link RestoreGuard} found out about one allowed statement.
 *
 * @param kind        the kind of statement
 * @param table       the unquoted target: the table created, the table an index or trigger is on,
 *                    the view's name, or the table an INSERT or UPDATE writes; null for other kinds
 * @param pragmaName  the pragma's name in lower case, only for {@link StatementKind#PRAGMA}
 * @param pragmaValue the pragma's value as unquoted text (for example {@code on}, {@code OFF}, {@code 42}),
 *                    only for {@link StatementKind#PRAGMA} and null when the pragma has no value
 * @param rows        the rows an {@link StatementKind#INSERT} adds to its table (its {@code VALUES} tuples; 0 for an
 *                    FTS5 command such as {@code INSERT INTO t(t, rank) VALUES('rank', …)}); 0 for other kinds
 */
public record StatementInfo(StatementKind kind, String table, String pragmaName, String pragmaValue, long rows) {

    /** Checks that the kind is present. */
    public StatementInfo {
        Objects.requireNonNull(kind, "kind");
    }

    /** A statement that adds no rows. */
    public StatementInfo(StatementKind kind, String table, String pragmaName, String pragmaValue) {
        this(kind, table, pragmaName, pragmaValue, 0);
    }
}
