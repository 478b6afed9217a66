package dev.grove.patina.schedule;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a scheduled run was missed: the most recent fire time of its cron at or before now (in the
 * configured zone) has no run of its kind started since (an interrupted run does not count; no run ever counts as
 * missed, so a machine that always sleeps at 02:00 still gets its backups). Remembers the fire time it last
 * caught up per kind, so however often it is asked, and however many fires were missed (three nights asleep),
 * one missed fire time leads to at most one catch-up.
 */
final class OverdueCheck {
    private final CronSchedule schedule;
    private final Catalog catalog;
    /** Guarded by {@code this}. */
    private final Map<RunKind, Instant> caughtUp = new EnumMap<>(RunKind.class);

    OverdueCheck(CronSchedule schedule, Catalog catalog) {
        this.schedule = schedule;
        this.catalog = catalog;
    }

    /** The missed fire time of {@code kind} at {@code now}, or empty. */
    synchronized Optional<Instant> missed(RunKind kind, Instant now) {
        Optional<Instant> fire = schedule.previous(kind, now);
        if (fire.isEmpty() || fire.get().equals(caughtUp.get(kind))) {
            return Optional.empty();
        }
        Optional<RunSummary> last = catalog.lastRun(kind);
        if (last.isPresent() && last.get().status() != RunStatus.INTERRUPTED
                && !last.get().startedAt().isBefore(fire.get())) {
            return Optional.empty();
        }
        return fire;
    }

    /** Notes that a catch-up of {@code fire} was triggered. */
    synchronized void caughtUp(RunKind kind, Instant fire) {
        caughtUp.put(kind, fire);
    }
}
