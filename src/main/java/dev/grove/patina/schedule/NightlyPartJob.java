package dev.grove.patina.schedule;

import dev.grove.patina.backup.BackupService;
import java.time.Instant;
import java.time.LocalDate;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database's part of a fanned-out cluster nightly (ADR 0026), taken from the cluster's queue by whichever node
 * has a free backup thread (the parts' scheduler has as many threads as the node's {@code concurrency}). A node that
 * dies while running it has it recovered on another node ({@code requestsRecovery}); the part then finds what the
 * dead node stored, if anything, and does not upload twice.
 */
final class NightlyPartJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(NightlyPartJob.class);
    static final String RUN = "run";
    static final String DATE = "date";
    static final String SINCE = "since";
    static final String DATABASE = "database";

    private final BackupService backups;
    private final String node;
    private final PartWatch watch;

    NightlyPartJob(BackupService backups, String node, PartWatch watch) {
        this.backups = backups;
        this.node = node;
        this.watch = watch;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        String run = data.getString(RUN);
        String database = data.getString(DATABASE);
        watch.running(run, database); // a cancel of its run, read in the shared catalog, stops it (ADR 0036)
        try {
            backups.runPart(run, LocalDate.parse(data.getString(DATE)),
                    Instant.ofEpochMilli(Long.parseLong(data.getString(SINCE))), database, node,
                    context.isRecovering());
        } finally {
            if (watch.ended()) {
                LOG.info("part {} of run {} stopped on node {}: its run was cancelled", database, run, node);
            }
        }
    }
}
