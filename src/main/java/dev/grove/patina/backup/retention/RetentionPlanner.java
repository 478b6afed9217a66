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
 *   <li>Safety: the newest good daily of each database (present, with a SHA-256, not known to be damaged) is never
 *       removed, however old, so a database whose recent backups all failed keeps its last good one. A daily that
 *       {@code verify} found damaged or missing is never "good": a newer damaged daily does not stand in for the
 *       older intact one, and the reason says which newer daily is damaged. When a database has no intact daily at
 *       all, its newest damaged one is kept instead (the only copy there is). When that newest good daily was
 *       never verified, the newest daily that {@code verify} proved restorable (and has not found damaged since) is
 *       kept by safety too: an unverified copy may be damaged unseen.</li>
 *   <li>A damaged object's reason says so ({@code DAMAGED: …}), whatever is decided about it.</li>
 *   <li>Objects dated after today (the clock went back) are kept. Only dates are compared, never instants, so a
 *       clock or DST change cannot remove anything early.</li>
 *   <li>Objects already deleted are ignored: they are not in the plan.</li>
 *   <li>One copy per slot: a day of a database, or a week, stored under two keys (encryption or compression was
 *       turned on or off that day: {@code shop.sql.gz} and {@code shop.sql.gz.age}) keeps the newest intact one —
 *       or the newest, when none is intact; the others are removed as superseded, but only while that one is kept,
 *       and never one a safety rule keeps. So the slot never keeps both for good, nor loses its only copy.</li>
 *   <li>Differentials (ADR 0016): a full that a kept differential applies to is kept too, whatever its age, and its
 *       reason names the differentials; a differential whose full is gone or damaged restores nothing, so it is
 *       never the "newest good daily" the safety rule keeps.</li>
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
        return plan(objects, Map.of(), policy, today);
    }

    /**
     * Plans the cleanup as {@link #plan(List, RetentionPolicy, LocalDate)} does, keeping every full a kept
     * differential needs.
     *
     * @param bases each differential daily's key → the key of the full it applies to (the catalog's object chains)
     */
    public static RetentionPlan plan(List<StoredObject> objects, Map<String, String> bases, RetentionPolicy policy,
                                     LocalDate today) {
        Objects.requireNonNull(bases, "bases");
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
        Map<String, StoredObject> newestVerified = new HashMap<>();
        Map<String, StoredObject> newestDamaged = new HashMap<>();
        Map<String, StoredObject> byKey = new HashMap<>();
        for (StoredObject o : dailies) {
            byKey.put(o.key(), o);
        }
        java.util.Set<String> orphans = new java.util.HashSet<>();
        for (StoredObject o : dailies) { // newest first within a database: the first good one wins
            if (!restorable(o, bases, byKey)) {
                orphans.add(o.key());
            }
            if (o.sha256() != null && !o.damaged() && !orphans.contains(o.key())) {
                newestGood.putIfAbsent(o.database(), o);
                if (o.verifiedAt() != null) {
                    newestVerified.putIfAbsent(o.database(), o);
                }
            } else if (o.damaged()) {
                newestDamaged.putIfAbsent(o.database(), o);
            }
        }
        List<Decision> decisions = new ArrayList<>(objects.size());
        for (StoredObject o : dailies) {
            StoredObject safetyCopy = newestGood.containsKey(o.database()) ? newestGood.get(o.database())
                    : newestDamaged.get(o.database());
            if (safetyCopy != o && newestVerified.get(o.database()) == o) {
                // the newest good daily was never verified (it may be damaged unseen): the newest one verify proved
                // restorable stays too
                decisions.add(verifiedDaily(o, policy.dailyDays(), today, safetyCopy));
                continue;
            }
            decisions.add(daily(o, policy.dailyDays(), today, safetyCopy == o, dailies, orphans));
        }
        keepBases(decisions, bases);
        for (StoredObject o : weeklies) {
            decisions.add(weekly(o, policy.weeklyWeeks(), today));
        }
        return new RetentionPlan(today, policy, oneCopyPerSlot(decisions, bases));
    }

    /** Removes the superseded forms of a slot whose chosen copy is kept (see the class's last rule). */
    private static List<Decision> oneCopyPerSlot(List<Decision> decisions, Map<String, String> bases) {
        java.util.Set<String> neededFulls = new java.util.HashSet<>();
        for (Decision d : decisions) {
            if (d.action() == Decision.Action.KEEP && bases.containsKey(d.key())) {
                neededFulls.add(bases.get(d.key()));
            }
        }
        Map<String, StoredObject> chosen = new HashMap<>();
        for (Decision d : decisions) {
            chosen.merge(slot(d.object()), d.object(), RetentionPlanner::better);
        }
        Map<String, Decision> byKey = new HashMap<>();
        decisions.forEach(d -> byKey.put(d.key(), d));
        List<Decision> out = new ArrayList<>(decisions.size());
        for (Decision d : decisions) {
            StoredObject keep = chosen.get(slot(d.object()));
            if (keep != d.object() && d.action() == Decision.Action.KEEP && !d.safety()
                    && !neededFulls.contains(d.key()) && byKey.get(keep.key()).action() == Decision.Action.KEEP) {
                String what = d.object().kind() == ObjectKind.DAILY ? "daily of " + d.object().date()
                        : "weekly " + isoWeek(d.object().date());
                String unit = d.object().kind() == ObjectKind.DAILY ? "day" : "week";
                out.add(Decision.remove(d.object(), what + ": superseded by " + keep.key() + ", the newest"
                        + (keep.sha256() != null && !keep.damaged() ? " intact" : "") + " copy of the " + unit
                        + " (encryption or compression changed; one copy per " + unit + " is kept)"
                        + (d.object().damaged() ? " — DAMAGED (" + d.object().damage() + ")" : "")));
            } else {
                out.add(d);
            }
        }
        return out;
    }

    /** A daily's database and date, or a weekly's week: what two forms of one backup share. */
    private static String slot(StoredObject o) {
        // a differential (ADR 0016) and a full of the same day are two backups, not two forms of one
        return o.kind() == ObjectKind.DAILY ? "d/" + o.database() + "/" + o.date()
                + (o.key().contains(".diff.sql") ? "/diff" : "") : "w/" + isoWeek(o.date());
    }

    /** The copy a slot keeps of {@code a} and {@code b}: the intact one, else the newer. */
    private static StoredObject better(StoredObject a, StoredObject b) {
        boolean aGood = a.sha256() != null && !a.damaged();
        boolean bGood = b.sha256() != null && !b.damaged();
        if (aGood != bGood) {
            return aGood ? a : b;
        }
        int newer = a.createdAt().compareTo(b.createdAt());
        return newer != 0 ? (newer > 0 ? a : b) : (a.key().compareTo(b.key()) >= 0 ? a : b);
    }

    /** A full, or a differential whose full is present, intact and checksummed. */
    private static boolean restorable(StoredObject o, Map<String, String> bases, Map<String, StoredObject> dailies) {
        String base = bases.get(o.key());
        if (base == null) {
            return true;
        }
        StoredObject full = dailies.get(base);
        return full != null && full.sha256() != null && !full.damaged();
    }

    /** Turns the removal of a full that a kept differential applies to into a keep that says so. */
    private static void keepBases(List<Decision> decisions, Map<String, String> bases) {
        Map<String, List<StoredObject>> neededBy = new HashMap<>();
        for (Decision d : decisions) {
            String base = bases.get(d.key());
            if (base != null && d.action() == Decision.Action.KEEP) {
                neededBy.computeIfAbsent(base, k -> new ArrayList<>()).add(d.object());
            }
        }
        for (int i = 0; i < decisions.size(); i++) {
            Decision d = decisions.get(i);
            List<StoredObject> kept = neededBy.get(d.key());
            if (kept == null || d.action() != Decision.Action.REMOVE) {
                continue;
            }
            List<String> dates = kept.stream().map(o -> o.date().toString()).sorted().toList();
            String which = dates.size() == 1 ? "the kept differential of " + dates.get(0)
                    : "the kept differentials of " + String.join(", ", dates);
            decisions.set(i, Decision.keep(d.object(), d.reason() + ", but kept: it is the full " + which
                    + (dates.size() == 1 ? " applies" : " apply") + " to (a differential restores nothing without "
                    + "it)"));
        }
    }

    private static Decision daily(StoredObject o, int days, LocalDate today, boolean safetyCopy,
                                  List<StoredObject> dailies, java.util.Set<String> orphans) {
        String what = "daily of " + o.date();
        String damage = o.damaged() ? " — DAMAGED (" + o.damage() + "): not counted as a good copy" : "";
        if (o.date().isAfter(today)) {
            return Decision.keep(o, what + ": dated after today (" + today + "), kept — has the clock gone back?"
                    + damage);
        }
        if (o.date().isAfter(today.minusDays(days))) {
            return Decision.keep(o, what + ": within the " + days + "-day window" + damage);
        }
        String expired = days == 0 ? "dailies are not kept (daily_days = 0)" : "older than " + days + " days";
        if (safetyCopy) {
            String day = what.substring("daily of ".length());
            if (o.damaged()) {
                return Decision.keptBySafety(o, "kept by safety: " + o.database() + " has no intact daily, and this "
                        + "DAMAGED one (" + o.damage() + ") of " + day + " is the newest copy there is, " + expired);
            }
            List<StoredObject> newer = dailies.stream()
                    .filter(d -> d.database().equals(o.database()) && d.date().isAfter(o.date())).toList();
            List<String> damagedNewer = newer.stream().filter(StoredObject::damaged)
                    .map(d -> d.date() + " (" + d.damage() + ")").toList();
            List<String> orphanNewer = newer.stream().filter(d -> orphans.contains(d.key()))
                    .map(d -> d.date().toString()).sorted().toList();
            String why;
            if (!orphanNewer.isEmpty() && damagedNewer.isEmpty()) {
                why = "the newer differential" + (orphanNewer.size() == 1 ? " of " : "s of ")
                        + String.join(", ", orphanNewer) + " ha" + (orphanNewer.size() == 1 ? "s" : "ve")
                        + " no usable full, so " + (orphanNewer.size() == 1 ? "it restores" : "they restore")
                        + " nothing";
            } else if (!damagedNewer.isEmpty()) {
                why = damagedNewer.size() == 1
                        ? "the newer daily " + newer.stream().filter(StoredObject::damaged).findFirst().orElseThrow()
                        .date() + " is DAMAGED (" + newer.stream().filter(StoredObject::damaged).findFirst()
                        .orElseThrow().damage() + "), so it is not a good copy"
                        : "the newer dailies " + String.join(", ", damagedNewer) + " are DAMAGED, so none is a good copy";
            } else if (!newer.isEmpty()) {
                why = "the newer dailies have no checksum, so none is known good";
            } else {
                why = "all newer backups failed or are missing";
            }
            return Decision.keptBySafety(o, "kept by safety: newest good daily of " + o.database() + ", " + day
                    + ", " + expired + " (" + why + ")");
        }
        return Decision.remove(o, what + ": " + expired + damage.replace(": not counted as a good copy", ""));
    }

    /** The newest daily verify proved restorable, when a newer good daily was never verified. */
    private static Decision verifiedDaily(StoredObject o, int days, LocalDate today, StoredObject newestGood) {
        Decision plain = daily(o, days, today, false, List.of(), java.util.Set.of());
        if (plain.action() != Decision.Action.REMOVE) {
            return plain;
        }
        String expired = days == 0 ? "dailies are not kept (daily_days = 0)" : "older than " + days + " days";
        return Decision.keptBySafety(o, "kept by safety: newest verified daily of " + o.database() + ", " + o.date()
                + " (verified " + o.verifiedAt() + "), " + expired + " (the newer daily " + newestGood.date()
                + " was never verified, so this is the newest copy proven to restore)");
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
