package dev.grove.patina.run;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Asks the catalog, right before a scheduled or catch-up run starts, whether the run it stands for already
 * happened: a run of its kind (not interrupted) started at or after the fire time it serves, or — for the nightly
 * — a scheduled or catch-up nightly of the same date. This is what keeps a Quartz misfire and a catch-up, or a
 * clock that jumped back (DST, a manual change), from backing up one date twice.
 */
final class RunGuard {
    private final Catalog catalog;
    private final ZoneId zone;

    RunGuard(Catalog catalog, ZoneId zone) {
        this.catalog = catalog;
        this.zone = zone;
    }

    /** Why {@code request} must not run at {@code now}, or empty when it should. */
    Optional<String> skipReason(RunOrder request, Instant now) {
        if (!request.guarded()) {
            return Optional.empty();
        }
        if (request.fireTime() != null) {
            Optional<RunSummary> last = catalog.lastRun(request.kind());
            if (last.isPresent() && last.get().status() != RunStatus.INTERRUPTED
                    && !last.get().startedAt().isBefore(request.fireTime())) {
                return Optional.of("a " + request.kind().id() + " run (" + last.get().id() + ") already started at "
                        + last.get().startedAt() + ", after the fire time " + request.fireTime() + " it would serve");
            }
        }
        if (request.kind() == RunKind.NIGHTLY) {
            LocalDate date = LocalDate.ofInstant(now, zone);
            for (RunSummary r : catalog.runsOn(RunKind.NIGHTLY, date)) {
                if (r.status() != RunStatus.INTERRUPTED && (RunTrigger.SCHEDULE.equals(r.trigger())
                        || RunTrigger.CATCH_UP.equals(r.trigger()))) {
                    return Optional.of("the nightly of " + date + " already ran (run " + r.id() + ", "
                            + r.trigger() + ", " + r.status().id() + ")");
                }
            }
        }
        return Optional.empty();
    }
}
