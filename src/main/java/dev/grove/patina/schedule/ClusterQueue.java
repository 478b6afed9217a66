package dev.grove.patina.schedule;

import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunQueue;
import dev.grove.patina.schedule.cluster.ClusterDatabase;
import dev.grove.patina.schedule.cluster.ClusterNodes;
import dev.grove.patina.schedule.cluster.FireLog;
import dev.grove.patina.util.JobIds;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.SchedulerConfigException;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.InvalidConfigurationException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.simpl.CascadingClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's Quartz queue as seen from a process that is not one of its nodes — the console, a {@code patina}
 * command (ADR 0035). An order becomes a one-shot {@code requestsRecovery} job ({@link ClusterOrderJob}) in the
 * cluster's JDBC job store, written through Quartz's own {@link JobStoreTX} on the same tables and under the same
 * row lock as the nodes' schedulers, exactly as {@code Scheduler.scheduleJob} stores it; whichever node is free takes
 * it. The store here is never started: it runs no thread, never checks in to {@code qrtz_scheduler_state} and never
 * takes or recovers a job, so a console that sleeps is never taken for a dead node.
 *
 * <p>One order of a kind and scope at a time: its job is named after them ({@link ClusterOrderJob#name}), and a
 * second while the first is queued or running is refused, naming the first. No node alive: refused, nothing queued
 * (an operator must not believe a run is under way while no node is up).
 */
public final class ClusterQueue implements RunQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterQueue.class);
    /** How long a look at the nodes may take before the order is refused as "cannot be read". */
    static final Duration LOOK = Duration.ofSeconds(2);
    /** How often {@link #follow} looks. */
    static final Duration POLL = Duration.ofMillis(500);

    private final ClusterDatabase db;
    private final ClusterNodes nodes;
    private final String origin;
    private final Clock clock;
    private final String dataSource;
    private final JobStoreTX store;
    private final FireLog fires;

    private ClusterQueue(ClusterDatabase db, ClusterNodes nodes, String origin, Clock clock, String dataSource,
                         JobStoreTX store) {
        this.db = db;
        this.dataSource = dataSource;
        this.nodes = nodes;
        this.origin = origin;
        this.clock = clock;
        this.store = store;
        this.fires = new FireLog(db);
    }

    /**
     * The queue of the cluster whose PostgreSQL is {@code db}.
     *
     * @param origin the trigger its orders carry ({@link RunTrigger#queuedFrom}: {@code "console alice@laptop"})
     */
    public static ClusterQueue open(ClusterDatabase db, ClusterNodes nodes, String origin, Clock clock) {
        if (!RunTrigger.isQueued(origin)) {
            throw new IllegalArgumentException("not the trigger of a queued run: " + origin);
        }
        String dataSource = "patina-queue-" + JobIds.newId();
        org.quartz.utils.DBConnectionManager.getInstance().addConnectionProvider(dataSource,
                new org.quartz.utils.ConnectionProvider() {
                    @Override
                    public Connection getConnection() throws SQLException {
                        return db.connection();
                    }

                    @Override
                    public void shutdown() {
                        // the pool is the runtime's
                    }

                    @Override
                    public void initialize() {
                        // open already
                    }
                });
        JobStoreTX store = new JobStoreTX();
        store.setDataSource(dataSource);
        store.setTablePrefix(db.schema() + ".qrtz_");
        store.setInstanceName(ClusterJobStore.SCHEDULER_NAME);
        // never checks in (never started); distinct anyway, so it can never be taken for a node
        store.setInstanceId("queue-" + JobIds.newId());
        store.setIsClustered(true); // the nodes' row locks (STATE/TRIGGER_ACCESS in qrtz_locks), not a JVM semaphore
        store.setUseProperties("true");
        store.setMisfireThreshold(ClusterJobStore.MISFIRE_THRESHOLD.toMillis());
        try {
            store.setDriverDelegateClass("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            CascadingClassLoadHelper classes = new CascadingClassLoadHelper();
            classes.initialize();
            store.initialize(classes, new NoSignals());
        } catch (InvalidConfigurationException | SchedulerConfigException e) {
            org.quartz.utils.DBConnectionManager.getInstance().addConnectionProvider(dataSource, null);
            throw new IllegalStateException("the cluster's queue at " + db.hostPort() + " cannot be opened: "
                    + e.getMessage(), e);
        }
        return new ClusterQueue(db, nodes, origin, clock, dataSource, store);
    }

    /** Who orders from this process: {@code user@host}. */
    public static String who() {
        return System.getProperty("user.name", "someone") + "@" + ClusterNodes.hostName();
    }

    @Override
    public String where() {
        return "the cluster at " + db.hostPort();
    }

    @Override
    public Queued enqueue(RunOrder order) {
        ClusterNodes.ClusterLook look = nodes.look(LOOK);
        if (!look.reachable()) {
            return refused(order, "Not queued: " + look.problem() + ".");
        }
        List<ClusterNodes.ClusterNode> alive = look.nodes().stream()
                .filter(n -> ClusterNodes.ALIVE.equals(n.state())).toList();
        if (alive.isEmpty()) {
            return refused(order, "Not queued: no node of " + where() + " is up"
                    + (look.nodes().isEmpty() ? " (none has ever checked in)" : " (" + look.nodes().stream()
                    .map(n -> n.name() + " " + n.state() + ", last check-in " + n.lastCheckIn())
                    .collect(Collectors.joining("; ")) + ")")
                    + ", so nothing would run it. Start patina daemon on a node, then try again.");
        }
        String name = ClusterOrderJob.name(order);
        JobKey key = JobKey.jobKey(name, ClusterOrderJob.GROUP);
        Instant queuedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        JobBuilder job = JobBuilder.newJob(ClusterOrderJob.class).withIdentity(key).requestRecovery(true)
                .withDescription(order.kind().id() + " ordered by " + origin);
        try {
            ClusterOrderJob.data(order, origin).forEach(job::usingJobData);
        } catch (IllegalArgumentException e) {
            return refused(order, "Not queued: " + e.getMessage() + ".");
        }
        job.usingJobData(ClusterOrderJob.QUEUED_AT, String.valueOf(queuedAt.toEpochMilli()));
        JobDetail detail = job.build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, ClusterOrderJob.GROUP).forJob(key)
                .startAt(Date.from(queuedAt)).withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withMisfireHandlingInstructionFireNow()).build();
        try {
            // what Scheduler.scheduleJob does before it stores: validate, and compute the first fire time
            OperableTrigger operable = (OperableTrigger) trigger;
            operable.validate();
            if (operable.computeFirstFireTime(null) == null) {
                return refused(order, "Not queued: the order would never fire.");
            }
            store.storeJobAndTrigger(detail, operable);
        } catch (ObjectAlreadyExistsException e) {
            return refused(order, "Not queued again: " + alreadyThere(key) + ". It runs once.");
        } catch (SchedulerException e) {
            return refused(order, "Not queued: " + where() + " did not take the order: " + e.getMessage() + ".");
        }
        String id = name + "@" + queuedAt.toEpochMilli();
        LOG.info("{} run ordered by {} queued in {} (nodes up: {})", order.kind().id(), origin, where(),
                alive.stream().map(ClusterNodes.ClusterNode::name).collect(Collectors.joining(", ")));
        return new Queued(true, order.kind(), id, queuedAt, "Queued in " + where() + ": the first free node takes it "
                + "(up: " + alive.stream().map(ClusterNodes.ClusterNode::name).collect(Collectors.joining(", ")) + ").");
    }

    /** "a nightly ordered by console bob@desk is running on node b" — the order a second one found in its place. */
    private String alreadyThere(JobKey key) {
        try {
            JobDetail existing = store.retrieveJob(key);
            if (existing == null) {
                return "the same order was in the queue a moment ago";
            }
            String kind = existing.getJobDataMap().getString(ClusterOrderJob.KIND);
            String by = existing.getJobDataMap().getString(ClusterOrderJob.TRIGGER);
            String at = existing.getJobDataMap().getString(ClusterOrderJob.QUEUED_AT);
            String where = "queued in " + where();
            if (at != null && kind != null) {
                Optional<FireLog.Fire> fire = fires.latest(ClusterOrderJob.fireKind(
                        dev.grove.patina.model.RunKind.parse(kind)), Instant.ofEpochMilli(Long.parseLong(at)));
                if (fire.isPresent() && fire.get().endedAt() == null) {
                    where = "running on node " + fire.get().node();
                }
            }
            return "the same " + kind + " ordered by " + by + (at == null ? "" : " at "
                    + Instant.ofEpochMilli(Long.parseLong(at))) + " is " + where;
        } catch (JobPersistenceException | RuntimeException e) {
            return "the same order is queued or running in " + where();
        }
    }

    private static Queued refused(RunOrder order, String why) {
        return new Queued(false, order.kind(), null, null, why);
    }

    @Override
    public QueueState follow(Queued queued, Consumer<QueueState> onChange, Duration limit) {
        if (!queued.accepted()) {
            throw new IllegalArgumentException("a refused order is not in the queue");
        }
        String name = queued.id().substring(0, queued.id().lastIndexOf('@'));
        TriggerKey key = TriggerKey.triggerKey(name, ClusterOrderJob.GROUP);
        String fireKind = ClusterOrderJob.fireKind(queued.kind());
        long deadline = System.nanoTime() + limit.toNanos();
        QueueState last = null;
        while (true) {
            QueueState now = look(key, fireKind, queued.queuedAt(), last);
            if (last == null || !now.equals(last)) {
                last = now;
                onChange.accept(now);
            }
            if (now.over() || System.nanoTime() > deadline) {
                return now;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
        }
    }

    private QueueState look(TriggerKey key, String fireKind, Instant queuedAt, QueueState last) {
        try {
            Optional<FireLog.Fire> fire = fires.latest(fireKind, queuedAt);
            if (fire.isPresent() && fire.get().endedAt() != null) {
                return new QueueState(QueueState.QueuePhase.ENDED, fire.get().node(), fire.get().startedAt(),
                        fire.get().outcome(),
                        "ended on node " + fire.get().node() + ": " + fire.get().outcome());
            }
            if (fire.isPresent()) {
                return new QueueState(QueueState.QueuePhase.RUNNING, fire.get().node(), fire.get().startedAt(), null,
                        "running on node "
                        + fire.get().node() + (fire.get().recovering() ? " (recovered from a node that died)" : ""));
            }
            Trigger.TriggerState state = store.getTriggerState(key);
            if (state == Trigger.TriggerState.NONE) {
                // gone without a node's record: look once more (the node may have written it between the two looks)
                Optional<FireLog.Fire> again = fires.latest(fireKind, queuedAt);
                if (again.isPresent()) {
                    return look(key, fireKind, queuedAt, last);
                }
                return new QueueState(QueueState.QueuePhase.GONE, null, null, null, "left " + where()
                        + " without a node running it (deleted?)");
            }
            if (state == Trigger.TriggerState.ERROR) {
                return new QueueState(QueueState.QueuePhase.QUEUED, null, null, null, "stuck in " + where()
                        + ": a node could not start it (is every node on this version of Patina?)");
            }
            if (state == Trigger.TriggerState.COMPLETE) {
                return new QueueState(QueueState.QueuePhase.RUNNING, null, null, null, "taken by a node of " + where());
            }
            ClusterNodes.ClusterLook look = nodes.look(LOOK);
            boolean noneUp = look.reachable() && look.nodes().stream()
                    .noneMatch(n -> ClusterNodes.ALIVE.equals(n.state()));
            return new QueueState(QueueState.QueuePhase.QUEUED, null, null, null, noneUp
                    ? "queued in " + where() + ", but no node is up now: it runs when one is back"
                    : "queued in " + where() + ", waiting for a free node");
        } catch (JobPersistenceException | IllegalStateException e) {
            return new QueueState(QueueState.QueuePhase.UNKNOWN, last == null ? null : last.node(),
                    last == null ? null : last.takenAt(), null,
                    "cannot read " + where() + " now (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        store.shutdown();
        org.quartz.utils.DBConnectionManager.getInstance().addConnectionProvider(dataSource, null);
    }

    /** The store here is never started: nobody listens to its signals. */
    private static final class NoSignals implements SchedulerSignaler {
        @Override
        public void notifyTriggerListenersMisfired(Trigger trigger) {
        }

        @Override
        public void notifySchedulerListenersFinalized(Trigger trigger) {
        }

        @Override
        public void notifySchedulerListenersJobDeleted(JobKey jobKey) {
        }

        @Override
        public void signalSchedulingChange(long candidateNewNextFireTime) {
        }

        @Override
        public void notifySchedulerListenersError(String string, SchedulerException jpe) {
        }
    }
}
