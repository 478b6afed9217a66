package dev.grove.patina.config;

/**
 * What the cleanup keeps: the {@code [retention]} table.
 *
 * @param dailyDays   how many days of daily dumps are kept, ≥ 1
 * @param weeklyWeeks how many weekly archives are kept, ≥ 0
 */
public record RetentionConfig(int dailyDays, int weeklyWeeks) {
    public static final int DEFAULT_DAILY_DAYS = 7;
    public static final int DEFAULT_WEEKLY_WEEKS = 12;

    /** The retention used when {@code [retention]} is left out. */
    public static RetentionConfig defaults() {
        return new RetentionConfig(DEFAULT_DAILY_DAYS, DEFAULT_WEEKLY_WEEKS);
    }
}
