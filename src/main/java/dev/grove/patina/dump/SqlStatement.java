package dev.grove.patina.dump;

import java.util.Objects;

/**
 * One complete SQL statement read from a dump.
 *
 * @param number the 1-based index of the statement in the dump
 * @param line   the 1-based line on which the statement's first character stands
 * @param sql    the full statement text, including its terminating {@code ;}
 */
public record SqlStatement(long number, long line, String sql) {

    /** Checks that the text is present. */
    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
    }
}
