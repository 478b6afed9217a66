package dev.grove.patina.schema;

/** What happened to an object between two schemas; {@code ROWS} is a table's row count moving. */
public enum ChangeKind {
    ADDED, DROPPED, CHANGED, ROWS
}
