package dev.grove.patina.ui.app;

/** The console could not open its config or catalog; the message is the one line the operator reads. */
public final class ConsoleStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConsoleStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
