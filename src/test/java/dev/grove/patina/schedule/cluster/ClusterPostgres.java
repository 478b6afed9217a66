package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cluster suite's real PostgreSQL, started by {@code .ci/cluster/start-postgres.sh}: reads the env file it
 * writes (system property {@code patina.cluster.pgenv}) and FAILS — never skips — when it is missing. Each test gets
 * a database of its own ({@link #createDatabase()}), dropped by {@link #close()}.
 */
public final class ClusterPostgres implements AutoCloseable {
    public static final String PASSWORD_ENV = "PATINA_PG_PASSWORD";

    private final String url;
    private final String user;
    private final String password;
    private final String hostPort;
    private String database;

    private ClusterPostgres(Map<String, String> env) {
        this.url = env.get("PATINA_PG_URL");
        this.user = env.get("PATINA_PG_USER");
        this.password = env.get(PASSWORD_ENV);
        this.hostPort = env.get("PATINA_PG_HOSTPORT");
    }

    /** Reads the env file; fails the test, naming the script to run, when there is none. */
    public static ClusterPostgres fromEnvFile() throws IOException {
        String where = System.getProperty("patina.cluster.pgenv",
                System.getProperty("user.home") + "/.cache/patina-cluster/pg.env");
        Path file = Path.of(where);
        if (!Files.isRegularFile(file)) {
            fail("no PostgreSQL for the cluster suite: " + file + " is missing; run bash .ci/cluster/start-postgres.sh");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String key : new String[] {"PATINA_PG_URL", "PATINA_PG_USER", PASSWORD_ENV, "PATINA_PG_HOSTPORT"}) {
            if (env.get(key) == null || env.get(key).isBlank()) {
                fail(file + " has no " + key + "; run bash .ci/cluster/start-postgres.sh again");
            }
        }
        return new ClusterPostgres(env);
    }

    /** A fresh database for this test; returns its JDBC URL. */
    public String createDatabase() throws SQLException {
        database = "patina_t" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return databaseUrl();
    }

    public String databaseUrl() {
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    /** A connection to this test's database (auto-commit). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(databaseUrl(), user, password);
    }

    /**
     * PostgreSQL lost, as a node sees it: this test's database refuses new connections and every session on it is
     * ended (from a connection to the server's own database; the test's user owns the database). Undo with
     * {@link #allowConnections()}.
     */
    public void refuseConnections() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                    + "' AND backend_type = 'client backend' AND pid <> pg_backend_pid()");
        }
    }

    /** PostgreSQL back: this test's database accepts connections again. */
    public void allowConnections() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        }
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String hostPort() {
        return hostPort;
    }

    /** The {@code [cluster]} of this test's database, its password given as the secret reference {@code env:…}. */
    public dev.grove.patina.config.ClusterConfig clusterConfig(String node) {
        return new dev.grove.patina.config.ClusterConfig(databaseUrl(), user,
                new dev.grove.patina.util.Secret(password, "env:" + PASSWORD_ENV), java.util.Optional.of(node));
    }

    /** Records a check-in of {@code node} at {@code at} in Quartz's scheduler state, as a running node would. */
    public void checkedIn(String node, java.time.Instant at) throws SQLException {
        try (Connection c = connect(); java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + ClusterDatabase.SCHEMA + ".qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, "
                + "checkin_interval) VALUES (?, ?, ?, 7500)")) {
            ps.setString(1, ClusterNodes.SCHEDULER_NAME);
            ps.setString(2, node);
            ps.setLong(3, at.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** The {@code [cluster]} table of a node's config. */
    public String clusterTable(String node) {
        return """
                [cluster]
                jdbc_url = "%s"
                user = "%s"
                password = "env:%s"
                node = "%s"
                """.formatted(databaseUrl(), user, PASSWORD_ENV, node);
    }

    @Override
    public void close() throws SQLException {
        if (database == null) {
            return;
        }
        // An autovacuum worker may be in the database at this moment (the tests write a lot): the FORCE drop then
        // waits for it or, without pg_signal_backend, is refused. Try again for a few seconds before failing.
        SQLException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                database = null;
                return;
            } catch (SQLException e) {
                last = e;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }
}
