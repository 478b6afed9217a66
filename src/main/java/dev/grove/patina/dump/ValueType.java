package dev.grove.patina.dump;

/** SQLite's five storage classes, as {@code typeof()} names them. */
public enum ValueType {
    NULL, INTEGER, REAL, TEXT, BLOB
}
