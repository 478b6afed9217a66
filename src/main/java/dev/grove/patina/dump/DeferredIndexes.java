package dev.grove.patina.dump;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds a restore's {@code CREATE [UNIQUE] INDEX} statements back while only rows follow them, and builds them
 * (in the dump's order) before the next schema statement or at the end of the load — so an index that a dump
 * creates before its table's rows is built once, sorted, instead of being updated row by row (ADR 0022).
 *
 * <p>The schema comes out identical: an index is built before any later {@code CREATE}, so {@code sqlite_schema}
 * holds the same rows with the same SQL in the same order as if each statement had run where it stands (only the
 * root page numbers differ, as they do with any loader). A {@code UNIQUE} index is deferred too: the restore
 * refuses {@code INSERT OR …} and upserts ({@link RestoreGuard}), so a plain {@code INSERT} that would have failed
 * on a duplicate leaves that duplicate in the table, and building the index then fails on it — the restore fails
 * on exactly the same dumps, and the error names the index's statement and line.
 */
final class DeferredIndexes {
    private final List<SqlStatement> pending = new ArrayList<>();
    private long built;

    /** Holds {@code createIndex} back until {@link #build} runs. */
    void defer(SqlStatement createIndex) {
        pending.add(createIndex);
    }

    /** Whether a statement of {@code kind} must see the held-back indexes built first (any other schema change). */
    static boolean needsBuiltBefore(StatementKind kind) {
        return switch (kind) {
            case CREATE_TABLE, CREATE_VIRTUAL_TABLE, CREATE_VIEW, CREATE_TRIGGER -> true;
            default -> false;
        };
    }

    /** Builds every held-back index, in the dump's order. */
    void build(Statement s) {
        for (SqlStatement st : pending) {
            try {
                s.execute(st.sql());
            } catch (SQLException e) {
                throw new DumpException("statement " + st.number() + " (line " + st.line() + ") failed: "
                        + e.getMessage() + " — " + DumpLoader.abbreviate(st.sql()) + " (the index was built after "
                        + "the rows that follow it in the dump: a row breaks it)", e);
            }
            built++;
        }
        pending.clear();
    }

    /** How many indexes were built after rows that followed them. */
    long built() {
        return built;
    }
}
