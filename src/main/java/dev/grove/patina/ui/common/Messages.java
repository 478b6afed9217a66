package dev.grove.patina.ui.common;

/** Turns a failure into the one line an operator reads in the console: never a stack trace. */
public final class Messages {
    private Messages() {
    }

    /**
     * The first message of {@code e} or its causes that says something (a wrapper's copy of its cause's
     * {@code toString()} does not), or the type's name when none does.
     */
    public static String of(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank()
                || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message.strip();
    }
}
