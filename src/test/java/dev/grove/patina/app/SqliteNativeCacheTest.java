package dev.grove.patina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extracted SQLite native library lands once in the cache folder, byte for byte sqlite-jdbc's own. */
class SqliteNativeCacheTest {
    @TempDir
    Path dir;

    @Test
    void extractsOnceIntoTheCacheFolderAndPointsSqliteJdbcAtIt() throws Exception {
        String path = System.getProperty(SqliteNativeCache.PATH_PROPERTY);
        String name = System.getProperty(SqliteNativeCache.NAME_PROPERTY);
        try {
            System.clearProperty(SqliteNativeCache.PATH_PROPERTY);
            SqliteNativeCache cache = new SqliteNativeCache(dir);
            Path lib = cache.install();
            assertTrue(lib != null && Files.isRegularFile(lib), "extracted: " + lib);
            assertTrue(lib.startsWith(dir.resolve("native")), lib.toString());
            String resource = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/"
                    + org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
            try (var in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
                assertEquals(java.util.Arrays.hashCode(in.readAllBytes()),
                        java.util.Arrays.hashCode(Files.readAllBytes(lib)), "the driver's own library");
            }
            assertEquals(lib.getParent().toString(), System.getProperty(SqliteNativeCache.PATH_PROPERTY));
            assertEquals(lib.getFileName().toString(), System.getProperty(SqliteNativeCache.NAME_PROPERTY));
            long modified = Files.getLastModifiedTime(lib).toMillis();
            System.clearProperty(SqliteNativeCache.PATH_PROPERTY);
            Files.setLastModifiedTime(lib, java.nio.file.attribute.FileTime.fromMillis(modified - 60_000));
            assertEquals(lib, cache.install(), "the second start reuses it");
            assertEquals(modified - 60_000, Files.getLastModifiedTime(lib).toMillis(), "not extracted again");
            System.setProperty(SqliteNativeCache.PATH_PROPERTY, "/operator/own");
            assertEquals(null, cache.install(), "an operator's own -Dorg.sqlite.lib.path wins");
            assertEquals("/operator/own", System.getProperty(SqliteNativeCache.PATH_PROPERTY));
        } finally {
            restore(SqliteNativeCache.PATH_PROPERTY, path);
            restore(SqliteNativeCache.NAME_PROPERTY, name);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
