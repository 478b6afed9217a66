package dev.grove.patina.dump;

/** A dump or restore failed for a reason the operator can act on; the message says which and why. */
public class DumpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DumpException(String message) {
        super(message);
    }

    public DumpException(String message, Throwable cause) {
        super(message, cause);
    }
}
