package dev.grove.patina.schedule;

import dev.grove.patina.model.RunKind;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A cron trigger fired: orders the run from the run service (which never blocks) and returns. */
final class FireJob implements Job {
    static final String KIND = "kind";

    private final SchedulerService service;

    FireJob(SchedulerService service) {
        this.service = service;
    }

    @Override
    public void execute(JobExecutionContext context) {
        RunKind kind = RunKind.parse(context.getMergedJobDataMap().getString(KIND));
        service.fire(kind, context.getScheduledFireTime().toInstant());
    }
}
