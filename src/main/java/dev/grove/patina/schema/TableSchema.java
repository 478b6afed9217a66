package dev.grove.patina.schema;

import java.util.List;

/**
 * One table. {@code module} is a virtual table's module (null for an ordinary table); a virtual table whose module
 * this SQLite lacks keeps only its module and CREATE text ({@code columns} empty). {@code rows} is the dump
 * footer's count (or the live count), null when unknown.
 */
public record TableSchema(String name, List<ColumnSpec> columns, List<ForeignKeySpec> foreignKeys, boolean strict,
                          boolean withoutRowid, String module, String sql, Long rows) {

    public TableSchema {
        columns = List.copyOf(columns);
        foreignKeys = List.copyOf(foreignKeys);
    }

    public TableSchema withRows(Long count) {
        return new TableSchema(name, columns, foreignKeys, strict, withoutRowid, module, sql, count);
    }
}
