package dev.grove.patina.util;

import java.util.Objects;

/**
 * A secret value (R2 secret key, D1 API token, webhook URL). Its {@link #toString()} never shows the value, so a
 * secret formatted into a log line, an exception or a record's text by mistake stays hidden. Read the value only
 * where it is handed to the remote side, with {@link #reveal()}.
 */
public final class Secret {
    private final String value;
    private final String source;

    /**
     * @param value  the secret itself
     * @param source where it came from, safe to show (for example {@code env:PATINA_R2_SECRET}, or
     *               {@code plain text in patina.toml})
     */
    public Secret(String value, String source) {
        this.value = Objects.requireNonNull(value, "value");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The secret value; never log or format it. */
    public String reveal() {
        return value;
    }

    /** Where the secret came from, safe to show to an operator. */
    public String source() {
        return source;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "Secret(" + source + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value) && s.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, source);
    }
}
