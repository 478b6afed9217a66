package dev.grove.patina.config;

/** The three ways {@code patina.toml} refers to a secret instead of holding it. */
final class SecretReferences {
    static final String ENV = "env:";
    static final String FILE = "file:";
    static final String KEYRING = "keyring:";

    private SecretReferences() {
    }

    /** True when {@code text} is an {@code env:}, {@code file:} or {@code keyring:} reference. */
    static boolean isReference(String text) {
        return text.startsWith(ENV) || text.startsWith(FILE) || text.startsWith(KEYRING);
    }

    /** The source recorded for a secret written in plain text in {@code fileName}. */
    static String plainSource(String fileName) {
        return "plain text in " + fileName;
    }
}
