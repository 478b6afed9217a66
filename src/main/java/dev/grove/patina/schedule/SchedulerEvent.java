package dev.grove.patina.schedule;

import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;

/** What the scheduler tells its {@link SchedulerListener}s. */
public sealed interface SchedulerEvent {
    /** The kind of run the event is about. */
    RunKind kind();

    /** A run started. */
    record Started(RunningJob job) implements SchedulerEvent {
        public RunKind kind() {
            return job.kind();
        }
    }

    /** A running run moved on (at most a few times a second per run). */
    record Progress(RunningJob job) implements SchedulerEvent {
        public RunKind kind() {
            return job.kind();
        }
    }

    /** A run ended; {@code report} is what the catalog recorded. */
    record Finished(RunningJob job, RunReport report) implements SchedulerEvent {
        public RunKind kind() {
            return job.kind();
        }
    }

    /** A run could not run at all (the work threw). */
    record Failed(RunningJob job, String error) implements SchedulerEvent {
        public RunKind kind() {
            return job.kind();
        }
    }

    /** A trigger was queued behind, or merged into, a run of its kind: it is not lost. */
    record Queued(TriggerResult result, String trigger) implements SchedulerEvent {
        public RunKind kind() {
            return result.kind();
        }
    }

    /**
     * A trigger did not lead to a run: its kind is not available, or the run it asked for already happened (a
     * second fire for one date after a clock change, a catch-up the scheduled run already made up for).
     */
    record Skipped(RunKind kind, String trigger, String reason) implements SchedulerEvent {
    }

    /** A scheduled run was missed (the app was closed, or the machine asleep): a catch-up was triggered. */
    record Missed(RunKind kind, java.time.Instant fireTime, TriggerResult result) implements SchedulerEvent {
    }
}
