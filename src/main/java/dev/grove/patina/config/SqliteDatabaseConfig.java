package dev.grove.patina.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A SQLite file ({@code type = "sqlite"}).
 *
 * @param path the database file; a relative path in the file is resolved against the config file's folder
 */
public record SqliteDatabaseConfig(String name, Path path) implements DatabaseConfig {
    public SqliteDatabaseConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
    }
}
