package dev.grove.patina.config;

/** One {@code [[databases]]} entry. */
public sealed interface DatabaseConfig permits SqliteDatabaseConfig, D1DatabaseConfig {
    /** The unique name, {@code [a-z0-9._-]+}, used in object keys. */
    String name();

    /**
     * The operator's own checks a test restore runs ({@code checks = [...]}): single read-only SELECT/WITH
     * statements, each of which must return a true value; empty when none.
     */
    java.util.List<String> checks();
}
