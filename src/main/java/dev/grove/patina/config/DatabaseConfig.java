package dev.grove.patina.config;

/** One {@code [[databases]]} entry. */
public sealed interface DatabaseConfig permits SqliteDatabaseConfig, D1DatabaseConfig {
    /** The unique name, {@code [a-z0-9._-]+}, used in object keys. */
    String name();
}
