package dev.grove.patina.schedule.cluster;

import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.schedule.cluster.ClusterNodes.ClusterNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The console's "Test connection" for a {@code [cluster]} being edited (issue 17): connects to its PostgreSQL with a
 * short timeout and, changing nothing there (no migration, no row written), reads the server's version, the cluster
 * schema's Flyway version beside the one this Patina expects (as {@link ClusterDatabase#open} will check it at the
 * next start), and the nodes from Quartz's scheduler state as {@link ClusterNodes} reads them. Blocking: call it off
 * the GUI thread. Every failure is one {@link ClusterUnavailableException} naming the server's host and port, never
 * the password.
 */
public final class ClusterProbe {
    /** How long connecting (and logging in) may take before the server counts as unreachable. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long one statement may wait for an answer. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** PostgreSQL's SQLSTATE class of a refused login (28000, 28P01). */
    private static final String LOGIN_REFUSED = "28";

    private final Clock clock;

    public ClusterProbe(Clock clock) {
        this.clock = clock;
    }

    /** What one look at the cluster's PostgreSQL found. */
    public record ClusterProbeResult(String hostPort, String serverVersion, Optional<String> schemaVersion,
                                     String expectedVersion, boolean schemaNewer, List<ClusterNode> nodes) {
        /** True when the schema is missing or at the version this Patina expects (nodes start without refusing). */
        public boolean schemaFits() {
            return !schemaNewer;
        }

        /**
         * The schema's version against this Patina's, in words; both versions named when they differ, for example
         * {@code cluster schema version 4 is newer than this Patina knows (version 3): …}.
         */
        public String schemaVerdict() {
            if (schemaVersion.isEmpty()) {
                return "no cluster schema yet: the first node to start creates it (version " + expectedVersion + ")";
            }
            String found = schemaVersion.get();
            if (schemaNewer) {
                return "cluster schema version " + found + " is newer than this Patina knows (version "
                        + expectedVersion + "): upgrade Patina here before this machine joins (see"
                        + " docs/deployment.md)";
            }
            if (found.equals(expectedVersion)) {
                return "cluster schema version " + found + ", as this Patina expects";
            }
            return "cluster schema version " + found + " is older than this Patina's (version " + expectedVersion
                    + "): the first node of this version to start migrates it";
        }
    }

    /**
     * Connects to {@code config}'s PostgreSQL and reads its version, the cluster schema's version and the nodes;
     * {@code self} is this machine's node name (marked in the nodes).
     *
     * @throws ClusterUnavailableException when the server cannot be reached, refuses the login, or cannot be read;
     *                                     the message names host:port and never the password
     */
    public ClusterProbeResult check(ClusterConfig config, String self) {
        String where = config.hostPort();
        String password = config.password().reveal();
        PGSimpleDataSource source = new PGSimpleDataSource();
        try {
            source.setURL(config.jdbcUrl());
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("the cluster's JDBC URL for " + where + " is not usable: "
                    + ClusterDatabase.reason(e, password), e);
        }
        source.setUser(config.user());
        source.setPassword(password);
        source.setConnectTimeout((int) CONNECT_TIMEOUT.toSeconds());
        source.setLoginTimeout((int) CONNECT_TIMEOUT.toSeconds());
        source.setSocketTimeout((int) READ_TIMEOUT.toSeconds());
        source.setApplicationName("patina-console");
        String serverVersion;
        List<ClusterNode> nodes;
        try (Connection c = source.getConnection()) {
            c.setReadOnly(true);
            serverVersion = serverVersion(c);
            nodes = nodes(c, self);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith(LOGIN_REFUSED)) {
                throw new ClusterUnavailableException("the cluster's PostgreSQL at " + where + " refused the login"
                        + " of user " + config.user() + ": " + ClusterDatabase.reason(e, password), e);
            }
            throw new ClusterUnavailableException("the cluster's PostgreSQL at " + where + " cannot be reached: "
                    + ClusterDatabase.reason(e, password), e);
        }
        MigrationInfoService info;
        try {
            info = Flyway.configure().dataSource(source).schemas(ClusterDatabase.SCHEMA)
                    .defaultSchema(ClusterDatabase.SCHEMA).table(ClusterDatabase.HISTORY_TABLE)
                    .locations(ClusterDatabase.LOCATION).load().info();
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("the cluster's schema at " + where + " cannot be read: "
                    + ClusterDatabase.reason(e, password), e);
        }
        String expected = Arrays.stream(info.all()).filter(i -> i.getState().isResolved() && i.getVersion() != null)
                .map(MigrationInfo::getVersion).max(Comparator.naturalOrder()).map(MigrationVersion::toString)
                .orElse("none");
        boolean newer = Arrays.stream(info.all()).anyMatch(i -> i.getState() == MigrationState.FUTURE_SUCCESS
                || i.getState() == MigrationState.FUTURE_FAILED);
        MigrationInfo current = info.current();
        Optional<String> found = current == null || current.getVersion() == null ? Optional.empty()
                : Optional.of(current.getVersion().toString());
        return new ClusterProbeResult(where, serverVersion, found, expected, newer, nodes);
    }

    private static String serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout((int) READ_TIMEOUT.toSeconds());
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                return rs.next() ? rs.getString(1) : "unknown";
            }
        }
    }

    /** The nodes in Quartz's scheduler state, by name; none while the cluster's tables do not exist yet. */
    private List<ClusterNode> nodes(Connection c, String self) throws SQLException {
        String table = ClusterDatabase.SCHEMA + ".qrtz_scheduler_state";
        try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, table);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return List.of();
                }
            }
        }
        Instant now = clock.instant();
        List<ClusterNode> nodes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT instance_name, last_checkin_time, checkin_interval"
                + " FROM " + table + " WHERE sched_name = ? ORDER BY instance_name")) {
            ps.setString(1, ClusterNodes.SCHEDULER_NAME);
            ps.setQueryTimeout((int) READ_TIMEOUT.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    Instant last = Instant.ofEpochMilli(rs.getLong(2));
                    Duration interval = Duration.ofMillis(rs.getLong(3));
                    nodes.add(new ClusterNode(name, last, interval, ClusterNodes.state(last, interval, now),
                            name.equals(self)));
                }
            }
        }
        return List.copyOf(nodes);
    }
}
