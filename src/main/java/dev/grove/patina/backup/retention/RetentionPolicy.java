package dev.grove.patina.backup.retention;

/**
 * What the cleanup keeps. A policy always keeps something: the config rejects a retention that keeps nothing at
 * load time, and this record holds the same invariant for policies built in code.
 *
 * @param dailyDays   dailies dated within the last {@code dailyDays} days (today included) are kept, ≥ 0
 * @param weeklyWeeks weeklies of the last {@code weeklyWeeks} ISO weeks (this week included) are kept, ≥ 0
 */
public record RetentionPolicy(int dailyDays, int weeklyWeeks) {
    public RetentionPolicy {
        if (dailyDays < 0 || weeklyWeeks < 0) {
            throw new IllegalArgumentException("retention cannot be negative (daily_days " + dailyDays
                    + ", weekly_weeks " + weeklyWeeks + ")");
        }
        if (dailyDays == 0 && weeklyWeeks == 0) {
            throw new IllegalArgumentException("retention keeps nothing: daily_days and weekly_weeks are both 0");
        }
    }
}
