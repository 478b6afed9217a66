package dev.grove.patina.ui;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.ui.app.ConsoleStartup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** A real Patina over a temp folder for console tests: small SQLite files, a local store, a catalog. */
public final class UiFixtures {
    private UiFixtures() {
    }

    /** A clock tests move by hand. */
    public static final class MovableClock extends Clock {
        private volatile Instant now;

        public MovableClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Writes one small SQLite database per name ({@code rows} rows each) and a config for them; returns the config. */
    public static Path workspace(Path dir, List<String> names, int rows) throws Exception {
        StringBuilder toml = new StringBuilder();
        toml.append("[store]\ntype = \"local\"\npath = \"").append(dir.resolve("store")).append("\"\n\n");
        for (String name : names) {
            Path db = dir.resolve(name + ".sqlite");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL)");
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (name, price) VALUES (?, ?)")) {
                    for (int i = 0; i < rows; i++) {
                        ps.setString(1, name + " item " + i);
                        ps.setDouble(2, i * 1.25);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
            toml.append("[[databases]]\nname = \"").append(name).append("\"\ntype = \"sqlite\"\npath = \"")
                    .append(db).append("\"\n\n");
        }
        toml.append("[compression]\ndaily = \"zstd\"\n\n[catalog]\npath = \"").append(dir.resolve("catalog.sqlite"))
                .append("\"\n");
        Path config = dir.resolve("patina.toml");
        Files.writeString(config, toml);
        return config;
    }

    /** Opens the runtime of {@code config} on {@code clock}, as the console does. */
    public static PatinaRuntime open(Path config, Clock clock) {
        return new ConsoleStartup(config, clock, dev.grove.patina.app.AppDirs.current())
                .open(new PrintWriter(new StringWriter()));
    }
}
