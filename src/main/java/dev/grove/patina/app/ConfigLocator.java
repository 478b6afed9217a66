package dev.grove.patina.app;

import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Finds the config: the file named with {@code --config}, else the per-user default. On the very first start
 * (no default config yet) it creates the demo workspace and a config pointing at it, so Patina works at once with
 * no cloud account — and says so.
 */
public final class ConfigLocator {
    private final AppDirs dirs;
    private final ConfigLoader loader;

    public ConfigLocator(AppDirs dirs, ConfigLoader loader) {
        this.dirs = dirs;
        this.loader = loader;
    }

    /** A loaded config, and a note for the operator when the demo default was just created. */
    public record Located(PatinaConfig config, Optional<String> note) {
    }

    /** Loads {@code explicit}, or the default config (creating the demo default on first start). */
    public Located locate(Path explicit) {
        if (explicit != null) {
            return new Located(loader.load(explicit), Optional.empty());
        }
        Path file = dirs.configFile();
        if (Files.exists(file)) {
            return new Located(loader.load(file), Optional.empty());
        }
        DemoWorkspace demo = new DemoWorkspace(dirs.dataDir().resolve("demo"));
        try {
            String text = demo.create();
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)); // never half a config
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo config " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the demo databases in " + demo.root() + ": "
                    + e.getMessage(), e);
        }
        return new Located(loader.load(file), Optional.of("no config at " + file + ": created the demo workspace "
                + demo.root() + " (six sample databases, backed up to a local folder) and a config for it; edit "
                + file + " to back up your own databases to R2"));
    }
}
