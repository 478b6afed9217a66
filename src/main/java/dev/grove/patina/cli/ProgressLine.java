package dev.grove.patina.cli;

import java.io.PrintWriter;

/** Prints progress lines for long work on stderr, at most one a second, so logs stay readable. */
final class ProgressLine {
    private final PrintWriter err;
    private final boolean enabled;
    private long lastPrinted;

    ProgressLine(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    void maybePrint(String text) {
        long now = System.nanoTime();
        if (enabled && (lastPrinted == 0 || now - lastPrinted >= 1_000_000_000L)) {
            lastPrinted = now;
            err.println(text);
            err.flush();
        }
    }
}
