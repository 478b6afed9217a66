package dev.grove.patina.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times and ages as the console shows them: short, in the configured zone, no seconds. */
public final class Durations {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);

    private Durations() {
    }

    /** {@code "< 1 min"}, {@code "42 min"}, {@code "3 h 12 min"}, {@code "2 d 4 h"}; negative spans count as zero. */
    public static String human(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 1) {
            return "< 1 min";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            long rest = minutes % 60;
            return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
        }
        long rest = hours % 24;
        return rest == 0 ? hours / 24 + " d" : hours / 24 + " d " + rest + " h";
    }

    /** {@code "2026-11-28 02:00 UTC"}. */
    public static String stamp(Instant at, ZoneId zone) {
        return STAMP.format(at.atZone(zone)) + " " + zoneName(zone);
    }

    /** The zone's id, with "UTC" for every spelling of UTC ({@code Z}, {@code UTC}, {@code Etc/UTC}). */
    public static String zoneName(ZoneId zone) {
        return zone.normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /** {@code "Sat 28 Nov 02:00"}, in {@code zone}. */
    public static String dayTime(Instant at, ZoneId zone) {
        return DAY_TIME.format(at.atZone(zone));
    }
}
