package dev.grove.patina.config;

import static dev.grove.patina.config.ConfigKey.COMPRESSION_DAILY;
import static dev.grove.patina.config.ConfigKey.RETENTION_DAILY_DAYS;
import static dev.grove.patina.config.ConfigKey.RETENTION_WEEKLY_WEEKS;
import static dev.grove.patina.config.ConfigKey.SCHEDULE_CLEANUP;
import static dev.grove.patina.config.ConfigKey.SCHEDULE_CONCURRENCY;
import static dev.grove.patina.config.ConfigKey.SCHEDULE_NIGHTLY;
import static dev.grove.patina.config.ConfigKey.SCHEDULE_TIMEZONE;
import static dev.grove.patina.config.ConfigKey.SCHEDULE_WEEKLY;

import dev.grove.patina.compress.Compression;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Reads and checks what runs when and what is kept: {@code [schedule]}, {@code [retention]}, {@code [compression]}. */
final class ScheduleTablesReader {
    private ScheduleTablesReader() {
    }

    static ScheduleConfig schedule(TableView t) {
        t.rejectUnknownKeys(ConfigKey.idsOf(ConfigTable.SCHEDULE), "[schedule]");
        int concurrency = t.integer(SCHEDULE_CONCURRENCY.id(), ScheduleConfig.DEFAULT_CONCURRENCY,
                ScheduleConfig.MIN_CONCURRENCY, ScheduleConfig.MAX_CONCURRENCY);
        String nightly = cron(t, SCHEDULE_NIGHTLY.id(), ScheduleConfig.DEFAULT_NIGHTLY);
        String weekly = cron(t, SCHEDULE_WEEKLY.id(), ScheduleConfig.DEFAULT_WEEKLY);
        String cleanup = t.string(SCHEDULE_CLEANUP.id(), ScheduleConfig.AFTER_WEEKLY).strip();
        if (!cleanup.equals(ScheduleConfig.AFTER_WEEKLY)) {
            cleanup = cron(t, SCHEDULE_CLEANUP.id(), cleanup, " (or \"" + ScheduleConfig.AFTER_WEEKLY + "\")");
        }
        String zoneText = t.string(SCHEDULE_TIMEZONE.id(), ScheduleConfig.DEFAULT_TIMEZONE.getId());
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText.strip());
        } catch (DateTimeException e) {
            throw t.error(SCHEDULE_TIMEZONE.id(), "schedule.timezone " + TableView.shown(zoneText)
                    + " is not a known time zone; use an IANA name such as UTC or Europe/Berlin"
                    + Suggestions.didYouMean(zoneText, ZoneId.getAvailableZoneIds()));
        }
        String verify = cron(t, ConfigKey.SCHEDULE_VERIFY.id(), ScheduleConfig.DEFAULT_VERIFY);
        int verifyMaxAge = t.integer(ConfigKey.SCHEDULE_VERIFY_MAX_AGE_DAYS.id(),
                ScheduleConfig.DEFAULT_VERIFY_MAX_AGE_DAYS, 1, 3660);
        return new ScheduleConfig(concurrency, nightly, weekly, cleanup, zone, verify, verifyMaxAge);
    }

    private static String cron(TableView t, String key, String defaultValue) {
        return cron(t, key, t.string(key, defaultValue).strip(), "");
    }

    private static String cron(TableView t, String key, String expression, String alternative) {
        Optional<String> problem = QuartzCronSyntax.problem(expression);
        if (problem.isPresent()) {
            throw t.error(key, t.key(key) + " " + TableView.shown(expression) + " is not a valid Quartz cron"
                    + " expression" + alternative + ": " + problem.get());
        }
        return expression;
    }

    static RetentionConfig retention(TableView t) {
        String dailyKey = RETENTION_DAILY_DAYS.id();
        String weeklyKey = RETENTION_WEEKLY_WEEKS.id();
        t.rejectUnknownKeys(ConfigKey.idsOf(ConfigTable.RETENTION), "[retention]");
        if (!t.has(dailyKey) && !t.has(weeklyKey)) {
            t.file().warn(t.headerLine(), "[retention] is empty, so the defaults apply: daily_days = "
                    + RetentionConfig.DEFAULT_DAILY_DAYS + ", weekly_weeks = " + RetentionConfig.DEFAULT_WEEKLY_WEEKS
                    + " (write them out to keep them, or remove the empty table)");
        }
        Optional<Long> daily = t.integer(dailyKey);
        Optional<Long> weekly = t.integer(weeklyKey);
        if (daily.orElse(1L) == 0 && weekly.orElse(1L) == 0) {
            throw t.error(dailyKey, "retention keeps nothing: retention.daily_days and retention.weekly_weeks are"
                    + " both 0; keep at least 1 daily");
        }
        int dailyDays = t.integer(dailyKey, RetentionConfig.DEFAULT_DAILY_DAYS, 1, Integer.MAX_VALUE);
        int weeklyWeeks = t.integer(weeklyKey, RetentionConfig.DEFAULT_WEEKLY_WEEKS, 0, Integer.MAX_VALUE);
        return new RetentionConfig(dailyDays, weeklyWeeks);
    }

    static CompressionConfig compression(TableView t) {
        t.rejectUnknownKeys(ConfigKey.idsOf(ConfigTable.COMPRESSION), "[compression]");
        String text = t.string(COMPRESSION_DAILY.id(), CompressionConfig.DEFAULT_DAILY.id());
        List<String> ids = List.of(Compression.values()).stream().map(Compression::id).toList();
        // workers: threads compressing one dump; left out = one per core (ADR 0018)
        String workersKey = ConfigKey.COMPRESSION_WORKERS.id();
        java.util.OptionalInt workers = t.integer(workersKey).isPresent()
                ? java.util.OptionalInt.of(t.integer(workersKey, 1, 1, CompressionConfig.MAX_WORKERS))
                : java.util.OptionalInt.empty();
        for (Compression c : Compression.values()) {
            if (c.id().equals(text)) {
                return new CompressionConfig(c, workers);
            }
        }
        throw t.error(COMPRESSION_DAILY.id(), "compression.daily must be \"none\", \"gzip\" or \"zstd\" (found "
                + TableView.shown(text) + ")" + Suggestions.didYouMean(text, ids));
    }
}
