package dev.grove.patina.schedule;

import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.schedule.cluster.ClusterDatabase;
import dev.grove.patina.schedule.cluster.FireLog;
import dev.grove.patina.util.JobIds;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's clustered JDBC job store on the cluster's PostgreSQL (ADR 0017): {@code JobStoreTX} with the
 * {@code PostgreSQLDelegate}, {@code isClustered = true}, this node's name as the instance id, the tables Flyway made
 * in {@link ClusterDatabase#SCHEMA}. Every node uses the same scheduler name, so they share one schedule.
 *
 * <p>Quartz draws its connections from the node's {@link ClusterDatabase} pool, handed over as an object (Quartz's
 * {@link DBConnectionManager}), so the password never enters Quartz's properties.
 */
final class ClusterJobStore {
    /** The scheduler name every node of a cluster shares (Quartz's {@code SCHED_NAME}). */
    static final String SCHEDULER_NAME = dev.grove.patina.schedule.cluster.ClusterNodes.SCHEDULER_NAME;
    /**
     * How often a node checks in. A node that stops checking in is taken for dead, and its running jobs recovered
     * on another node, about {@code 2 × CHECKIN + 7.5 s} after its last check-in (Quartz adds 7.5 s of grace).
     */
    static final Duration CHECKIN = Duration.ofMillis(7500);
    /** A fire time missed by more than this (every node down) fires once when a node is back. */
    static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(60);
    /** The scheduled kinds can each run at once; a job holds its thread for its run's whole length. */
    static final int THREADS = 5;

    /** How long an idle node waits before it looks at the queue again: a queued order starts within about that. */
    static final Duration ORDERS_IDLE_WAIT = Duration.ofSeconds(1);

    private final ClusterDatabase db;
    private final String node;
    private final String dataSourceName = "patina-cluster-" + JobIds.newId();

    ClusterJobStore(ClusterDatabase db, ClusterConfig config) {
        this.db = db;
        this.node = dev.grove.patina.schedule.cluster.ClusterNodes.nodeName(config);
    }

    /** This node's name in the cluster. */
    String node() {
        return node;
    }

    FireLog fires() {
        return new FireLog(db);
    }

    ClusterDatabase database() {
        return db;
    }

    /** The Quartz properties of the clustered store; registers the connection provider they name. */
    Properties properties() {
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return db.connection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the ClusterDatabase, closed after Quartz by SchedulerService
            }

            @Override
            public void initialize() {
                // the pool is open already
            }
        });
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, SCHEDULER_NAME);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, node);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", db.schema() + ".qrtz_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(CHECKIN.toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(MISFIRE_THRESHOLD.toMillis()));
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "patina-quartz");
        // an order queued by a console or a command (ADR 0035) is seen within a second, not Quartz's default 30 s
        p.setProperty("org.quartz.scheduler.idleWaitTime", String.valueOf(ORDERS_IDLE_WAIT.toMillis()));
        return p;
    }

    /** The scheduler name of the nightly's parts (ADR 0026): a second clustered scheduler on the same tables. */
    static final String PARTS_SCHEDULER_NAME = SCHEDULER_NAME + "-parts";
    /** How long an idle parts scheduler waits before it looks at the queue again (Quartz's default is 30 s). */
    static final Duration PARTS_IDLE_WAIT = Duration.ofSeconds(1);

    /**
     * The Quartz properties of this node's parts scheduler: the same clustered store under its own scheduler name,
     * with {@code threads} threads (the node's {@code [schedule] concurrency}), so a node takes at most that many
     * databases at once; it takes up to that many parts in one go and looks at the queue every second when idle.
     */
    Properties partsProperties(int threads) {
        Properties p = properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, PARTS_SCHEDULER_NAME);
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "patina-part");
        p.setProperty("org.quartz.scheduler.idleWaitTime", String.valueOf(PARTS_IDLE_WAIT.toMillis()));
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(threads));
        return p;
    }

    /** Forgets the connection provider (after Quartz shut down). */
    void release() {
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, null);
    }
}
