package dev.grove.patina.config;

import java.time.ZoneId;
import java.util.Objects;

/**
 * When backups run: the {@code [schedule]} table. Cron expressions are Quartz syntax (6 or 7 fields, seconds first),
 * checked by {@link QuartzCronSyntax}.
 *
 * @param concurrency how many databases are dumped at once, 1..16
 * @param nightly     the cron of the nightly dumps
 * @param weekly      the cron of the weekly archive
 * @param cleanup     {@link #AFTER_WEEKLY}, or the cron of the retention cleanup
 * @param timezone    the zone the crons are read in
 * @param verify      the cron of the scheduled test restore ({@code patina verify} of every database)
 * @param verifyMaxAgeDays after how many days without a passing test restore a database is shown with a warning
 */
public record ScheduleConfig(int concurrency, String nightly, String weekly, String cleanup, ZoneId timezone,
                             String verify, int verifyMaxAgeDays) {
    public static final int MIN_CONCURRENCY = 1;
    public static final int MAX_CONCURRENCY = 16;
    public static final int DEFAULT_CONCURRENCY = 3;
    public static final String DEFAULT_NIGHTLY = "0 0 2 * * ?";
    public static final String DEFAULT_WEEKLY = "0 0 3 ? * SUN";
    /** The cleanup runs right after each weekly archive. */
    public static final String AFTER_WEEKLY = "after-weekly";
    public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");
    /** Weekly, Sunday 04:00: after the nightly (02:00) and the weekly archive (03:00). */
    public static final String DEFAULT_VERIFY = "0 0 4 ? * SUN";
    /** A weekly verify plus a day's grace. */
    public static final int DEFAULT_VERIFY_MAX_AGE_DAYS = 8;

    public ScheduleConfig {
        Objects.requireNonNull(nightly, "nightly");
        Objects.requireNonNull(weekly, "weekly");
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(timezone, "timezone");
        verify = verify == null ? DEFAULT_VERIFY : verify;
        verifyMaxAgeDays = verifyMaxAgeDays <= 0 ? DEFAULT_VERIFY_MAX_AGE_DAYS : verifyMaxAgeDays;
    }

    /** A schedule with the default test-restore cron and age policy. */
    public ScheduleConfig(int concurrency, String nightly, String weekly, String cleanup, ZoneId timezone) {
        this(concurrency, nightly, weekly, cleanup, timezone, DEFAULT_VERIFY, DEFAULT_VERIFY_MAX_AGE_DAYS);
    }

    /** The schedule used when {@code [schedule]} is left out. */
    public static ScheduleConfig defaults() {
        return new ScheduleConfig(DEFAULT_CONCURRENCY, DEFAULT_NIGHTLY, DEFAULT_WEEKLY, AFTER_WEEKLY, DEFAULT_TIMEZONE);
    }

    /** True when the cleanup follows the weekly archive rather than a cron of its own. */
    public boolean cleanupAfterWeekly() {
        return cleanup.equals(AFTER_WEEKLY);
    }
}
