package dev.grove.patina.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The per-user folders Patina uses, following each platform's convention. */
public final class AppDirs {
    private final Map<String, String> env;
    private final String osName;
    private final Path home;

    public AppDirs(Map<String, String> env, String osName, Path home) {
        this.env = env;
        this.osName = osName.toLowerCase(Locale.ROOT);
        this.home = home;
    }

    /** The folders of the current user on this machine. */
    public static AppDirs current() {
        return new AppDirs(System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
    }

    /**
     * The default config file: {@code $PATINA_HOME/patina.toml}, else {@code $XDG_CONFIG_HOME/patina/patina.toml} or
     * {@code ~/.config/patina/patina.toml} on Linux, {@code ~/Library/Application Support/Patina/patina.toml} on
     * macOS, {@code %APPDATA%\Patina\patina.toml} on Windows.
     */
    public Path configFile() {
        String override = env.get("PATINA_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override, "patina.toml");
        }
        if (osName.contains("win") || osName.contains("mac")) {
            return dataDir().resolve("patina.toml");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("patina")
                .resolve("patina.toml");
    }

    /**
     * Where Patina keeps its data (catalog, demo workspace, logs): {@code $XDG_DATA_HOME/patina} or
     * {@code ~/.local/share/patina} on Linux, {@code ~/Library/Application Support/Patina} on macOS,
     * {@code %APPDATA%\Patina} on Windows. {@code PATINA_HOME} overrides all of them.
     */
    public Path dataDir() {
        String override = env.get("PATINA_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        if (osName.contains("win")) {
            String appData = env.get("APPDATA");
            return appData != null ? Path.of(appData, "Patina") : home.resolve("AppData/Roaming/Patina");
        }
        if (osName.contains("mac")) {
            return home.resolve("Library/Application Support/Patina");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share")).resolve("patina");
    }

    /**
     * Where Patina keeps what it can always rebuild (the SQLite native library it extracts once, not at every
     * start): {@code $PATINA_HOME/cache}, else {@code $XDG_CACHE_HOME/patina} or {@code ~/.cache/patina} on Linux,
     * {@code ~/Library/Caches/Patina} on macOS, {@code %LOCALAPPDATA%\Patina\cache} on Windows.
     */
    public Path cacheDir() {
        String override = env.get("PATINA_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override, "cache");
        }
        if (osName.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            return (local != null ? Path.of(local, "Patina") : home.resolve("AppData/Local/Patina")).resolve("cache");
        }
        if (osName.contains("mac")) {
            return home.resolve("Library/Caches/Patina");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache")).resolve("patina");
    }
}
