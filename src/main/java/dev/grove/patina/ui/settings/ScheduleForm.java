package dev.grove.patina.ui.settings;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.CompressionConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.QuartzCronSyntax;
import dev.grove.patina.config.RetentionConfig;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.schedule.CronSchedule;
import dev.grove.patina.ui.common.Durations;
import dev.grove.patina.ui.common.Messages;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Settings tab's editable part: the schedule, retention and compression as text, each with its inline error,
 * and a preview of the next fire times of each cron expression; whether anything differs from the saved file.
 */
final class ScheduleForm {
    static final int PREVIEW_COUNT = 3;

    private final Clock clock;
    private final Supplier<PatinaConfig> saved;
    final StringProperty nightly = new SimpleStringProperty("");
    final StringProperty weekly = new SimpleStringProperty("");
    final StringProperty timezone = new SimpleStringProperty("");
    final StringProperty concurrency = new SimpleStringProperty("");
    final StringProperty dailyDays = new SimpleStringProperty("");
    final StringProperty weeklyWeeks = new SimpleStringProperty("");
    final ObjectProperty<Compression> compression = new SimpleObjectProperty<>(Compression.NONE);
    final StringProperty nightlyError = new SimpleStringProperty("");
    final StringProperty weeklyError = new SimpleStringProperty("");
    final StringProperty timezoneError = new SimpleStringProperty("");
    final StringProperty concurrencyError = new SimpleStringProperty("");
    final StringProperty dailyDaysError = new SimpleStringProperty("");
    final StringProperty weeklyWeeksError = new SimpleStringProperty("");
    final StringProperty nightlyPreview = new SimpleStringProperty("");
    final StringProperty weeklyPreview = new SimpleStringProperty("");
    final BooleanProperty dirty = new SimpleBooleanProperty();
    final BooleanBinding valid;

    /** @param saved the config as the file holds it now */
    ScheduleForm(Clock clock, Supplier<PatinaConfig> saved) {
        this.clock = clock;
        this.saved = saved;
        valid = Bindings.createBooleanBinding(() -> nightlyError.get().isEmpty() && weeklyError.get().isEmpty()
                        && timezoneError.get().isEmpty() && concurrencyError.get().isEmpty()
                        && dailyDaysError.get().isEmpty() && weeklyWeeksError.get().isEmpty(),
                nightlyError, weeklyError, timezoneError, concurrencyError, dailyDaysError, weeklyWeeksError);
        for (var p : List.of(nightly, weekly, timezone, concurrency, dailyDays, weeklyWeeks)) {
            p.addListener((o, was, is) -> check());
        }
        compression.addListener((o, was, is) -> check());
    }

    /** Fills the fields from {@code config}. */
    void show(PatinaConfig config) {
        ScheduleConfig s = config.schedule();
        nightly.set(s.nightly());
        weekly.set(s.weekly());
        timezone.set(s.timezone().getId());
        concurrency.set(Integer.toString(s.concurrency()));
        dailyDays.set(Integer.toString(config.retention().dailyDays()));
        weeklyWeeks.set(Integer.toString(config.retention().weeklyWeeks()));
        compression.set(config.compression().daily());
        check();
    }

    /** Re-checks every field, updates the inline errors and previews, and whether anything differs from the file. */
    void check() {
        Optional<ZoneId> zone = zone();
        timezoneError.set(zone.isPresent() ? "" : "Not a time zone: use a region id like Europe/Berlin, or UTC");
        ZoneId previewZone = zone.orElse(saved.get().schedule().timezone());
        checkCron(nightly.get(), RunKind.NIGHTLY, previewZone, nightlyError, nightlyPreview);
        checkCron(weekly.get(), RunKind.WEEKLY, previewZone, weeklyError, weeklyPreview);
        Optional<Integer> c = number(concurrency.get());
        concurrencyError.set(c.isPresent() && c.get() >= ScheduleConfig.MIN_CONCURRENCY
                && c.get() <= ScheduleConfig.MAX_CONCURRENCY ? ""
                : "Must be a whole number from " + ScheduleConfig.MIN_CONCURRENCY + " to "
                + ScheduleConfig.MAX_CONCURRENCY);
        Optional<Integer> d = number(dailyDays.get());
        Optional<Integer> w = number(weeklyWeeks.get());
        dailyDaysError.set(d.isPresent() && d.get() >= 1 ? "" : "Must be a whole number ≥ 1 (days of daily dumps)");
        weeklyWeeksError.set(w.isPresent() && w.get() >= 0 ? ""
                : "Must be a whole number ≥ 0 (weekly archives kept)");
        if (d.isPresent() && w.isPresent() && d.get() == 0 && w.get() == 0) {
            dailyDaysError.set("Retention would keep nothing: keep at least 1 day of dailies");
        }
        dirty.set(valid.get() && !edited().equals(saved.get()) || !valid.get());
    }

    private void checkCron(String cron, RunKind kind, ZoneId zone, StringProperty error, StringProperty preview) {
        Optional<String> problem = QuartzCronSyntax.problem(cron);
        if (problem.isPresent()) {
            error.set("Not a valid Quartz cron expression: " + problem.get());
            preview.set("");
            return;
        }
        try {
            ScheduleConfig s = new ScheduleConfig(1, kind == RunKind.NIGHTLY ? cron : ScheduleConfig.DEFAULT_NIGHTLY,
                    kind == RunKind.WEEKLY ? cron : ScheduleConfig.DEFAULT_WEEKLY, ScheduleConfig.AFTER_WEEKLY, zone);
            CronSchedule schedule = new CronSchedule(s);
            List<String> times = new ArrayList<>();
            Instant at = clock.instant();
            for (int i = 0; i < PREVIEW_COUNT; i++) {
                Optional<Instant> next = schedule.next(kind, at);
                if (next.isEmpty()) {
                    break;
                }
                at = next.get();
                times.add(Durations.dayTime(at, zone));
            }
            if (times.isEmpty()) {
                error.set("This cron expression never fires");
                preview.set("");
                return;
            }
            error.set("");
            preview.set(CronText.describe(cron) + "\nNext: " + String.join(", ", times) + " ("
                    + Durations.zoneName(zone) + ")");
        } catch (IllegalArgumentException e) {
            error.set("Not a valid Quartz cron expression: " + Messages.of(e));
            preview.set("");
        }
    }

    private Optional<ZoneId> zone() {
        try {
            return Optional.of(ZoneId.of(timezone.get().strip()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> number(String text) {
        try {
            return Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The saved config with the edited fields; only call when {@link #valid} is true. */
    PatinaConfig edited() {
        PatinaConfig base = saved.get();
        ScheduleConfig old = base.schedule();
        ScheduleConfig schedule = new ScheduleConfig(Integer.parseInt(concurrency.get().strip()),
                nightly.get().strip(), weekly.get().strip(), old.cleanup(), ZoneId.of(timezone.get().strip()),
                old.verify(), old.verifyMaxAgeDays());
        return new PatinaConfig(base.file(), base.store(), base.databases(), schedule,
                new RetentionConfig(Integer.parseInt(dailyDays.get().strip()),
                        Integer.parseInt(weeklyWeeks.get().strip())),
                new CompressionConfig(compression.get(), base.compression().workers()), base.alerts(), base.catalog(),
                base.api(),
                base.warnings(), base.replicas(), base.encryption(), base.cluster());
    }
}
