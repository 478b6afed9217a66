package dev.grove.patina.app;

import dev.grove.patina.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Keeps sqlite-jdbc's native library extracted in Patina's cache folder instead of letting sqlite-jdbc extract it
 * afresh into the temp folder at every start (≈ 1 MiB written, plus a {@code uname} process to find its folder:
 * ~60 ms of an empty dump's start-up). The first start extracts it once (temp file, fsync, atomic rename); later
 * starts point sqlite-jdbc at it with {@code org.sqlite.lib.path} / {@code org.sqlite.lib.name}.
 *
 * <p>The folder is named after the sqlite-jdbc jar (its file name and size: an upgraded driver gets a fresh copy)
 * and {@code os.name}/{@code os.arch}. Nothing here can stop SQLite from loading: when anything fails the
 * properties stay unset and sqlite-jdbc extracts as before; and when the cached file does not load (a damaged
 * file, a home folder shared with a musl system) sqlite-jdbc itself falls back to extracting its own copy. An
 * operator's own {@code -Dorg.sqlite.lib.path} wins.
 */
public final class SqliteNativeCache {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private final Path cacheDir;

    public SqliteNativeCache(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** Points sqlite-jdbc at the cached library, extracting it first when missing; returns it, or null if not. */
    public Path install() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return null;
        }
        try {
            Path lib = cachedLibrary();
            if (lib == null) {
                return null;
            }
            if (!Files.isRegularFile(lib)) {
                extract(lib);
            }
            System.setProperty(NAME_PROPERTY, lib.getFileName().toString());
            System.setProperty(PATH_PROPERTY, lib.getParent().toString());
            return lib;
        } catch (IOException | RuntimeException | URISyntaxException e) {
            return null; // sqlite-jdbc extracts its own copy, as without the cache
        }
    }

    /** Where this driver's library for this OS and architecture is cached; null where the driver is no jar. */
    Path cachedLibrary() throws IOException, URISyntaxException {
        java.security.CodeSource source = org.sqlite.JDBC.class.getProtectionDomain().getCodeSource();
        if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
            return null;
        }
        Path jar = Path.of(source.getLocation().toURI());
        String driver = jar.getFileName().toString().replaceFirst("\\.jar$", "") + "-" + Files.size(jar);
        String platform = (System.getProperty("os.name", "") + "-" + System.getProperty("os.arch", ""))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "");
        return cacheDir.resolve("native").resolve(driver).resolve(platform)
                .resolve(org.sqlite.util.LibraryLoaderUtil.getNativeLibName());
    }

    private static void extract(Path lib) throws IOException {
        // sqlite-jdbc's own lookup of its folder (…/native/Linux, Linux-Musl, Mac, Windows… / x86_64, aarch64…)
        String resource = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/"
                + org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("sqlite-jdbc has no native library " + resource);
            }
            Files.createDirectories(lib.getParent());
            AtomicFiles.write(lib, AtomicFiles.Access.DEFAULT, in::transferTo);
        }
    }
}
