package dev.grove.patina.schedule;

import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunTrigger;
import java.time.Instant;

/**
 * A trigger waiting for, or holding, its kind's lane.
 *
 * @param fireTime the scheduled fire time it serves (a catch-up's missed one), null for a manual trigger
 */
record RunRequest(String ticket, RunKind kind, String trigger, Instant fireTime, String catchUpOf) {
    /** Scheduled and catch-up runs are guarded against running twice for one fire time or date; manual ones not. */
    boolean guarded() {
        return RunTrigger.SCHEDULE.equals(trigger) || RunTrigger.CATCH_UP.equals(trigger);
    }
}
