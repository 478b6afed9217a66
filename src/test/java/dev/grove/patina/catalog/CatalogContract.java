package dev.grove.patina.catalog;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the catalog contract suite: each test reaches its catalog through {@link #backend}, an SQLite file by
 * default. A {@code Postgres…Test} subclass, tagged {@code cluster}, runs the same tests on PostgreSQL.
 */
abstract class CatalogContract {
    @TempDir
    Path dir;

    /** Where this test's catalog is. */
    CatalogBackend backend;

    @BeforeEach
    void openBackend() {
        backend = newBackend(dir);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    /** The backend of each test: an SQLite file in {@code dir}; the PostgreSQL subclasses override it. */
    CatalogBackend newBackend(Path dir) {
        return new SqliteCatalogBackend(dir.resolve("catalog.db"));
    }
}
