package dev.grove.patina.backup;

import dev.grove.patina.util.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Removes secret values from text before it is stored, logged or sent: defence in depth behind the rule that no
 * message is ever built with a secret in it. An error text from a driver or a server could echo a token back.
 */
public final class Redactor {
    private final List<String> values = new ArrayList<>();

    public Redactor(Collection<Secret> secrets) {
        for (Secret s : secrets) {
            if (s != null && s.reveal().length() >= 4) {
                values.add(s.reveal());
            }
        }
        values.sort((a, b) -> Integer.compare(b.length(), a.length()));
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /** Returns {@code text} with every secret value replaced by {@code ***}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, "***");
        }
        return out;
    }
}
