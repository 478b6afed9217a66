package dev.grove.patina.model;

import java.util.Locale;

/** How a run (or one database within it) ended. */
public enum RunStatus {
    /** Still going (or the process died: a run left RUNNING at start-up is marked INTERRUPTED). */
    RUNNING,
    OK,
    /** Some databases succeeded, some failed. */
    PARTIAL,
    FAILED,
    /** Stopped by shutdown or a crash before it finished. */
    INTERRUPTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus parse(String text) {
        for (RunStatus s : values()) {
            if (s.id().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + text + "'");
    }
}
