package dev.grove.patina.schedule;

import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.model.RunKind;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The fire times of the configured crons in the configured zone, computed without a running scheduler (so
 * {@code patina status} and the catch-up check agree with Quartz: both read the same {@link CronExpression}).
 */
public final class CronSchedule {
    private static final List<Duration> LOOK_BACK = List.of(Duration.ofHours(2), Duration.ofDays(2),
            Duration.ofDays(9), Duration.ofDays(32), Duration.ofDays(367), Duration.ofDays(5 * 366 + 1));

    private final ScheduleConfig config;

    public CronSchedule(ScheduleConfig config) {
        this.config = config;
        for (RunKind kind : List.of(RunKind.NIGHTLY, RunKind.WEEKLY, RunKind.CLEANUP, RunKind.VERIFY)) {
            cron(kind).ifPresent(CronSchedule::parse); // fail early on a bad expression
        }
    }

    public ScheduleConfig config() {
        return config;
    }

    /**
     * The cron of {@code kind}; empty for the cleanup when it runs after the weekly archive, and for kinds that
     * are not scheduled (verify).
     */
    public Optional<String> cron(RunKind kind) {
        return switch (kind) {
            case NIGHTLY -> Optional.of(config.nightly());
            case WEEKLY -> Optional.of(config.weekly());
            case CLEANUP -> config.cleanupAfterWeekly() ? Optional.empty() : Optional.of(config.cleanup());
            case VERIFY -> Optional.of(config.verify());
        };
    }

    /** The first fire time of {@code kind} strictly after {@code after}; for an after-weekly cleanup, the weekly's. */
    public Optional<Instant> next(RunKind kind, Instant after) {
        RunKind own = kind == RunKind.CLEANUP && config.cleanupAfterWeekly() ? RunKind.WEEKLY : kind;
        return cron(own).map(c -> expression(c).getNextValidTimeAfter(Date.from(after))).map(Date::toInstant);
    }

    /** The most recent fire time of {@code kind} at or before {@code atOrBefore}; empty if none in five years. */
    public Optional<Instant> previous(RunKind kind, Instant atOrBefore) {
        Optional<String> cron = cron(kind);
        if (cron.isEmpty()) {
            return Optional.empty();
        }
        CronExpression e = expression(cron.get());
        for (Duration back : LOOK_BACK) {
            Instant last = null;
            Date t = e.getNextValidTimeAfter(Date.from(atOrBefore.minus(back)));
            while (t != null && !t.toInstant().isAfter(atOrBefore)) {
                last = t.toInstant();
                t = e.getNextValidTimeAfter(t);
            }
            if (last != null) {
                return Optional.of(last);
            }
        }
        return Optional.empty();
    }

    /** The next fire time of the nightly, the weekly, the cleanup and the test restore after {@code now}. */
    public Map<RunKind, Instant> nextFireTimes(Instant now) {
        Map<RunKind, Instant> out = new EnumMap<>(RunKind.class);
        for (RunKind kind : List.of(RunKind.NIGHTLY, RunKind.WEEKLY, RunKind.CLEANUP, RunKind.VERIFY)) {
            next(kind, now).ifPresent(at -> out.put(kind, at));
        }
        return out;
    }

    /** A Quartz cron expression in the configured zone (a fresh one: they are cheap and not shared across threads). */
    CronExpression expression(String cron) {
        CronExpression e = parse(cron);
        e.setTimeZone(TimeZone.getTimeZone(config.timezone()));
        return e;
    }

    private static CronExpression parse(String cron) {
        try {
            return new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("cron '" + cron + "': " + e.getMessage(), e);
        }
    }
}
