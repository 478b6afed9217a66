package dev.grove.patina.schema;

/**
 * One difference: {@code objectType} is table, column, foreign key, check constraint, index, trigger, view or
 * rows; {@code object} names it ({@code users.email}); {@code text} is the one line shown ("column users.email
 * dropped").
 */
public record SchemaChange(ChangeKind kind, String objectType, String object, String text) {
}
