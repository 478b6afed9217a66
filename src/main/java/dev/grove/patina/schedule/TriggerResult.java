package dev.grove.patina.schedule;

import dev.grove.patina.model.RunKind;

/**
 * The answer to a trigger (schedule, catch-up, manual).
 *
 * @param ticket  the id of the request, shown in events ({@link RunningJob#ticket()}); the catalog's run id is in
 *                the finished event's report
 * @param message for the operator: why it was queued, merged or refused
 */
public record TriggerResult(Outcome outcome, RunKind kind, String ticket, String message) {
    /** What happened to a trigger. */
    public enum Outcome {
        /** Nothing of this kind was running: the run started. */
        STARTED,
        /** A run of this kind is running: this one runs once right after it. */
        QUEUED,
        /** A run of this kind is running and another is already queued: this trigger is merged into that one. */
        MERGED,
        /** This kind of run is not available in this build. */
        UNAVAILABLE,
        /** The scheduler is shutting down. */
        CLOSED
    }

    /** True when this trigger will lead to a run (now or right after the running one). */
    public boolean accepted() {
        return outcome == Outcome.STARTED || outcome == Outcome.QUEUED || outcome == Outcome.MERGED;
    }
}
