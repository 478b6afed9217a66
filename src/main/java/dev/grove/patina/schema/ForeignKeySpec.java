package dev.grove.patina.schema;

import java.util.List;

/** One foreign key as {@code pragma_foreign_key_list} reports it (its rows grouped by id). */
public record ForeignKeySpec(List<String> columns, String refTable, List<String> refColumns, String onUpdate,
                             String onDelete) {

    public ForeignKeySpec {
        columns = List.copyOf(columns);
        refColumns = List.copyOf(refColumns);
    }

    /** {@code (a, b) → other(x, y) ON DELETE CASCADE}. */
    public String text() {
        StringBuilder b = new StringBuilder("(").append(String.join(", ", columns)).append(") → ").append(refTable)
                .append('(').append(String.join(", ", refColumns)).append(')');
        if (!"NO ACTION".equalsIgnoreCase(onUpdate)) {
            b.append(" ON UPDATE ").append(onUpdate);
        }
        if (!"NO ACTION".equalsIgnoreCase(onDelete)) {
            b.append(" ON DELETE ").append(onDelete);
        }
        return b.toString();
    }
}
