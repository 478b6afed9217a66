package dev.grove.patina.schedule;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.NightlyParts;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunStatus;
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

    private final Scheduler parts;
    private final Catalog catalog;
    /** A look at the queue, or at the run, failed and was said (once until one succeeds: PostgreSQL is lost). */
    private final AtomicBoolean queueUnread = new AtomicBoolean();
    private final AtomicBoolean runUnread = new AtomicBoolean();

    ClusterNightlyParts(Scheduler parts, Catalog catalog) {
        this.parts = parts;
        this.catalog = catalog;
    }

    @Override
    public List<DatabaseOutcome> runParts(String runId, LocalDate date, Instant since, List<String> databases,
                                          BackupProgress progress) {
        String group = GROUP_PREFIX + runId;
        Map<JobDetail, Set<? extends Trigger>> jobs = new LinkedHashMap<>();
        for (String db : databases) {
            JobDetail job = JobBuilder.newJob(NightlyPartJob.class).withIdentity(db, group)
                    .usingJobData(NightlyPartJob.RUN, runId).usingJobData(NightlyPartJob.DATE, date.toString())
                    .usingJobData(NightlyPartJob.SINCE, String.valueOf(since.toEpochMilli()))
                    .usingJobData(NightlyPartJob.DATABASE, db).requestRecovery(true).build();
            Trigger now = TriggerBuilder.newTrigger().withIdentity(db, group).forJob(job).startNow()
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
        boolean stopped = false;
        String interruption = null;
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
                interruption = "interrupted before it started";
                break;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                stopped = true;
                interruption = "interrupted before it started";
                break;
            }
        }
        if (stopped) {
            dropWaiting(group); // parts not started never start; parts running end on their nodes
            read(runId, seen, progress);
            Thread.currentThread().interrupt();
        }
        String missing = interruption != null ? interruption : "its part ended without recording an outcome";
        return databases.stream().map(db -> {
            DatabaseOutcome o = seen.get(db);
            return o != null ? o : failed(runId, db, missing, progress);
        }).toList();
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
