package dev.grove.patina.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The local catalog of runs and backups: the {@code [catalog]} table.
 *
 * @param path the catalog's SQLite file; by default {@code catalog.sqlite} in Patina's data folder
 */
public record CatalogConfig(Path path) {
    public static final String DEFAULT_FILE_NAME = "catalog.sqlite";

    public CatalogConfig {
        Objects.requireNonNull(path, "path");
    }

    /** The catalog in {@code dataDir}: used when {@code [catalog]} is left out. */
    public static CatalogConfig defaults(Path dataDir) {
        return new CatalogConfig(dataDir.resolve(DEFAULT_FILE_NAME));
    }
}
