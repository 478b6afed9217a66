package dev.grove.patina.run;

import dev.grove.patina.backup.retention.RetentionPlan;
import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunTrigger;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A request for one run, from any road: the cron and the catch-up (the scheduler), the console, the tray, the CLI
 * and the API all send one of these to {@link RunService#submit(RunOrder)}.
 *
 * @param trigger   who asked, one of the {@link RunTrigger} names, or a cluster queue's {@code "console alice@laptop"}
 *                  ({@link RunTrigger#queuedFrom}; recorded in the catalog and the alert)
 * @param fireTime  the scheduled fire time it serves (a catch-up's missed one), null for other triggers
 * @param catchUpOf the missed fire time (ISO instant) a catch-up run stands in for; null for other runs
 */
public record RunOrder(RunKind kind, String trigger, RunScope scope, Instant fireTime, String catchUpOf) {
    private static final Set<String> TRIGGERS = Set.of(RunTrigger.SCHEDULE, RunTrigger.CATCH_UP,
            RunTrigger.AFTER_WEEKLY, RunTrigger.MANUAL, RunTrigger.CLI, RunTrigger.API);

    public RunOrder {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        if (!TRIGGERS.contains(trigger) && !RunTrigger.isQueued(trigger)) {
            throw new IllegalArgumentException("unknown run trigger: " + trigger);
        }
        boolean fits = switch (kind) {
            case NIGHTLY -> scope instanceof RunScope.NightlyScope;
            case WEEKLY -> scope instanceof RunScope.WeeklyScope;
            case CLEANUP -> scope instanceof RunScope.CleanupScope;
            case VERIFY -> scope instanceof RunScope.VerifyScope;
        };
        if (!fits) {
            throw new IllegalArgumentException("a " + kind.id() + " run cannot have the scope " + scope);
        }
    }

    /** A run of {@code kind} over its whole default scope (all databases, last ended week, plan computed now). */
    public static RunOrder of(RunKind kind, String trigger) {
        return new RunOrder(kind, trigger, defaultScope(kind), null, null);
    }

    /** The nightly of {@code databases} (empty: all). */
    public static RunOrder nightly(String trigger, Set<String> databases) {
        return new RunOrder(RunKind.NIGHTLY, trigger, new RunScope.NightlyScope(databases), null, null);
    }

    /** The weekly archive of {@code week} (null: the last ended week). */
    public static RunOrder weekly(String trigger, IsoWeek week) {
        return new RunOrder(RunKind.WEEKLY, trigger, new RunScope.WeeklyScope(week), null, null);
    }

    /** The cleanup applying exactly {@code plan} (null: computed when the run starts). */
    public static RunOrder cleanup(String trigger, RetentionPlan plan) {
        return new RunOrder(RunKind.CLEANUP, trigger, new RunScope.CleanupScope(plan), null, null);
    }

    /**
     * The cleanup of the plan computed when the run starts, removing only those of its removals that are in
     * {@code seen} — the keys an operator saw to be removed in a plan made elsewhere (a console's preview, ADR 0035).
     */
    public static RunOrder cleanupOf(String trigger, Set<String> seen) {
        return new RunOrder(RunKind.CLEANUP, trigger, new RunScope.CleanupScope(null, Objects.requireNonNull(seen,
                "seen")), null, null);
    }

    /** The test restore of the latest backup of {@code databases} (empty: all). */
    public static RunOrder verify(String trigger, Set<String> databases, boolean decrypt) {
        return new RunOrder(RunKind.VERIFY, trigger, new RunScope.VerifyScope(databases, decrypt), null, null);
    }

    /** The test restore {@code scope} asks for: the latest backups or a date's dailies, on a store. */
    public static RunOrder verify(String trigger, RunScope.VerifyScope scope) {
        return new RunOrder(RunKind.VERIFY, trigger, scope, null, null);
    }

    /** The cron of {@code kind} fired for {@code fireTime}. */
    public static RunOrder scheduled(RunKind kind, Instant fireTime) {
        return new RunOrder(kind, RunTrigger.SCHEDULE, defaultScope(kind), fireTime, null);
    }

    /** The catch-up of the missed {@code fireTime} of {@code kind}. */
    public static RunOrder catchUp(RunKind kind, Instant fireTime) {
        return new RunOrder(kind, RunTrigger.CATCH_UP, defaultScope(kind), fireTime, fireTime.toString());
    }

    static RunScope defaultScope(RunKind kind) {
        return switch (kind) {
            case NIGHTLY -> new RunScope.NightlyScope(Set.of());
            case WEEKLY -> new RunScope.WeeklyScope(null);
            case CLEANUP -> new RunScope.CleanupScope(null);
            case VERIFY -> new RunScope.VerifyScope(Set.of(), false);
        };
    }

    /** Scheduled and catch-up runs are guarded against running twice for one fire time or date; others not. */
    boolean guarded() {
        return RunTrigger.SCHEDULE.equals(trigger) || RunTrigger.CATCH_UP.equals(trigger);
    }

    /** This order with another trigger (a queued order as the node that takes it runs it). */
    public RunOrder withTrigger(String other) {
        return new RunOrder(kind, other, scope, fireTime, catchUpOf);
    }

    RunOrder withScope(RunScope merged) {
        return new RunOrder(kind, trigger, merged, fireTime, catchUpOf);
    }
}
