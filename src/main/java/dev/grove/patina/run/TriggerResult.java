package dev.grove.patina.run;

import dev.grove.patina.model.RunKind;

/**
 * The answer to a {@link RunOrder}, whichever road sent it.
 *
 * @param ticket  the id of the run it leads to (follow it in the events: {@link RunningJob#ticket()}); null when
 *                refused. The catalog's run id is in the finished event's report
 * @param message for the operator: why it was queued, merged or refused
 */
public record TriggerResult(TriggerOutcome outcome, RunKind kind, String ticket, String message) {
    /** What happened to a trigger. */
    public enum TriggerOutcome {
        /** Nothing of this kind was running: the run started. */
        STARTED,
        /** A run of this kind is running: this one runs once right after it. */
        QUEUED,
        /** A run of this kind is running and another is already queued: this order is merged into that one. */
        MERGED,
        /**
         * A run of this kind is running and another is queued that this order cannot merge with (another week,
         * another cleanup plan): refused, try again when the lane is free.
         */
        BUSY,
        /** This kind of run is not available in this build. */
        UNAVAILABLE,
        /** The run service is shutting down. */
        CLOSED
    }

    /** True when this trigger will lead to a run (now or right after the running one). */
    public boolean accepted() {
        return outcome == TriggerOutcome.STARTED || outcome == TriggerOutcome.QUEUED
                || outcome == TriggerOutcome.MERGED;
    }
}
