package dev.grove.patina.schedule.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The nodes of a cluster as Quartz sees them: its scheduler state table ({@code qrtz_scheduler_state}: a row per
 * running node, its name, last check-in and check-in interval; a node deletes its row when it stops cleanly). Read
 * by {@code patina status} and {@code GET /health} (issue 17). A node's state follows Quartz's own rule
 * ({@code JobStoreSupport.calcFailedIfAfter}): a node is failed once its last check-in is older than its interval
 * plus {@link #QUARTZ_GRACE}; from then on the next check-in of another node recovers its jobs.
 */
public final class ClusterNodes implements AutoCloseable {
    /** Quartz's scheduler name every node of a cluster shares ({@code SCHED_NAME}). */
    public static final String SCHEDULER_NAME = "patina";
    /** The grace Quartz adds to a node's check-in interval before it takes the node for failed. */
    public static final Duration QUARTZ_GRACE = Duration.ofMillis(7500);

    /** Checking in: its last check-in is within its interval plus Quartz's grace. */
    public static final String ALIVE = "alive";
    /** Past Quartz's rule (interval + grace): taken for failed, its jobs being recovered; within 2 × interval + grace. */
    public static final String LATE = "late";
    /** Silent for more than 2 × interval + grace: its jobs have been recovered elsewhere (or it died unnoticed). */
    public static final String DEAD = "dead";

    /** One node of the cluster. */
    public record ClusterNode(String name, Instant lastCheckIn, Duration interval, String state, boolean self) {
        /** For JSON: name, lastCheckIn, checkinIntervalMs, state, self. */
        public Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("lastCheckIn", lastCheckIn.toString());
            m.put("checkinIntervalMs", interval.toMillis());
            m.put("state", state);
            m.put("self", self);
            return m;
        }
    }

    /** What one bounded look at the cluster found: its nodes, or why PostgreSQL did not answer. */
    public record ClusterLook(String node, String server, boolean reachable, List<ClusterNode> nodes, String problem) {
        /** For JSON: node, postgres (reachable|unreachable), nodes, and the problem when unreachable. */
        public Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", node);
            m.put("postgres", reachable ? "reachable" : "unreachable");
            m.put("nodes", nodes.stream().map(ClusterNode::toJsonMap).toList());
            if (problem != null) {
                m.put("problem", problem);
            }
            return m;
        }
    }

    private final ClusterDatabase db;
    private final String node;
    private final Clock clock;
    /** Asks PostgreSQL off the caller's thread, so a look is bounded; made at the first look. Guarded by this. */
    private ExecutorService asker;
    /** The look still waiting for PostgreSQL, if any (a dead server is not asked twice at once). Guarded by this. */
    private Future<List<ClusterNode>> pending;

    public ClusterNodes(ClusterDatabase db, String node, Clock clock) {
        this.db = db;
        this.node = node;
        this.clock = clock;
    }

    /** This node's name: {@code [cluster] node}, else the host name (as Quartz's instance id). */
    public static String nodeName(dev.grove.patina.config.ClusterConfig config) {
        return config.nodeOr(hostName());
    }

    /** This machine's host name (the default node name). */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }

    /** This node's name. */
    public String node() {
        return node;
    }

    /**
     * Reads the nodes now, by name.
     *
     * @throws SQLException when PostgreSQL cannot be read
     */
    public List<ClusterNode> read() throws SQLException {
        Instant now = clock.instant();
        List<ClusterNode> nodes = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT instance_name, "
                + "last_checkin_time, checkin_interval FROM " + db.schema() + ".qrtz_scheduler_state "
                + "WHERE sched_name = ? ORDER BY instance_name")) {
            ps.setString(1, SCHEDULER_NAME);
            ps.setQueryTimeout(5);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant last = Instant.ofEpochMilli(rs.getLong(2));
                    Duration interval = Duration.ofMillis(rs.getLong(3));
                    String name = rs.getString(1);
                    nodes.add(new ClusterNode(name, last, interval, state(last, interval, now), name.equals(node)));
                }
            }
            c.rollback();
        }
        return nodes;
    }

    /**
     * One look at the cluster that answers within {@code timeout} whatever PostgreSQL does: its nodes, or
     * unreachable with the reason (no answer in time, or the driver's first line; never the password).
     */
    public ClusterLook look(Duration timeout) {
        Future<List<ClusterNode>> f;
        synchronized (this) {
            if (pending != null && !pending.isDone()) {
                f = pending; // the last look is still waiting: wait for it (bounded) rather than ask again
            } else {
                if (asker == null) {
                    asker = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "patina-cluster-look");
                        t.setDaemon(true);
                        return t;
                    });
                }
                f = asker.submit(this::read);
                pending = f;
            }
        }
        try {
            return new ClusterLook(node, db.hostPort(), true, f.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    null);
        } catch (TimeoutException e) {
            return unreachable("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return unreachable(ClusterDatabase.reason(e.getCause(), ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable("interrupted");
        }
    }

    private ClusterLook unreachable(String why) {
        return new ClusterLook(node, db.hostPort(), false, List.of(),
                "the cluster's PostgreSQL at " + db.hostPort() + " is unreachable: " + why);
    }

    /** Quartz's rule, and twice the interval for dead; a check-in "in the future" (clock skew) is alive. */
    static String state(Instant lastCheckIn, Duration interval, Instant now) {
        Duration age = Duration.between(lastCheckIn, now);
        if (age.compareTo(interval.plus(QUARTZ_GRACE)) <= 0) {
            return ALIVE;
        }
        return age.compareTo(interval.multipliedBy(2).plus(QUARTZ_GRACE)) <= 0 ? LATE : DEAD;
    }

    @Override
    public synchronized void close() {
        if (asker != null) {
            asker.shutdownNow();
        }
    }
}
