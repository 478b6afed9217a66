package dev.grove.patina.ui.app;

/**
 * The console did not start; the message is the one line the operator reads. {@link #alreadyOpen()} is true when
 * it did not need to: another console over the same catalog was asked to show its window instead (exit 0).
 */
public final class ConsoleStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean alreadyOpen;

    public ConsoleStartException(String message, Throwable cause) {
        this(message, cause, false);
    }

    ConsoleStartException(String message, Throwable cause, boolean alreadyOpen) {
        super(message, cause);
        this.alreadyOpen = alreadyOpen;
    }

    public boolean alreadyOpen() {
        return alreadyOpen;
    }
}
