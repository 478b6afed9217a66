package dev.grove.patina.schedule;

import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.NodePartsQueue;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.run.RunFollower;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunService;
import dev.grove.patina.run.TriggerResult;
import dev.grove.patina.schedule.cluster.ClusterDatabase;
import dev.grove.patina.util.JobIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the nightly, weekly and cleanup on their crons: an in-process Quartz scheduler (in-memory job store, one
 * firing thread of its own) whose jobs only send orders to the {@link RunService} every road shares (one lane per
 * kind, see {@link TriggerResult.TriggerOutcome}: an order while its kind runs is queued once, never lost or
 * doubled). The scheduler owns the crons, the catch-up, pause and resume — not the runs.
 *
 * <p><b>Missed runs.</b> At {@link #start()}, and every {@link #CHECK_INTERVAL} after, {@link #checkOverdue()}
 * compares the most recent fire time of each cron (read in the configured zone, at the injected clock's now) with
 * the catalog's last run of that kind: a missed fire time — the app was closed, or the machine slept — gets
 * exactly one catch-up run (trigger {@code catch-up}, {@code catchUpOf} = the fire time), however many fires were
 * missed. Quartz's own misfire policy is fire-once-now; a guard in front of every scheduled or catch-up run asks
 * the catalog whether that fire time or date was already served, so a misfire plus a catch-up, or a clock that
 * jumps back, never backs up one date twice.
 *
 * <p><b>Cluster.</b> Built by {@link #clustered} (a {@code [cluster]} in the config, ADR 0017), the same scheduler
 * keeps its crons in Quartz's clustered JDBC job store on PostgreSQL, shared by every node: registered once per
 * cluster (a node's start replaces a trigger only when its cron or zone differs), fired on one node per fire time,
 * each run holding its Quartz thread ({@link ClusterFireJob}) so that a node that dies mid-run has its run recovered
 * on another. The missed-run check is off there: the catalog is still each node's own (phase 1), and Quartz's
 * misfire policy, kept in PostgreSQL, fires a fire time missed by the whole cluster once when a node is back.
 *
 * <p><b>Threads.</b> {@link #close()} stops firing and, as the process is leaving, shuts the run service down
 * (waits for the running runs, bounded) and releases every thread.
 */
public final class SchedulerService implements AutoCloseable {
    /** How often the missed-run check runs while the app is up. */
    public static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);
    /** How long {@link #close()} waits for running runs before interrupting them. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerService.class);
    private static final List<RunKind> SCHEDULED = List.of(RunKind.NIGHTLY, RunKind.WEEKLY, RunKind.CLEANUP,
            RunKind.VERIFY);
    /** The test restore is caught up too: a verify missed while Patina was closed runs once at start (ADR 0015). */
    private static final List<RunKind> CAUGHT_UP = List.of(RunKind.NIGHTLY, RunKind.WEEKLY, RunKind.VERIFY);

    private final CronSchedule schedule;
    private final Clock clock;
    private final RunService runs;
    private final OverdueCheck overdue;
    private final Catalog catalog;
    private final Scheduler quartz;
    /** The clustered job store, or null for the in-memory one. */
    private final ClusterJobStore cluster;
    /** In a cluster: the scheduler of the nightly's per-database parts (ADR 0026), and the nightly it feeds. */
    private final Scheduler parts;
    private final BackupService backups;
    /** The queue {@link #backups} hands its parts to: opened at {@link #start()}, closed at shutdown. */
    private final NodePartsQueue queue;
    /** In a cluster whose nightly fans out: stops this node's parts of a cancelled run (ADR 0036). */
    private final PartWatch partWatch;
    /** Guarded by {@code this}. */
    private boolean started;
    /** Guarded by {@code this}. */
    private boolean paused;
    /** Guarded by {@code this}. */
    private boolean closed;

    /**
     * Sets up the scheduler (not yet firing: call {@link #start()}).
     *
     * @param runs    where the crons and the catch-up send their orders (shared with every other road)
     * @param catalog where the last runs are read (missed runs)
     * @param clock   "now" for the missed-run check
     * @throws IllegalArgumentException when a cron does not parse
     */
    public SchedulerService(ScheduleConfig config, RunService runs, Catalog catalog, Clock clock) {
        this(config, runs, catalog, clock, null, null, null);
    }

    /**
     * Sets up this node's scheduler of a cluster (not yet firing: call {@link #start()}): connects to the cluster's
     * PostgreSQL, migrates its schema and registers the crons there unless they are registered already.
     *
     * @throws dev.grove.patina.schedule.cluster.ClusterUnavailableException in one line naming the server, when it
     *         cannot be reached or its schema is newer than this node knows
     */
    public static SchedulerService clustered(ScheduleConfig config, RunService runs, Catalog catalog, Clock clock,
                                             ClusterConfig cluster) {
        return clustered(config, runs, catalog, clock, cluster, null, null);
    }

    /**
     * A cluster node's scheduler whose nightly fans out (ADR 0026): while it runs, a nightly of {@code backups} hands
     * one job per database to the cluster's queue, and this node takes up to {@code [schedule] concurrency} of any
     * run's parts at once.
     *
     * @param backups the nightly this node runs (null: the nightly runs whole on the node that fires it)
     * @param queue   the queue {@code backups} was built with (the runtime's): opened while this scheduler runs
     */
    public static SchedulerService clustered(ScheduleConfig config, RunService runs, Catalog catalog, Clock clock,
                                             ClusterConfig cluster, BackupService backups, NodePartsQueue queue) {
        ClusterDatabase db = ClusterDatabase.open(cluster);
        try {
            return new SchedulerService(config, runs, catalog, clock, new ClusterJobStore(db, cluster),
                    queue == null ? null : backups, queue);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private SchedulerService(ScheduleConfig config, RunService runs, Catalog catalog, Clock clock,
                             ClusterJobStore cluster, BackupService backups, NodePartsQueue queue) {
        this.cluster = cluster;
        this.backups = cluster == null ? null : backups;
        this.queue = this.backups == null ? null : queue;
        this.schedule = new CronSchedule(config);
        this.clock = clock;
        this.runs = runs;
        this.overdue = new OverdueCheck(schedule, catalog);
        this.catalog = catalog;
        this.partWatch = this.backups != null ? new PartWatch(catalog) : null;
        this.quartz = createQuartz();
        Scheduler partsScheduler = null;
        try {
            if (this.backups != null) {
                partsScheduler = createParts(config.concurrency());
            }
            scheduleJobs(config);
        } catch (SchedulerException | RuntimeException e) {
            if (partsScheduler != null) {
                try {
                    partsScheduler.shutdown(false);
                } catch (SchedulerException ignored) {
                    // failing already
                }
            }
            shutdownQuartz();
            if (partWatch != null) {
                partWatch.close();
            }
            throw new IllegalStateException("the scheduler cannot be set up: " + e.getMessage(), e);
        }
        this.parts = partsScheduler;
    }

    /** This node's scheduler of the nightly's parts: {@code threads} threads, each backing up one database. */
    private Scheduler createParts(int threads) {
        try {
            Scheduler s = new StdSchedulerFactory(cluster.partsProperties(Math.max(1, threads))).getScheduler();
            s.setJobFactory((bundle, scheduler) -> new NightlyPartJob(backups, cluster.node(), partWatch));
            return s;
        } catch (SchedulerException e) {
            throw new IllegalStateException("the nightly's parts scheduler cannot be created: " + e.getMessage(), e);
        }
    }

    private Scheduler createQuartz() {
        Properties p = cluster != null ? cluster.properties() : new Properties();
        if (cluster != null) {
            return createQuartz(p);
        }
        // a unique name: Quartz keeps schedulers by name in a JVM-wide repository
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "patina-" + JobIds.newId());
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        // jobs only hand over to the run service: one firing thread is plenty
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "patina-quartz");
        return createQuartz(p);
    }

    private Scheduler createQuartz(Properties p) {
        try {
            Scheduler s = new StdSchedulerFactory(p).getScheduler();
            s.setJobFactory((bundle, scheduler) -> bundle.getJobDetail().getJobClass() == CatchUpJob.class
                    ? new CatchUpJob(this) : bundle.getJobDetail().getJobClass() == ClusterFireJob.class
                    ? new ClusterFireJob(this, cluster) : bundle.getJobDetail().getJobClass() == ClusterOrderJob.class
                    ? new ClusterOrderJob(this, cluster) : new FireJob(this));
            return s;
        } catch (SchedulerException e) {
            throw new IllegalStateException("the scheduler cannot be created: " + e.getMessage(), e);
        }
    }

    private void scheduleJobs(ScheduleConfig config) throws SchedulerException {
        TimeZone zone = TimeZone.getTimeZone(config.timezone());
        if (cluster != null) {
            scheduleClustered(zone);
            return;
        }
        for (RunKind kind : SCHEDULED) {
            Optional<String> cron = schedule.cron(kind);
            if (cron.isEmpty()) {
                continue;
            }
            JobDetail job = JobBuilder.newJob(FireJob.class).withIdentity(kind.id()).usingJobData(FireJob.KIND,
                    kind.id()).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(kind.id()).withSchedule(
                    CronScheduleBuilder.cronSchedule(cron.get()).inTimeZone(zone)
                            .withMisfireHandlingInstructionFireAndProceed()).build();
            quartz.scheduleJob(job, trigger);
        }
        JobDetail check = JobBuilder.newJob(CatchUpJob.class).withIdentity("catch-up-check").build();
        Trigger every = TriggerBuilder.newTrigger().withIdentity("catch-up-check")
                .startAt(java.util.Date.from(Instant.now().plus(CHECK_INTERVAL)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(CHECK_INTERVAL.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount()).build();
        quartz.scheduleJob(check, every);
    }

    /**
     * Registers the crons once per cluster: a node's start adds a missing trigger, replaces one whose cron or zone
     * differs (the config changed), removes one no longer scheduled, and leaves an identical one alone (so the
     * nodes' starts never reset or double it). Nodes of one cluster share their {@code [schedule]}.
     */
    private void scheduleClustered(TimeZone zone) throws SchedulerException {
        for (RunKind kind : SCHEDULED) {
            JobKey jobKey = JobKey.jobKey(kind.id());
            Optional<String> cron = schedule.cron(kind);
            if (cron.isEmpty()) {
                if (quartz.checkExists(jobKey)) {
                    quartz.deleteJob(jobKey);
                    LOG.info("cluster: the {} cron is no longer scheduled: removed", kind.id());
                }
                continue;
            }
            Trigger existing = quartz.getTrigger(TriggerKey.triggerKey(kind.id()));
            if (existing instanceof CronTrigger ct && ct.getCronExpression().equals(cron.get())
                    && ct.getTimeZone().getID().equals(zone.getID())
                    && ClusterFireJob.class.equals(quartz.getJobDetail(jobKey).getJobClass())) {
                continue;
            }
            JobDetail job = JobBuilder.newJob(ClusterFireJob.class).withIdentity(jobKey).usingJobData(FireJob.KIND,
                    kind.id()).requestRecovery(true).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(kind.id()).forJob(jobKey).withSchedule(
                    CronScheduleBuilder.cronSchedule(cron.get()).inTimeZone(zone)
                            .withMisfireHandlingInstructionFireAndProceed()).build();
            quartz.scheduleJob(job, Set.of(trigger), true);
            LOG.info("cluster: the {} cron {} ({}) registered", kind.id(), cron.get(), zone.getID());
        }
    }

    /** Checks for missed runs (catching them up; not in a cluster) and starts firing the crons. */
    public synchronized void start() {
        if (closed || started) {
            return;
        }
        if (cluster == null) {
            checkOverdue();
        }
        try {
            if (parts != null) {
                parts.start();
                queue.open(new ClusterNightlyParts(parts, catalog, cluster.database()));
            }
            quartz.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("the scheduler cannot start: " + e.getMessage(), e);
        }
        started = true;
        LOG.info("scheduler started; next runs: {}", nextFireTimes());
    }

    /**
     * Triggers one catch-up run for each kind whose most recent fire time was missed (see the class comment).
     * Called at start and periodically; safe to call any time and from any thread — a second call for the same
     * missed fire time does nothing. Does nothing while paused.
     *
     * @return the catch-ups triggered now (empty when nothing was missed)
     */
    public List<TriggerResult> checkOverdue() {
        synchronized (this) {
            if (closed || paused) {
                return List.of();
            }
        }
        Instant now = clock.instant();
        List<TriggerResult> out = new ArrayList<>();
        for (RunKind kind : CAUGHT_UP) {
            if (!runs.available(kind) || runs.busy(kind)) {
                continue;
            }
            try {
                Optional<Instant> missed = overdue.missed(kind, now);
                if (missed.isPresent()) {
                    LOG.warn("the {} run of {} was missed: catching up now", kind.id(), missed.get());
                    TriggerResult r = runs.submit(RunOrder.catchUp(kind, missed.get()));
                    overdue.caughtUp(kind, missed.get());
                    out.add(r);
                }
            } catch (RuntimeException e) {
                LOG.error("checking for a missed {} run failed: {}", kind.id(), e.toString());
            }
        }
        return out;
    }

    /** The next fire time of each scheduled kind (for an after-weekly cleanup: the weekly's). */
    public Map<RunKind, Instant> nextFireTimes() {
        return schedule.nextFireTimes(clock.instant());
    }

    /** The run service this scheduler sends its orders to. */
    public RunService runs() {
        return runs;
    }

    /** This node's name in its cluster; empty when the schedule runs alone. */
    public Optional<String> clusterNode() {
        return Optional.ofNullable(cluster).map(ClusterJobStore::node);
    }

    /** The longest a clustered fire follows its run. */
    static final Duration LONGEST_RUN = Duration.ofDays(1);

    /** What a clustered cron fire does: orders the run and follows it to its end (see {@link ClusterFireJob}). */
    RunFollower.Followed fireAndFollow(RunKind kind, Instant fireTime) {
        return new RunFollower(runs).submitAndFollow(RunOrder.scheduled(kind, fireTime), e -> { }, LONGEST_RUN);
    }

    /** What a queued order does on the node that takes it (see {@link ClusterOrderJob}): the same road as a fire. */
    RunFollower.Followed orderAndFollow(RunOrder order) {
        return new RunFollower(runs).submitAndFollow(order, e -> { }, LONGEST_RUN);
    }

    /**
     * Marks the runs whose node is gone interrupted (their run lock is free: ADR 0020), so that a recovered fire's run
     * guard does not take the dead node's run, still recorded as running in the shared catalog, for one that goes
     * on. Their unfinished puts stay recorded for the next start's clean-up.
     */
    void markDeadRunsInterrupted() {
        try {
            catalog.recoverDeadRuns().forEach(d -> LOG.warn("run {} ({}) of a node that is gone{}", d.id(),
                    d.kind().id(), d.markedNow() ? ": marked interrupted" : ""));
        } catch (RuntimeException e) {
            LOG.warn("could not look for the runs of nodes that are gone: {}", e.getMessage());
        }
    }

    /** Records in the catalog that run {@code runId} is a recovered fire (ADR 0034); a failure is logged. */
    void markRecovered(String runId) {
        try {
            catalog.markRecovered(runId);
        } catch (RuntimeException e) {
            LOG.warn("could not mark run {} recovered in the catalog: {}", runId, e.getMessage());
        }
    }

    Instant now() {
        return clock.instant();
    }

    /** What a cron trigger does when Quartz fires it for {@code fireTime} (tests call it to simulate a fire). */
    TriggerResult fire(RunKind kind, Instant fireTime) {
        return runs.submit(RunOrder.scheduled(kind, fireTime));
    }

    /**
     * Stops firing the crons and the missed-run check; running runs go on, and manual triggers still work. A fire
     * time that passes while paused runs once on {@link #resume()} (Quartz's fire-once-now misfire policy).
     */
    public synchronized void pause() {
        if (closed || paused) {
            return;
        }
        try {
            quartz.pauseAll();
        } catch (SchedulerException e) {
            throw new IllegalStateException("the scheduler cannot pause: " + e.getMessage(), e);
        }
        paused = true;
    }

    /** Fires the crons again after {@link #pause()}. */
    public synchronized void resume() {
        if (closed || !paused) {
            return;
        }
        try {
            quartz.resumeAll();
        } catch (SchedulerException e) {
            throw new IllegalStateException("the scheduler cannot resume: " + e.getMessage(), e);
        }
        paused = false;
    }

    /** True when the scheduler was started, is not paused and not closed. */
    public synchronized boolean isRunning() {
        return started && !paused && !closed;
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    /**
     * Stops firing; then, as the process that ran the schedule is leaving, shuts the run service down: drops queued
     * orders, waits up to {@code grace} for running runs, then interrupts them (a backup then ends INTERRUPTED in
     * the catalog) and waits as long again. Idempotent.
     *
     * @return true when no run is left running
     */
    public boolean shutdown(Duration grace) {
        synchronized (this) {
            if (closed) {
                return true;
            }
            closed = true;
        }
        shutdownQuartz();
        if (parts != null) {
            try {
                parts.standby(); // no new part starts here; the ones running end, or are recovered elsewhere
            } catch (SchedulerException e) {
                LOG.warn("pausing the nightly's parts failed: {}", e.getMessage());
            }
        }
        boolean done = runs.shutdown(grace);
        if (parts != null) {
            queue.close();
            try {
                parts.shutdown(false);
            } catch (SchedulerException e) {
                LOG.warn("stopping the nightly's parts failed: {}", e.getMessage());
            }
            partWatch.close();
        }
        if (cluster != null) {
            cluster.release();
            cluster.database().close();
        }
        LOG.info("scheduler stopped{}", done ? "" : " (a run did not end in time)");
        return done;
    }

    /** {@link #shutdown(Duration)} with {@link #DEFAULT_GRACE}. */
    @Override
    public void close() {
        shutdown(DEFAULT_GRACE);
    }

    private void shutdownQuartz() {
        try {
            quartz.shutdown(false);
        } catch (SchedulerException e) {
            LOG.warn("stopping Quartz failed: {}", e.getMessage());
        }
    }
}
