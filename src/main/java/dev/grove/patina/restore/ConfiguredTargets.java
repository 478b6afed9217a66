package dev.grove.patina.restore;

import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.SqliteDatabaseConfig;
import dev.grove.patina.util.FileTargets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the configuration says about where a restore may go: the files Patina reads (its catalog, its configuration,
 * the configured SQLite databases), which no export may write, and the D1 databases one may import into.
 */
public record ConfiguredTargets(Path catalogFile, PatinaConfig config) {
    /** The files Patina reads. */
    public List<Path> readFiles() {
        List<Path> out = new ArrayList<>(List.of(catalogFile, config.file()));
        for (DatabaseConfig d : config.databases()) {
            if (d instanceof SqliteDatabaseConfig f) {
                out.add(f.path());
            }
        }
        return out;
    }

    /** What Patina reads at {@code t} ("Patina's catalog", "the configured database x", …), or null. */
    public String readBy(Path t) {
        if (FileTargets.sameFile(t, catalogFile)) {
            return "Patina's catalog";
        }
        if (FileTargets.sameFile(t, config.file())) {
            return "Patina's configuration";
        }
        for (DatabaseConfig d : config.databases()) {
            if (d instanceof SqliteDatabaseConfig f && FileTargets.sameFile(t, f.path())) {
                return "the configured database " + d.name();
            }
        }
        return null;
    }

    /**
     * What Patina reads at {@code t} that no restore may replace ("Patina's catalog", "Patina's configuration"), or
     * null; a configured database may be replaced by a restore (its old file kept as {@code .bak}).
     */
    public String neverRestoredOnto(Path t) {
        String what = readBy(t);
        return what == null || what.startsWith("the configured database") ? null : what;
    }

    public Path configFile() {
        return config.file();
    }

    /** The configured D1 databases' names, in config order. */
    public List<String> d1Names() {
        return config.databases().stream().filter(d -> d instanceof D1DatabaseConfig).map(DatabaseConfig::name)
                .toList();
    }

    /** The configured D1 database named {@code name}. */
    public Optional<D1DatabaseConfig> d1Database(String name) {
        return config.database(name == null ? "" : name).filter(d -> d instanceof D1DatabaseConfig)
                .map(d -> (D1DatabaseConfig) d);
    }

    /** True when {@code database} is a configured D1 database. */
    public boolean isD1(String database) {
        return d1Database(database).isPresent();
    }
}
