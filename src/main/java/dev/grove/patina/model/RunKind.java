package dev.grove.patina.model;

import java.util.Locale;

/** What a run does. */
public enum RunKind {
    NIGHTLY, WEEKLY, CLEANUP, VERIFY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunKind parse(String text) {
        for (RunKind k : values()) {
            if (k.id().equalsIgnoreCase(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown run kind '" + text + "'");
    }
}
