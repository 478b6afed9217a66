package dev.grove.patina.schedule;

import dev.grove.patina.model.RunKind;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunFollower;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cron trigger fired on this node of a cluster (ADR 0017). Unlike {@link FireJob} it holds its Quartz thread for
 * the run's whole length, so Quartz's fired-trigger record lasts as long as the run: a node that dies mid-run leaves
 * the record behind, and another node recovers the job ({@code requestsRecovery}) for the same fire time. Never two
 * at once for one kind across the cluster ({@link DisallowConcurrentExecution}). Each execution is recorded in
 * {@code patina_fires} with the node and whether it was a recovery; the run it starts records this node in the
 * catalog, and a recovered fire's run is marked recovered there when it ends (ADR 0034).
 */
@DisallowConcurrentExecution
final class ClusterFireJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFireJob.class);

    private final SchedulerService service;
    private final ClusterJobStore store;

    ClusterFireJob(SchedulerService service, ClusterJobStore store) {
        this.service = service;
        this.store = store;
    }

    @Override
    public void execute(JobExecutionContext context) {
        RunKind kind = RunKind.parse(context.getMergedJobDataMap().getString(FireJob.KIND));
        Instant fireTime = fireTime(context);
        boolean recovering = context.isRecovering();
        Instant now = service.now();
        long id = store.fires().started(kind.id(), fireTime, store.node(), recovering, now);
        LOG.info("{} run of {} on node {}{}", kind.id(), fireTime, store.node(),
                recovering ? " (recovered from a node that died)" : "");
        if (recovering) {
            service.markDeadRunsInterrupted(); // the dead node's run, still "running" in the shared catalog
        }
        String outcome;
        try {
            RunFollower.Followed f = service.fireAndFollow(kind, fireTime);
            outcome = !f.trigger().accepted() ? "refused" : f.end().map(ClusterFireJob::outcome).orElse("unfinished");
            if (recovering && f.end().orElse(null) instanceof RunEvent.RunFinished done) {
                service.markRecovered(done.report().runId()); // the run's node is this one, recorded at its start
            }
        } catch (RuntimeException e) {
            outcome = "failed";
            LOG.error("the {} run of {} failed: {}", kind.id(), fireTime, e.toString());
        }
        try {
            store.fires().ended(id, outcome, service.now());
        } catch (IllegalStateException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    /** The fire time this execution serves; for a recovery, the original trigger's. */
    private static Instant fireTime(JobExecutionContext context) {
        if (context.isRecovering()) {
            String original = context.getMergedJobDataMap().getString(
                    Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            if (original != null) {
                return Instant.ofEpochMilli(Long.parseLong(original));
            }
        }
        return context.getScheduledFireTime().toInstant();
    }

    private static String outcome(RunEvent end) {
        if (end instanceof RunEvent.RunFinished f) {
            return "finished " + f.report().status().name().toLowerCase(java.util.Locale.ROOT);
        }
        return end instanceof RunEvent.RunSkipped ? "skipped" : "failed";
    }
}
