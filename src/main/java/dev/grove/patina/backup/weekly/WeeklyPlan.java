package dev.grove.patina.backup.weekly;

import java.util.List;

/**
 * What a weekly archive of one ISO week will hold: every configured database × Monday to Sunday is either a
 * {@link PlannedMember} or a {@link MissingDaily} with its reason. A value: planning reads, never writes.
 *
 * @param key the archive's object key, {@code [prefix]weekly/YYYY-Www.tar.gz}
 */
public record WeeklyPlan(IsoWeek week, String key, List<PlannedMember> members, List<MissingDaily> missing) {
    public WeeklyPlan {
        members = List.copyOf(members);
        missing = List.copyOf(missing);
    }

    /** Tells whether every database has a daily for every day of the week. */
    public boolean complete() {
        return missing.isEmpty();
    }
}
