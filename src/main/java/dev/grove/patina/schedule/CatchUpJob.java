package dev.grove.patina.schedule;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Runs the periodic missed-run check: how a machine that slept through the nightly catches up on waking. */
final class CatchUpJob implements Job {
    private final SchedulerService service;

    CatchUpJob(SchedulerService service) {
        this.service = service;
    }

    @Override
    public void execute(JobExecutionContext context) {
        service.checkOverdue();
    }
}
