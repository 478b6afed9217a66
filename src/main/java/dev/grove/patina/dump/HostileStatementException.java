package dev.grove.patina.dump;

/**
 * Thrown by {@link RestoreGuard} when a dump contains a statement that a restore must not run.
 * The message always starts with {@code "statement N (line L): "}.
 */
public final class HostileStatementException extends RuntimeException {

    private final long statementNumber;
    private final long line;
    private final String reason;

    /**
     * Creates the exception for one statement.
     *
     * @param statementNumber the 1-based number of the refused statement
     * @param line            the 1-based line where it starts
     * @param reason          what was found and why it is refused
     */
    public HostileStatementException(long statementNumber, long line, String reason) {
        super("statement " + statementNumber + " (line " + line + "): " + reason);
        this.statementNumber = statementNumber;
        this.line = line;
        this.reason = reason;
    }

    /** Returns the 1-based number of the refused statement. */
    public long statementNumber() {
        return statementNumber;
    }

    /** Returns the 1-based line where the refused statement starts. */
    public long line() {
        return line;
    }

    /** Returns the reason without the statement and line prefix. */
    public String reason() {
        return reason;
    }
}
