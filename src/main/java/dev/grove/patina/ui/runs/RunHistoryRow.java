package dev.grove.patina.ui.runs;

import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.ui.common.Durations;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * One row of the run history: a run as the operator reads it.
 *
 * @param duration how long it ran ("1.4 s", "3 min 12 s"), "running" while it has not ended
 * @param catchUp  "catch-up of 2026-11-27 02:00 UTC" for a catch-up run, "" otherwise
 * @param node     the cluster node that ran it, "node-a (recovered)" for a recovered fire, "" when none is recorded
 */
public record RunHistoryRow(String id, String kind, String trigger, LocalDate date, String started, String duration,
                     String status, String catchUp, String node, RunSummary run) {
    static RunHistoryRow of(RunSummary r, ZoneId zone) {
        return new RunHistoryRow(r.id(), r.kind().id(), r.trigger(), r.runDate(), Durations.stamp(r.startedAt(), zone),
                r.endedAt() == null ? "running" : seconds(Duration.between(r.startedAt(), r.endedAt())),
                r.status().id(), catchUp(r.catchUpOf(), zone), node(r.node(), r.recovered()), r);
    }

    /** {@code "node-a"}, {@code "node-a (recovered)"}, or {@code ""} when no node is recorded. */
    static String node(String node, boolean recovered) {
        if (node == null) {
            return recovered ? "(recovered)" : "";
        }
        return recovered ? node + " (recovered)" : node;
    }

    private static String catchUp(String catchUpOf, ZoneId zone) {
        if (catchUpOf == null || catchUpOf.isBlank()) {
            return "";
        }
        try {
            return "catch-up of " + Durations.stamp(java.time.Instant.parse(catchUpOf), zone);
        } catch (java.time.format.DateTimeParseException e) {
            return "catch-up of " + catchUpOf;
        }
    }

    /** {@code "0.4 s"}, {@code "12 s"}, {@code "3 min 4 s"}, {@code "2 h 5 min"}: run and backup durations. */
    public static String seconds(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long s = millis / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
