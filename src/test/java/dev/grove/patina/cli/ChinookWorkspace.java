package dev.grove.patina.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CLI tests' workspace: a copy of Chinook and a config backing it up (zstd) to a folder store, in {@code dir}. */
final class ChinookWorkspace {
    private ChinookWorkspace() {
    }

    /** {@code dir/chinook.sqlite}, copied from the test resources the first time. */
    static Path chinook(Path dir) throws Exception {
        Path db = dir.resolve("chinook.sqlite");
        if (!Files.exists(db)) {
            try (InputStream in = ChinookWorkspace.class.getResourceAsStream("/chinook/Chinook_Sqlite.sqlite")) {
                Files.copy(in, db);
            }
        }
        return db;
    }

    /** {@code dir/patina.toml}: Chinook to {@code dir/store}, catalog {@code dir/catalog.sqlite}. */
    static Path localConfig(Path dir) throws Exception {
        Path config = dir.resolve("patina.toml");
        Files.writeString(config, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "chinook"
                type = "sqlite"
                path = "%s"

                [compression]
                daily = "zstd"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), chinook(dir), dir.resolve("catalog.sqlite")));
        return config;
    }
}
