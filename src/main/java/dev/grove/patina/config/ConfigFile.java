package dev.grove.patina.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One load of one file: where errors and warnings point, and the warnings gathered so far. */
final class ConfigFile {
    private final Path file;
    private final List<String> warnings = new ArrayList<>();

    ConfigFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The folder relative paths in the file are resolved against. */
    Path folder() {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : file.toAbsolutePath();
    }

    ConfigException error(int line, String key, String problem) {
        return new ConfigException(file, line, key, problem);
    }

    void warn(int line, String problem) {
        warnings.add(ConfigException.format(file, line, problem));
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
