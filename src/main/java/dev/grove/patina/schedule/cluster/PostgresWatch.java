package dev.grove.patina.schedule.cluster;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.config.ClusterConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's eye on its PostgreSQL (issue 17: "lost mid-run → the daemon keeps running, retries with backoff,
 * alerts"). A thread of its own probes the server every {@link #EVERY} on a connection of its own (not one of the
 * pools', so it never waits behind them); when a probe fails it probes again after 0.5 s, doubling to
 * {@link #LOST_EVERY_MAX}. It says so once per outage, never per retry: one WARN line naming the server
 * ({@code host:port}, never the password) when it is lost, one line when it is back with how long it was gone; an
 * alert ({@link Notifier#notice}, {@code postgres-lost}) once it has been unreachable for longer than
 * {@code alertAfter}, and a recovery note ({@code postgres-back}) when it is back after such an alert — one alert per
 * outage. The work itself waits elsewhere: the catalog retries its calls ({@code catalog.LostConnectionRetry}),
 * Quartz its own.
 */
public final class PostgresWatch implements AutoCloseable {
    /** How often a reachable server is probed. */
    static final Duration EVERY = Duration.ofSeconds(2);
    /** The longest wait between probes of a lost server. */
    static final Duration LOST_EVERY_MAX = Duration.ofSeconds(5);
    /** The default time a server may be unreachable before the alert. */
    public static final Duration ALERT_AFTER = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(PostgresWatch.class);

    /** One look at the server: returns when it answers, throws (the reason) when it does not. */
    @FunctionalInterface
    public interface PostgresProbe extends AutoCloseable {
        void check() throws Exception;

        @Override
        default void close() {
        }
    }

    private final String hostPort;
    private final String node;
    private final PostgresProbe probe;
    private final Notifier notifier;
    private final Clock clock;
    private final Duration alertAfter;
    /** What to do when the server is back (take this node's locks again), on the watch's thread. */
    private volatile Runnable onBack = () -> { };
    private final Object sleep = new Object();
    /** Guarded by {@code this}. */
    private Instant lostSince;
    /** Guarded by {@code this}. */
    private boolean alerted;
    /** Guarded by {@code this}. */
    private int failedProbes;
    private volatile boolean closed;
    private Thread thread;

    /** A watch that probes only when {@link #tick()} is called (tests; {@link #start} adds the thread). */
    public PostgresWatch(String hostPort, String node, PostgresProbe probe, Notifier notifier, Clock clock,
                         Duration alertAfter) {
        this.hostPort = hostPort;
        this.node = node;
        this.probe = probe;
        this.notifier = notifier;
        this.clock = clock;
        this.alertAfter = alertAfter;
    }

    /** Starts watching {@code config}'s server on a thread of its own, probing it over JDBC. */
    public static PostgresWatch start(ClusterConfig config, Notifier notifier, Clock clock, Duration alertAfter,
                                      Runnable onBack) {
        String node = ClusterNodes.nodeName(config);
        PostgresWatch w = new PostgresWatch(config.hostPort(), node, new JdbcProbe(config, node), notifier, clock,
                alertAfter);
        w.onBack = onBack;
        w.thread = new Thread(w::loop, "patina-postgres-watch");
        w.thread.setDaemon(true);
        w.thread.start();
        return w;
    }

    private void loop() {
        while (!closed) {
            Duration next;
            try {
                next = tick();
            } catch (RuntimeException e) {
                LOG.warn("watching the cluster's PostgreSQL at {}: {}", hostPort, e.toString());
                next = EVERY;
            }
            synchronized (sleep) {
                try {
                    if (!closed) {
                        sleep.wait(Math.max(1, next.toMillis()));
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One probe and what follows from it; returns how long to wait before the next. */
    public Duration tick() {
        String problem = null;
        try {
            probe.check();
        } catch (Exception e) {
            problem = ClusterDatabase.reason(e, "");
        }
        Instant now = clock.instant();
        boolean alert = false;
        boolean note = false;
        Duration gone;
        synchronized (this) {
            if (problem == null) {
                if (lostSince == null) {
                    return EVERY;
                }
                gone = Duration.between(lostSince, now);
                note = alerted;
                lostSince = null;
                alerted = false;
                failedProbes = 0;
            } else {
                if (lostSince == null) {
                    lostSince = now;
                    LOG.warn("lost the cluster's PostgreSQL at {}: {}; node {} keeps running: its schedule and the "
                            + "catalog's writes wait and retry with backoff (alert after {} s)", hostPort, problem,
                            node, alertAfter.toSeconds());
                }
                gone = Duration.between(lostSince, now);
                if (!alerted && gone.compareTo(alertAfter) >= 0) {
                    alerted = true;
                    alert = true;
                }
                failedProbes++;
            }
        }
        if (problem == null) {
            LOG.warn("the cluster's PostgreSQL at {} is back after {} s", hostPort, gone.toSeconds());
            try {
                onBack.run();
            } catch (RuntimeException e) {
                LOG.warn("after the cluster's PostgreSQL at {} came back: {}", hostPort, e.getMessage());
            }
            if (note) {
                notifier.notice("postgres-back", "node " + node + " reaches the cluster's PostgreSQL at " + hostPort
                        + " again, after " + gone.toSeconds() + " s; runs that waited go on and are recorded.");
            }
            return EVERY;
        }
        if (alert) {
            notifier.notice("postgres-lost", "node " + node + " has not reached the cluster's PostgreSQL at "
                    + hostPort + " for " + gone.toSeconds() + " s (" + problem + "). It keeps running and retries; "
                    + "no run starts that cannot be recorded, and what finishes meanwhile is recorded when it is "
                    + "back.");
        }
        long ms = 500L << Math.min(failedProbes - 1, 10);
        return Duration.ofMillis(Math.min(ms, LOST_EVERY_MAX.toMillis()));
    }

    /** Whether the server is lost now (the last probe failed). */
    public synchronized boolean lost() {
        return lostSince != null;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (sleep) {
            sleep.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        probe.close();
    }

    /** The JDBC probe: one connection kept open and asked {@code isValid}; opened again when it broke. */
    private static final class JdbcProbe implements PostgresProbe {
        private final ClusterConfig config;
        private final String node;
        private Connection connection;

        JdbcProbe(ClusterConfig config, String node) {
            this.config = config;
            this.node = node;
        }

        @Override
        public synchronized void check() throws SQLException {
            if (connection != null && connection.isValid(2)) {
                return;
            }
            close();
            Properties p = new Properties();
            p.setProperty("user", config.user());
            p.setProperty("password", config.password().reveal());
            p.setProperty("connectTimeout", "3");
            p.setProperty("socketTimeout", "5");
            p.setProperty("loginTimeout", "5");
            p.setProperty("ApplicationName", "patina watch " + node);
            Connection c;
            try {
                c = DriverManager.getConnection(config.jdbcUrl(), p);
            } catch (SQLException e) {
                throw new SQLException(ClusterDatabase.reason(e, config.password().reveal()), e.getSQLState());
            }
            if (!c.isValid(2)) {
                c.close();
                throw new SQLException("the server does not answer");
            }
            connection = c;
        }

        @Override
        public synchronized void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // broken already
                }
                connection = null;
            }
        }
    }
}
