package dev.grove.patina.schedule;

import dev.grove.patina.backup.BackupService;
import java.time.Instant;
import java.time.LocalDate;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/**
 * One database's part of a fanned-out cluster nightly (ADR 0026), taken from the cluster's queue by whichever node
 * has a free backup thread (the parts' scheduler has as many threads as the node's {@code concurrency}). A node that
 * dies while running it has it recovered on another node ({@code requestsRecovery}); the part then finds what the
 * dead node stored, if anything, and does not upload twice.
 */
final class NightlyPartJob implements Job {
    static final String RUN = "run";
    static final String DATE = "date";
    static final String SINCE = "since";
    static final String DATABASE = "database";

    private final BackupService backups;
    private final String node;

    NightlyPartJob(BackupService backups, String node) {
        this.backups = backups;
        this.node = node;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        backups.runPart(data.getString(RUN), LocalDate.parse(data.getString(DATE)),
                Instant.ofEpochMilli(Long.parseLong(data.getString(SINCE))), data.getString(DATABASE), node,
                context.isRecovering());
    }
}
