package dev.grove.patina.run;

import dev.grove.patina.model.RunKind;
import java.time.Instant;
import java.util.Objects;

/**
 * What the run service asks a {@link RunWork} to do.
 *
 * @param kind      the kind of run
 * @param now       the moment the run starts (from the service's clock): the nightly backs up the day it falls on
 * @param trigger   one of the {@code model.RunTrigger} names
 * @param catchUpOf the missed fire time (ISO instant) a catch-up run stands in for; null for other runs
 * @param scope     what the run covers (its kind's {@link RunScope})
 */
public record WorkRequest(RunKind kind, Instant now, String trigger, String catchUpOf, RunScope scope) {
    public WorkRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(scope, "scope");
    }

    /** A request over the kind's default scope (all databases, last ended week, plan computed at start). */
    public WorkRequest(RunKind kind, Instant now, String trigger, String catchUpOf) {
        this(kind, now, trigger, catchUpOf, RunOrder.defaultScope(kind));
    }
}
