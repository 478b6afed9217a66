package dev.grove.patina.store;

/** There is no object under the key. */
public class NoSuchObjectException extends StoreException {
    private static final long serialVersionUID = 1L;

    public NoSuchObjectException(String message) {
        super(message);
    }
}
