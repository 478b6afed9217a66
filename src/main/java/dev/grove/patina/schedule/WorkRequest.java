package dev.grove.patina.schedule;

import dev.grove.patina.model.RunKind;
import java.time.Instant;
import java.util.Objects;

/**
 * What the scheduler asks a {@link ScheduledWork} to do.
 *
 * @param kind      the kind of run
 * @param now       the moment the run starts (from the scheduler's clock): the nightly backs up the day it falls on
 * @param trigger   {@code schedule}, {@code catch-up}, {@code after-weekly} or {@code manual}
 * @param catchUpOf the missed fire time (ISO instant) a catch-up run stands in for; null for other runs
 */
public record WorkRequest(RunKind kind, Instant now, String trigger, String catchUpOf) {
    public WorkRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(trigger, "trigger");
    }
}
