package dev.grove.patina.backup.retention;

import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which stored objects the cleanup removes: a pure function of the objects, the policy and today's date,
 * with a reason for every decision.
 *
 * <ul>
 *   <li>A daily is kept when its date is after {@code today - dailyDays}: with 7, exactly the last 7 dates
 *       (today included).</li>
 *   <li>A weekly (dated the Monday of its ISO week) is kept for the last {@code weeklyWeeks} ISO weeks, the
 *       current week included.</li>
 *   <li>Safety: the newest good daily of each database (present, with a SHA-256) is never removed, however old,
 *       so a database whose recent backups all failed keeps its last good one.</li>
 *   <li>Objects dated after today (the clock went back) are kept. Only dates are compared, never instants, so a
 *       clock or DST change cannot remove anything early.</li>
 *   <li>Objects already deleted are ignored: they are not in the plan.</li>
 * </ul>
 */
public final class RetentionPlanner {
    private static final Comparator<StoredObject> NEWEST_FIRST = Comparator.comparing(StoredObject::date)
            .thenComparing(StoredObject::createdAt).reversed().thenComparing(StoredObject::key);

    private RetentionPlanner() {
    }

    /**
     * Plans the cleanup of {@code objects} under {@code policy} on {@code today}.
     *
     * @return one decision per present object: dailies first (by database, newest first), then weeklies
     */
    public static RetentionPlan plan(List<StoredObject> objects, RetentionPolicy policy, LocalDate today) {
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(today, "today");
        List<StoredObject> dailies = new ArrayList<>();
        List<StoredObject> weeklies = new ArrayList<>();
        for (StoredObject o : objects) {
            if (o.present()) {
                (o.kind() == ObjectKind.DAILY ? dailies : weeklies).add(o);
            }
        }
        dailies.sort(Comparator.comparing(StoredObject::database).thenComparing(NEWEST_FIRST));
        weeklies.sort(NEWEST_FIRST);

        Map<String, StoredObject> newestGood = new HashMap<>();
        for (StoredObject o : dailies) { // newest first within a database: the first good one wins
            if (o.sha256() != null) {
                newestGood.putIfAbsent(o.database(), o);
            }
        }
        List<Decision> decisions = new ArrayList<>(objects.size());
        for (StoredObject o : dailies) {
            decisions.add(daily(o, policy.dailyDays(), today, newestGood.get(o.database()) == o, dailies));
        }
        for (StoredObject o : weeklies) {
            decisions.add(weekly(o, policy.weeklyWeeks(), today));
        }
        return new RetentionPlan(today, policy, decisions);
    }

    private static Decision daily(StoredObject o, int days, LocalDate today, boolean newestGood,
                                  List<StoredObject> dailies) {
        String what = "daily of " + o.date();
        if (o.date().isAfter(today)) {
            return Decision.keep(o, what + ": dated after today (" + today + "), kept — has the clock gone back?");
        }
        if (o.date().isAfter(today.minusDays(days))) {
            return Decision.keep(o, what + ": within the " + days + "-day window");
        }
        String expired = days == 0 ? "dailies are not kept (daily_days = 0)" : "older than " + days + " days";
        if (newestGood) {
            boolean newerExists = dailies.stream()
                    .anyMatch(d -> d.database().equals(o.database()) && d.date().isAfter(o.date()));
            return Decision.keptBySafety(o, "kept by safety: newest good daily of " + o.database() + ", "
                    + what.substring("daily of ".length()) + ", " + expired + " ("
                    + (newerExists ? "the newer dailies have no checksum, so none is known good"
                            : "all newer backups failed or are missing") + ")");
        }
        return Decision.remove(o, what + ": " + expired);
    }

    private static Decision weekly(StoredObject o, int weeks, LocalDate today) {
        LocalDate monday = o.date().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate thisMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        String what = "weekly " + isoWeek(monday);
        if (monday.isAfter(thisMonday)) {
            return Decision.keep(o, what + ": dated after this week (" + isoWeek(thisMonday)
                    + "), kept — has the clock gone back?");
        }
        if (monday.isAfter(thisMonday.minusWeeks(weeks))) {
            return Decision.keep(o, what + ": within the last " + weeks + " ISO weeks");
        }
        return Decision.remove(o, what + ": " + (weeks == 0 ? "weeklies are not kept (weekly_weeks = 0)"
                : "older than " + weeks + " ISO weeks"));
    }

    /** {@code 2026-W53}: the ISO week-year and week of {@code day}. */
    static String isoWeek(LocalDate day) {
        return String.format("%04d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
