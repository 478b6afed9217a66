package dev.grove.patina.catalog;

/** The catalog file could not be opened, read or written. The message names the file. */
public class CatalogException extends RuntimeException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
