package dev.grove.patina.api;

import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * The workspace the API tests run on, in {@code dir}: {@code shop.sqlite} with an {@code items} table, a local-folder
 * store ({@code store/}), the catalog under {@code data/}, and the API enabled with its token read from the
 * environment variable {@link #TOKEN_ENV}.
 */
final class ApiWorkspace {
    static final String TOKEN_ENV = "PATINA_TEST_API_TOKEN";

    private ApiWorkspace() {
    }

    /**
     * Writes the database (adding {@code items}) and {@code patina.toml}; {@code middle} goes between the databases
     * and the catalog, {@code tail} after {@code [api]}. Returns the config file.
     */
    static Path write(Path dir, String middle, String tail, String... items) throws Exception {
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
                for (String item : items) {
                    ps.setString(1, item);
                    ps.executeUpdate();
                }
            }
        }
        return Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"
                %s
                [catalog]
                path = "%s"

                [api]
                enabled = true
                token = "env:%s"
                %s""".formatted(dir.resolve("store"), db, middle, dir.resolve("data/catalog.sqlite"), TOKEN_ENV,
                tail));
    }

    /** Loads {@code file} as Patina would, with {@code token} in the environment and {@code dir/data} as data folder. */
    static PatinaConfig load(Path dir, Path file, String token) {
        return new ConfigLoader(Map.of(TOKEN_ENV, token)::get, dir.resolve("data"), name -> Optional.empty())
                .load(file);
    }
}
