package dev.grove.patina.config;

import java.util.Locale;

/** The body a webhook alert is sent in. */
public enum AlertFormat {
    SLACK, DISCORD, GENERIC;

    /** The spelling in {@code patina.toml}: {@code slack}, {@code discord} or {@code generic}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
