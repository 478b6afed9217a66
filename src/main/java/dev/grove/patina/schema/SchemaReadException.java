package dev.grove.patina.schema;

/** A schema that cannot be read; the message names the database and the dump or file. */
public final class SchemaReadException extends RuntimeException {
    public SchemaReadException(String message) {
        super(message);
    }

    public SchemaReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
