package dev.grove.patina.dump;

/**
 * How a differential finds one table's rows again (ADR 0016): by rowid (rowid tables, the rowid dumped or aliased by
 * an {@code INTEGER PRIMARY KEY}), by the literal of its primary key ({@code WITHOUT ROWID}), or not at all — a table
 * whose rowid every column name hides, or a virtual table, is copied whole when its digest changed.
 */
enum TableKeying {
    ROWID, KEYED, WHOLE;

    static TableKeying of(TableShape shape) {
        if (shape.virtual()) {
            return WHOLE;
        }
        if (shape.withoutRowid()) {
            return shape.keyColumns().isEmpty() ? WHOLE : KEYED;
        }
        return shape.keyColumns().size() == 1 ? ROWID : WHOLE;
    }

    byte code() {
        return (byte) ordinal();
    }

    static TableKeying of(byte code) {
        if (code < 0 || code >= values().length) {
            throw new DumpException("the row manifest names an unknown table kind " + code);
        }
        return values()[code];
    }
}
