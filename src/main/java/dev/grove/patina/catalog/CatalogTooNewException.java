package dev.grove.patina.catalog;

import java.nio.file.Path;

/** The catalog was written by a newer Patina: its schema version is above the one this code knows. */
public final class CatalogTooNewException extends CatalogException {
    private final Path file;
    private final int fileVersion;
    private final int knownVersion;

    public CatalogTooNewException(Path file, int fileVersion, int knownVersion) {
        super("catalog " + file + " has schema version " + fileVersion + ", but this Patina knows versions up to "
                + knownVersion + "; upgrade Patina, or point it at another catalog file");
        this.file = file;
        this.fileVersion = fileVersion;
        this.knownVersion = knownVersion;
    }

    public Path file() {
        return file;
    }

    public int fileVersion() {
        return fileVersion;
    }

    public int knownVersion() {
        return knownVersion;
    }
}
