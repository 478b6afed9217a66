package dev.grove.patina.schema;

import java.util.List;

/**
 * One named index ({@code pragma_index_list}/{@code pragma_index_xinfo}); {@code where} is a partial index's
 * condition, null when the index is not partial. Key columns only; an expression column reads {@code <expr>}.
 */
public record IndexSpec(String name, String table, List<String> columns, boolean unique, String where) {

    public IndexSpec {
        columns = List.copyOf(columns);
    }
}
