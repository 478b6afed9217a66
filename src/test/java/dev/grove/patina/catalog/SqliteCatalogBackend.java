package dev.grove.patina.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The catalog contract on a local SQLite file: the run lock of a run is its lock file beside the catalog. */
final class SqliteCatalogBackend implements CatalogBackend {
    private final Path file;

    SqliteCatalogBackend(Path file) {
        this.file = file;
    }

    @Override
    public Catalog open(Clock clock) {
        return Catalog.open(file, clock);
    }

    @Override
    public boolean runLockHeld(String runId) {
        // a lock file exists from before the run's row until after its end, or until a dead run is found
        return Files.exists(Catalog.runLockFolder(file).resolve(runId + ".lock"));
    }

    @Override
    public void close() {
    }
}
