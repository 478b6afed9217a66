package dev.grove.patina.run;

import dev.grove.patina.model.RunKind;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a run in progress.
 *
 * @param ticket    the trigger's id ({@link TriggerResult#ticket()})
 * @param catchUpOf the missed fire time a catch-up run stands in for, or null
 * @param databases per-database progress, in the order the databases started
 */
public record RunningJob(String ticket, RunKind kind, String trigger, String catchUpOf, Instant startedAt,
                         List<DatabaseProgress> databases) {
    public RunningJob {
        databases = List.copyOf(databases);
    }
}
