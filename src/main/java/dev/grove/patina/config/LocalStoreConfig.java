package dev.grove.patina.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A folder on this machine or a mounted share ({@code type = "local"}).
 *
 * @param path   the folder; a relative path in the file is resolved against the config file's folder
 * @param prefix the key prefix inside the folder, empty for none
 */
public record LocalStoreConfig(Path path, String prefix) implements StoreConfig {
    public LocalStoreConfig {
        Objects.requireNonNull(path, "path");
        prefix = prefix == null ? "" : prefix;
    }
}
