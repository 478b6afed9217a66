package dev.grove.patina.store;

import java.io.IOException;

/** A store operation failed; the message names the store and the key and never carries a secret. */
public class StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
