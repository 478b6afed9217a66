package dev.grove.patina.run;

import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import java.time.Instant;

/**
 * What the run service tells its {@link RunListener}s. Every event of a run carries its ticket (the
 * {@link TriggerResult#ticket()} its order got), so whoever submitted an order can follow that run alone.
 */
public sealed interface RunEvent {
    /** The kind of run the event is about. */
    RunKind kind();

    /** The ticket of the run this event is about, or null for a trigger that was refused or skipped. */
    String ticket();

    /** A run started. */
    record RunStarted(RunningJob job) implements RunEvent {
        public RunKind kind() {
            return job.kind();
        }

        public String ticket() {
            return job.ticket();
        }
    }

    /** A running run moved on (at most a few times a second per run). */
    record RunProgressed(RunningJob job) implements RunEvent {
        public RunKind kind() {
            return job.kind();
        }

        public String ticket() {
            return job.ticket();
        }
    }

    /** A run ended; {@code result} holds what the catalog recorded (its report) and the kind's own detail. */
    record RunFinished(RunningJob job, WorkResult result) implements RunEvent {
        public RunKind kind() {
            return job.kind();
        }

        public String ticket() {
            return job.ticket();
        }

        /** The run as the catalog recorded it. */
        public RunReport report() {
            return result.report();
        }
    }

    /** A run could not run at all (the work threw). */
    record RunFailed(RunningJob job, String error) implements RunEvent {
        public RunKind kind() {
            return job.kind();
        }

        public String ticket() {
            return job.ticket();
        }
    }

    /** An order was queued behind, or merged into, a run of its kind: it is not lost. */
    record RunQueued(TriggerResult result, String trigger) implements RunEvent {
        public RunKind kind() {
            return result.kind();
        }

        public String ticket() {
            return result.ticket();
        }
    }

    /**
     * An order did not lead to a run: its kind is not available, its lane could not take it, or the run it asked
     * for already happened (a second fire for one date after a clock change, a catch-up the scheduled run already
     * made up for). {@code ticket} is null when it never got one.
     */
    record RunSkipped(RunKind kind, String ticket, String trigger, String reason) implements RunEvent {
    }

    /** A scheduled run was missed (the app was closed, or the machine asleep): a catch-up was ordered. */
    record RunCaughtUp(RunKind kind, Instant fireTime, TriggerResult result) implements RunEvent {
        public String ticket() {
            return result.ticket();
        }
    }
}
