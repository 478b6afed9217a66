package dev.grove.patina.config;

import java.util.Optional;
import java.util.regex.Pattern;

/** The three ways {@code patina.toml} refers to a secret instead of holding it. */
final class SecretReferences {
    static final String ENV = "env:";
    static final String FILE = "file:";
    static final String KEYRING = "keyring:";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SecretReferences() {
    }

    /** True when {@code text} is an {@code env:}, {@code file:} or {@code keyring:} reference. */
    static boolean isReference(String text) {
        return text.startsWith(ENV) || text.startsWith(FILE) || text.startsWith(KEYRING);
    }

    /**
     * What is wrong with the form of a reference ({@code text} starts with one of the three prefixes): the text
     * after the key in the loader's messages. Empty when the form is right.
     */
    static Optional<String> problem(String text) {
        if (text.startsWith(ENV) && !ENV_NAME.matcher(text.substring(ENV.length())).matches()) {
            return Optional.of("'" + text + "' is not a valid env:NAME reference (a NAME is letters, digits and _)");
        }
        if (text.startsWith(FILE) && text.substring(FILE.length()).isBlank()) {
            return Optional.of("'file:' needs a path, for example file:/etc/patina/r2-secret");
        }
        if (text.startsWith(KEYRING) && text.substring(KEYRING.length()).isBlank()) {
            return Optional.of("'keyring:' needs a NAME, for example keyring:r2-secret");
        }
        return Optional.empty();
    }

    /** The source recorded for a secret written in plain text in {@code fileName}. */
    static String plainSource(String fileName) {
        return "plain text in " + fileName;
    }
}
