package dev.grove.patina.schedule;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.NightlyParts;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schedule.cluster.ClusterDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster nightly's parts as Quartz jobs in the clustered store (ADR 0026): one durable-until-done,
 * {@code requestsRecovery} job per database in the group {@code nightly-<run id>}, scheduled in one transaction and
 * taken by the nodes' parts schedulers. The run that handed them out waits for them: it reads the outcomes the parts
 * record in the shared catalog, and stops waiting once every database has one, or once no job of the run is left in
 * the queue (a part that ended without recording is then FAILED, saying so).
 */
final class ClusterNightlyParts implements NightlyParts {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNightlyParts.class);
    static final String GROUP_PREFIX = "nightly-";
    /** How often the waiting run looks at the catalog and the queue. */
    static final Duration POLL = Duration.ofMillis(500);

    /**
     * The longest database name used as a part's job name as it is; a longer one gets a bounded name (Quartz's job
     * and trigger names are at most 200 characters): its first {@value} characters, '~' and 32 hex digits of its
     * SHA-256. The database's name travels whole in the job's data either way.
     */
    static final int NAME_KEPT = 120;

    private final Scheduler parts;
    private final Catalog catalog;
    /** The cluster's PostgreSQL: which parts are running where (Quartz's fired triggers). */
    private final ClusterDatabase cluster;
    /** A look at the queue, or at the run, failed and was said (once until one succeeds: PostgreSQL is lost). */
    private final AtomicBoolean queueUnread = new AtomicBoolean();
    private final AtomicBoolean runUnread = new AtomicBoolean();

    ClusterNightlyParts(Scheduler parts, Catalog catalog, ClusterDatabase cluster) {
        this.parts = parts;
        this.catalog = catalog;
        this.cluster = cluster;
    }

    /** A part's job (and trigger) name: the database's name, bounded to fit Quartz's 200 characters. */
    static String jobName(String database) {
        if (database.length() <= NAME_KEPT) {
            return database;
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(
                    database.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return database.substring(0, NAME_KEPT - 40) + "~" + java.util.HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<DatabaseOutcome> runParts(String runId, LocalDate date, Instant since, List<String> databases,
                                          BackupProgress progress) {
        String group = GROUP_PREFIX + runId;
        Map<JobDetail, Set<? extends Trigger>> jobs = new LinkedHashMap<>();
        Map<String, String> byJob = new HashMap<>();
        for (String db : databases) {
            String name = jobName(db);
            byJob.put(name, db);
            JobDetail job = JobBuilder.newJob(NightlyPartJob.class).withIdentity(name, group)
                    .usingJobData(NightlyPartJob.RUN, runId).usingJobData(NightlyPartJob.DATE, date.toString())
                    .usingJobData(NightlyPartJob.SINCE, String.valueOf(since.toEpochMilli()))
                    .usingJobData(NightlyPartJob.DATABASE, db).requestRecovery(true).build();
            Trigger now = TriggerBuilder.newTrigger().withIdentity(name, group).forJob(job).startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            jobs.put(job, Set.of(now));
        }
        Map<String, DatabaseOutcome> seen = new HashMap<>();
        try {
            parts.scheduleJobs(jobs, false);
        } catch (SchedulerException e) {
            String why = "not handed to the cluster's queue: " + e.getMessage();
            LOG.error("nightly run {}: {}", runId, why);
            return databases.stream().map(db -> failed(runId, db, why, progress)).toList();
        }
        LOG.info("nightly run {}: {} parts handed to the cluster's nodes", runId, databases.size());
        databases.forEach(progress::queued);
        Map<String, String> shown = new HashMap<>(); // database -> node it was last shown running on
        boolean stopped = false;
        while (true) {
            boolean queueEmpty = jobsLeft(group) == 0;
            read(runId, seen, progress);
            if (seen.keySet().containsAll(databases)) {
                break;
            }
            if (queueEmpty) {
                read(runId, seen, progress); // a part may have recorded between the two looks
                break;
            }
            if (progress.stopRequested() || Thread.currentThread().isInterrupted()) {
                stopped = true;
                break;
            }
            showRunning(group, byJob, seen, shown, progress);
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                stopped = true;
                break;
            }
        }
        if (stopped) {
            cancel(runId, group, byJob, databases, seen, progress);
            Thread.currentThread().interrupt();
            return databases.stream().map(seen::get).toList();
        }
        return databases.stream().map(db -> {
            DatabaseOutcome o = seen.get(db);
            return o != null ? o : failed(runId, db, "its part ended without recording an outcome", progress);
        }).toList();
    }

    /**
     * The run was cancelled (or its node is shutting down, ADR 0036): its parts still queued leave the queue, and
     * every database without an outcome gets "cancelled" — a part running on a node (this one or another) reads it
     * in the catalog once the run has ended and stops there ({@link PartWatch}). An outcome a part recorded first is
     * kept. Says in the run's log how many parts were cancelled.
     */
    private void cancel(String runId, String group, Map<String, String> byJob, List<String> databases,
                        Map<String, DatabaseOutcome> seen, BackupProgress progress) {
        Map<String, String> runningOn = executing(group, byJob);
        dropWaiting(group); // parts not started never start
        read(runId, seen, progress);
        int queued = 0;
        int running = 0;
        for (String db : databases) {
            if (seen.containsKey(db)) {
                continue;
            }
            String node = runningOn.get(db);
            DatabaseOutcome o = new DatabaseOutcome(db, RunStatus.FAILED, null, null, 0, Duration.ZERO,
                    node == null ? "cancelled before it started (removed from the cluster's queue)"
                            : "cancelled while it ran on node " + node + " (it stops there)");
            try {
                if (catalog.recordOutcomeWhileRunning(runId, o, false)) {
                    catalog.log(runId, "WARN", db + ": " + o.error());
                    if (node == null) {
                        queued++;
                    } else {
                        running++;
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("cannot record the cancel of {} in run {}: {}", db, runId, e.getMessage());
            }
        }
        read(runId, seen, progress); // what was recorded, cancelled or not
        for (String db : databases) {
            if (!seen.containsKey(db)) { // the catalog could not be written: the run still says it
                DatabaseOutcome o = new DatabaseOutcome(db, RunStatus.FAILED, null, null, 0, Duration.ZERO,
                        "cancelled");
                seen.put(db, o);
                progress.finished(o);
            }
        }
        String line = "cancelled: " + (queued + running) + " part(s) (" + queued + " removed from the queue, "
                + running + " stopped on their nodes)";
        LOG.info("nightly run {} {}", runId, line);
        try {
            catalog.log(runId, "WARN", line);
        } catch (RuntimeException e) {
            LOG.warn("cannot log the cancel of run {}: {}", runId, e.getMessage());
        }
    }

    /**
     * Which of the group's parts run now, and on which node (Quartz's fired triggers in the cluster's PostgreSQL:
     * the instance id is the node's name); empty when PostgreSQL cannot be read.
     */
    private Map<String, String> executing(String group, Map<String, String> byJob) {
        Map<String, String> out = new HashMap<>();
        try (java.sql.Connection c = cluster.connection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT job_name, instance_name FROM " + cluster.schema() + ".qrtz_fired_triggers "
                        + "WHERE sched_name = ? AND job_group = ? AND state = 'EXECUTING'")) {
            ps.setString(1, ClusterJobStore.PARTS_SCHEDULER_NAME);
            ps.setString(2, group);
            ps.setQueryTimeout(5);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String db = byJob.get(rs.getString(1));
                    if (db != null) {
                        out.put(db, rs.getString(2));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            LOG.debug("cannot read the running parts of {}: {}", group, e.getMessage());
        }
        return out;
    }

    /** Tells the live view which databases run now, and where (a database not running and not done is queued). */
    private void showRunning(String group, Map<String, String> byJob, Map<String, DatabaseOutcome> seen,
                             Map<String, String> shown, BackupProgress progress) {
        executing(group, byJob).forEach((db, node) -> {
            if (!seen.containsKey(db) && !node.equals(shown.put(db, node))) {
                progress.runningOn(db, node);
            }
        });
    }

    private int jobsLeft(String group) {
        try {
            int left = parts.getJobKeys(GroupMatcher.jobGroupEquals(group)).size();
            queueUnread.set(false);
            return left;
        } catch (SchedulerException e) {
            if (queueUnread.compareAndSet(false, true)) { // once per outage: the node's PostgreSQL watch says the rest
                LOG.warn("cannot read the cluster's queue (waiting for it): {}", e.getMessage());
            }
            return -1; // unknown: keep waiting on the catalog
        }
    }

    private void read(String runId, Map<String, DatabaseOutcome> seen, BackupProgress progress) {
        Optional<RunSummary> run;
        try {
            run = catalog.run(runId);
        } catch (RuntimeException e) {
            if (runUnread.compareAndSet(false, true)) {
                LOG.warn("cannot read run {} in the catalog (waiting for it): {}", runId, e.getMessage());
            }
            return;
        }
        runUnread.set(false);
        run.ifPresent(r -> r.databases().forEach(o -> {
            if (seen.putIfAbsent(o.database(), o) == null) {
                progress.finished(o);
            }
        }));
    }

    private void dropWaiting(String group) {
        try {
            Set<JobKey> keys = new HashSet<>(parts.getJobKeys(GroupMatcher.jobGroupEquals(group)));
            parts.deleteJobs(List.copyOf(keys));
        } catch (SchedulerException e) {
            LOG.warn("cannot drop the waiting parts of {}: {}", group, e.getMessage());
        }
    }

    private DatabaseOutcome failed(String runId, String db, String why, BackupProgress progress) {
        DatabaseOutcome o = new DatabaseOutcome(db, RunStatus.FAILED, null, null, 0, Duration.ZERO, why);
        try {
            catalog.recordOutcome(runId, o);
            catalog.log(runId, "ERROR", db + ": " + why);
        } catch (RuntimeException e) {
            LOG.error("cannot record the outcome of {} in the catalog: {}", db, e.getMessage());
        }
        progress.finished(o);
        return o;
    }
}
