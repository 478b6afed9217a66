package dev.grove.patina.schedule.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.grove.patina.config.ClusterConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's PostgreSQL (ADR 0017, 0020): a small connection pool over the schema {@value #SCHEMA} that Flyway
 * creates and migrates ({@code db/cluster}: V1 is Quartz's own {@code tables_postgres.sql}, V2 Patina's fire record,
 * V3 the catalog, V4 its node columns). A node opens two: the runtime's, for the catalog, and the scheduler's, shared
 * by Quartz's clustered job store and {@link FireLog}. {@link #open} refuses, in one line naming the server's host and
 * port (never the password), a server it cannot reach, and a schema newer than this node knows.
 */
public final class ClusterDatabase implements AutoCloseable {
    /** The PostgreSQL schema Flyway manages: Quartz's tables, the fire record, Flyway's history. */
    public static final String SCHEMA = "patina_cluster";
    /** Flyway's history table, inside {@link #SCHEMA}. */
    public static final String HISTORY_TABLE = "patina_schema_history";
    /** Where the versioned migrations are. */
    static final String LOCATION = "classpath:db/cluster";
    /** How long opening waits for the server before it says it is unreachable. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Quartz's firing threads, its cluster manager and misfire handler, and the fire record. */
    static final int POOL_SIZE = 8;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterDatabase.class);

    private final HikariDataSource pool;
    private final String hostPort;
    private final String schema;
    private final String version;

    private ClusterDatabase(HikariDataSource pool, String hostPort, String schema, String version) {
        this.pool = pool;
        this.hostPort = hostPort;
        this.schema = schema;
        this.version = version;
    }

    /**
     * Connects, checks the schema's version and migrates it to this node's (concurrent nodes are safe: Flyway takes
     * a PostgreSQL advisory lock).
     *
     * @throws ClusterUnavailableException when the server cannot be reached or refuses the login, or the schema is
     *                                     newer than this node knows (both versions named)
     */
    public static ClusterDatabase open(ClusterConfig config) {
        return open(config, SCHEMA);
    }

    /**
     * Opens and migrates the cluster's tables in {@code schema} instead of {@value #SCHEMA}: for tests that need a
     * cluster database of their own on one server, and for nothing else (every node of a cluster uses
     * {@value #SCHEMA}).
     */
    public static ClusterDatabase open(ClusterConfig config, String schema) {
        String where = config.hostPort();
        HikariDataSource pool = connect(config);
        try {
            String version = migrate(pool, where, schema);
            LOG.info("cluster database {} at schema version {}", where, version);
            return new ClusterDatabase(pool, where, schema, version);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource connect(ClusterConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("patina-cluster");
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setUsername(config.user());
        hc.setPassword(config.password().reveal());
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        hc.setInitializationFailTimeout(1);
        // Quartz's JobStoreTX commits itself
        hc.setAutoCommit(false);
        hc.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
        hc.addDataSourceProperty("ApplicationName", "patina");
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("the cluster's PostgreSQL at " + config.hostPort()
                    + " cannot be reached: " + reason(e, config.password().reveal()), e);
        }
    }

    /** The first line of the deepest cause, without the password should a driver ever echo it. */
    static String reason(Throwable e, String password) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage()).lines().findFirst().orElse(root.getClass().getSimpleName());
        return password.isEmpty() ? m : m.replace(password, "***");
    }

    private static String migrate(DataSource pool, String where, String schema) {
        Flyway flyway = Flyway.configure().dataSource(pool).schemas(schema).defaultSchema(schema)
                .table(HISTORY_TABLE).locations(LOCATION).load();
        MigrationInfoService info = flyway.info();
        Optional<MigrationVersion> known = Arrays.stream(info.all()).filter(i -> i.getState().isResolved() && i.getVersion() != null)
                .map(MigrationInfo::getVersion).max(Comparator.naturalOrder());
        boolean newer = Arrays.stream(info.all()).anyMatch(i -> i.getState() == MigrationState.FUTURE_SUCCESS
                || i.getState() == MigrationState.FUTURE_FAILED);
        if (newer) {
            throw new ClusterUnavailableException("the cluster's schema at " + where + " is version "
                    + info.current().getVersion() + ", newer than this node knows (version "
                    + known.map(MigrationVersion::toString).orElse("none") + "): upgrade Patina on this node"
                    + " (nodes are upgraded to the same version; see docs/deployment.md)");
        }
        try {
            flyway.migrate();
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("the cluster's schema at " + where + " cannot be migrated: "
                    + reason(e, ""), e);
        }
        MigrationInfo current = flyway.info().current();
        return current == null ? "none" : current.getVersion().toString();
    }

    /** The pool (Quartz's connection provider and {@link FireLog} draw from it). */
    public DataSource dataSource() {
        return pool;
    }

    /** A connection from the pool (auto-commit off). */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** The PostgreSQL schema of the cluster's tables ({@value #SCHEMA} on every node of a cluster). */
    public String schema() {
        return schema;
    }

    /** {@code host:port} of the server, for messages. */
    public String hostPort() {
        return hostPort;
    }

    /** The schema's version after {@link #open} migrated it. */
    public String schemaVersion() {
        return version;
    }

    @Override
    public void close() {
        pool.close();
    }
}
