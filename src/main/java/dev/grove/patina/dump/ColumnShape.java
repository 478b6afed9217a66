package dev.grove.patina.dump;

/**
 * One column as {@code PRAGMA table_xinfo} describes it.
 *
 * @param hidden 0 ordinary, 1 hidden column of a virtual table, 2 VIRTUAL generated, 3 STORED generated
 * @param pk     position in the primary key (1-based), 0 when not part of it
 */
public record ColumnShape(String name, String declaredType, int hidden, int pk) {
    /** Generated and hidden columns are computed by SQLite, never inserted. */
    public boolean insertable() {
        return hidden == 0;
    }
}
