package dev.grove.patina.model;

import java.util.Locale;

/** The body a webhook alert is sent in: one name for the {@code [alerts] format} of patina.toml and the notifier. */
public enum AlertFormat {
    /** Slack incoming webhook: {@code {"text": "…"}} in Slack mrkdwn. */
    SLACK("Slack"),
    /** Discord webhook: {@code {"content": "…"}} in Discord markdown, at most 2000 characters. */
    DISCORD("Discord"),
    /** A JSON document describing the run and each database, for any receiver. */
    GENERIC("generic JSON");

    private final String displayName;

    AlertFormat(String displayName) {
        this.displayName = displayName;
    }

    /** The configuration spelling: {@code slack}, {@code discord}, {@code generic}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name shown to an operator, for example {@code Slack}. */
    public String displayName() {
        return displayName;
    }

    /** Parses {@link #id()} (case-insensitive). */
    public static AlertFormat parse(String text) {
        for (AlertFormat f : values()) {
            if (f.id().equalsIgnoreCase(text)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown alert format '" + text + "' (expected slack, discord or generic)");
    }
}
