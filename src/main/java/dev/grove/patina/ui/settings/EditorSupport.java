package dev.grove.patina.ui.settings;

import dev.grove.patina.config.ConfigException;
import java.util.Locale;
import java.util.Optional;

/** Small helpers the database and storage editors share. */
final class EditorSupport {
    private EditorSupport() {
    }

    /** A rule's problem as a field's inline error: {@code must be …} becomes {@code Must be …}. */
    static String sentence(String problem) {
        return problem.isEmpty() ? problem : problem.substring(0, 1).toUpperCase(Locale.ROOT) + problem.substring(1);
    }

    /** The inline error of a required field: empty text gives {@code whatIsMissing}, else the rule's problem. */
    static String required(String text, String whatIsMissing, Optional<String> problem) {
        if (text.isBlank()) {
            return whatIsMissing;
        }
        return problem.map(EditorSupport::sentence).orElse("");
    }

    /**
     * A loader error about {@code key}, as its field shows it: the problem without the file and line, the key's name
     * replaced by {@code what} ({@code api_token refers to …} becomes {@code The token refers to …}).
     */
    static String of(ConfigException e, String key, String what) {
        String problem = e.problem();
        if (problem.startsWith(key + ":")) {
            return what + problem.substring(key.length());
        }
        if (problem.startsWith(key + " ")) {
            return what + problem.substring(key.length());
        }
        return sentence(problem);
    }
}
