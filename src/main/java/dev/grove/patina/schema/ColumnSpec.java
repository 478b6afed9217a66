package dev.grove.patina.schema;

/**
 * One column as {@code pragma_table_xinfo} reports it. {@code hidden} is SQLite's own code: 0 ordinary, 1 hidden
 * (a virtual table's), 2 generated VIRTUAL, 3 generated STORED.
 */
public record ColumnSpec(String name, String type, boolean notNull, String defaultValue, int pk, int hidden) {

    /** How {@code hidden} reads in a change line. */
    public String hiddenText() {
        return switch (hidden) {
            case 0 -> "ordinary";
            case 1 -> "hidden";
            case 2 -> "generated VIRTUAL";
            case 3 -> "generated STORED";
            default -> "hidden " + hidden;
        };
    }
}
