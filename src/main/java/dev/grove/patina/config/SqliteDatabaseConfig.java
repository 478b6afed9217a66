package dev.grove.patina.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A SQLite file ({@code type = "sqlite"}).
 *
 * @param path   the database file; a relative path in the file is resolved against the config file's folder
 * @param checks the operator's read-only checks a test restore runs ({@code checks = ["SELECT …", …]})
 * @param strategy {@code full} (the default) or {@code differential} (ADR 0016)
 */
public record SqliteDatabaseConfig(String name, Path path, List<String> checks, String strategy)
        implements DatabaseConfig {
    public SqliteDatabaseConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        checks = checks == null ? List.of() : List.copyOf(checks);
        strategy = DatabaseConfig.checkedStrategy(strategy);
    }

    /** A database backed up in full every night. */
    public SqliteDatabaseConfig(String name, Path path, List<String> checks) {
        this(name, path, checks, null);
    }

    /** A database without checks of its own. */
    public SqliteDatabaseConfig(String name, Path path) {
        this(name, path, List.of());
    }
}
