package dev.grove.patina.ui.dashboard;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schedule.CronSchedule;
import dev.grove.patina.ui.common.Durations;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.ui.common.UiNotifier;
import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.backup.weekly.WeeklyArchiver;
import dev.grove.patina.backup.weekly.WeeklyResult;
import java.time.LocalDate;
import javafx.collections.ObservableMap;
import dev.grove.patina.util.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The dashboard: one card per configured database, the next scheduled runs, and "Back up all now" with live
 * per-database progress. All catalog reads and the backup run in the background through the {@link UiExecutor};
 * the properties change only on the GUI thread.
 */
public final class DashboardViewModel {
    private final PatinaRuntime runtime;
    private final UiExecutor executor;
    private final ObservableList<DatabaseCard> cards = FXCollections.observableArrayList();
    private final ObservableList<DatabaseProgress> progressLines = FXCollections.observableArrayList();
    private final ObservableList<DatabaseCard> cardsView = FXCollections.unmodifiableObservableList(cards);
    private final ObservableList<DatabaseProgress> progressLinesView =
            FXCollections.unmodifiableObservableList(progressLines);
    private final StringProperty schedule = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty weeklyResult = new SimpleStringProperty("");
    private final ObservableMap<String, DatabaseProgress> cardStatus = FXCollections.observableHashMap();
    private final ObservableMap<String, DatabaseProgress> cardStatusView =
            FXCollections.unmodifiableObservableMap(cardStatus);
    private final UiNotifier notifier;

    public DashboardViewModel(PatinaRuntime runtime, UiExecutor executor) {
        this(runtime, executor, UiNotifier.none());
    }

    /** With {@code notifier} told once whenever a run started here finishes or fails. */
    public DashboardViewModel(PatinaRuntime runtime, UiExecutor executor, UiNotifier notifier) {
        this.runtime = runtime;
        this.executor = executor;
        this.notifier = notifier;
    }

    /** What one load of the dashboard reads from the catalog and the schedule. */
    record Snapshot(List<DatabaseCard> cards, String schedule) {
    }

    /** Reloads the cards and the schedule line in the background. */
    public void refresh() {
        executor.executeInBackground(this::load, s -> {
            cards.setAll(s.cards());
            schedule.set(s.schedule());
        }, e -> message.set("Cannot read the catalog: " + Messages.of(e)));
    }

    private Snapshot load() {
        Instant now = runtime.clock().instant();
        ZoneId zone = runtime.config().schedule().timezone();
        Map<String, DatabaseOutcome> lastOutcomes = runtime.catalog().lastRun(RunKind.NIGHTLY)
                .map(RunSummary::databases).orElse(List.of()).stream()
                .collect(Collectors.toMap(DatabaseOutcome::database, Function.identity(), (a, b) -> b));
        List<DatabaseCard> loaded = new ArrayList<>();
        for (String name : runtime.backups().databaseNames()) {
            loaded.add(DatabaseCard.of(name, runtime.catalog().latestGood(name),
                    Optional.ofNullable(lastOutcomes.get(name)), now, zone));
        }
        return new Snapshot(loaded, scheduleLine(new CronSchedule(runtime.config().schedule()), now, zone));
    }

    static String scheduleLine(CronSchedule schedule, Instant now, ZoneId zone) {
        List<String> parts = new ArrayList<>();
        schedule.next(RunKind.NIGHTLY, now).ifPresent(at -> parts.add("Next nightly " + Durations.dayTime(at, zone)
                + " (in " + Durations.human(Duration.between(now, at)) + ")"));
        schedule.next(RunKind.WEEKLY, now).ifPresent(at -> parts.add("next weekly " + Durations.dayTime(at, zone)
                + " (in " + Durations.human(Duration.between(now, at)) + ")"));
        parts.add("times in " + Durations.zoneName(zone));
        return String.join("  ·  ", parts);
    }

    /**
     * Runs the nightly backup of every configured database now (trigger {@code manual}), with live progress, then
     * reloads the cards. Does nothing while a run started here is still going.
     */
    public void backUpAll() {
        if (running.get()) {
            return;
        }
        List<String> names = runtime.backups().databaseNames();
        ProgressRelay relay = new ProgressRelay(names, executor, lines -> {
            progressLines.setAll(lines);
            long done = lines.stream().filter(l -> l.phase() == DatabaseProgress.Phase.OK
                    || l.phase() == DatabaseProgress.Phase.FAILED).count();
            progress.set(names.isEmpty() ? 1 : (double) done / names.size());
        });
        running.set(true);
        progress.set(0);
        progressLines.setAll(relay.snapshot());
        message.set("Backing up " + names.size() + " database" + (names.size() == 1 ? "" : "s") + "…");
        executor.executeInBackground(
                () -> runtime.backups().runNightly(runtime.clock().instant(), "manual", Set.of(), relay),
                report -> {
                    running.set(false);
                    progress.set(1);
                    progressLines.setAll(report.databases().stream().map(ProgressRelay::finalLine).toList());
                    message.set(summary(report));
                    notifier.notify("Backup finished", message.get(), !report.failures().isEmpty());
                    refresh();
                },
                e -> {
                    running.set(false);
                    message.set("The backup did not run: " + Messages.of(e));
                    notifier.notify("Backup failed", message.get(), true);
                    refresh();
                });
    }

    /**
     * Runs the nightly backup of {@code database} alone now (trigger {@code manual}); its card shows the progress
     * and then the result. Does nothing while a run started here is still going.
     */
    public void backUp(String database) {
        if (running.get()) {
            return;
        }
        ProgressRelay relay = new ProgressRelay(List.of(database), executor, lines -> lines.stream()
                .filter(l -> l.database().equals(database)).findFirst().ifPresent(l -> cardStatus.put(database, l)));
        running.set(true);
        cardStatus.put(database, relay.snapshot().get(0));
        executor.executeInBackground(
                () -> runtime.backups().runNightly(runtime.clock().instant(), "manual", Set.of(database), relay),
                report -> {
                    running.set(false);
                    report.databases().stream().filter(d -> d.database().equals(database)).findFirst()
                            .map(ProgressRelay::finalLine).ifPresent(l -> cardStatus.put(database, l));
                    DatabaseProgress last = cardStatus.get(database);
                    notifier.notify("Backup of " + database + (report.failures().isEmpty() ? " finished" : " failed"),
                            last == null ? summary(report) : last.line(), !report.failures().isEmpty());
                    refresh();
                },
                e -> {
                    running.set(false);
                    DatabaseProgress failed = new DatabaseProgress(database, DatabaseProgress.Phase.FAILED,
                            "did not run — " + Messages.of(e));
                    cardStatus.put(database, failed);
                    notifier.notify("Backup of " + database + " failed", failed.line(), true);
                    refresh();
                });
    }

    /**
     * Archives the last ended ISO week now (trigger {@code manual}) and shows the result in
     * {@link #weeklyResultProperty()}. Does nothing while a run started here is still going.
     */
    public void runWeekly() {
        if (running.get()) {
            return;
        }
        running.set(true);
        weeklyResult.set("Archiving the last week…");
        executor.executeInBackground(() -> {
            WeeklyArchiver archiver = runtime.weeklyArchiver();
            LocalDate today = LocalDate.ofInstant(runtime.clock().instant(), runtime.config().schedule().timezone());
            return archiver.apply(archiver.plan(IsoWeek.lastEndedOnOrBefore(today).monday()), "manual");
        }, result -> {
            running.set(false);
            weeklyResult.set(weeklyLine(result));
            notifier.notify(result.stored() ? "Weekly archive stored" : "Weekly archive failed", weeklyResult.get(),
                    !result.stored());
            refresh();
        }, e -> {
            running.set(false);
            weeklyResult.set("The weekly archive did not run: " + Messages.of(e));
            notifier.notify("Weekly archive failed", weeklyResult.get(), true);
        });
    }

    static String weeklyLine(WeeklyResult r) {
        String week = r.key() == null ? "Weekly"
                : "Weekly " + r.key().replaceAll(".*/", "").replaceAll("\\.tar\\.gz$", "");
        if (!r.stored()) {
            return week + " failed: " + r.error() + (r.missing().isEmpty() ? "" : " (" + r.missing().size()
                    + " missing)");
        }
        String head = week + ": " + r.members().size() + " member" + (r.members().size() == 1 ? "" : "s") + ", "
                + Bytes.formatBytes(r.size()) + ", " + r.missing().size() + " missing";
        if (r.missing().isEmpty()) {
            return head;
        }
        return head + " — " + String.join("; ", r.missing().stream().limit(5)
                .map(m -> m.database() + " " + m.date() + ": " + m.reason()).toList())
                + (r.missing().size() > 5 ? "; …" : "");
    }

    static String summary(RunReport report) {
        long ok = report.databases().stream().filter(d -> d.status() == RunStatus.OK).count();
        long bytes = report.databases().stream().mapToLong(DatabaseOutcome::bytes).sum();
        String took = report.endedAt() == null ? "" : " in "
                + String.format(java.util.Locale.ROOT, "%.1f s",
                Duration.between(report.startedAt(), report.endedAt()).toMillis() / 1000.0);
        String head = "Backup finished: " + ok + " of " + report.databases().size() + " ok, "
                + Bytes.formatBytes(bytes) + took;
        List<String> failed = report.failures().stream().map(DatabaseOutcome::database).toList();
        return failed.isEmpty() ? head : head + " — failed: " + String.join(", ", failed);
    }

    public ObservableList<DatabaseCard> cards() {
        return cardsView;
    }

    /** Per database: the progress, then the result, of its last "Back up now". */
    public ObservableMap<String, DatabaseProgress> cardStatus() {
        return cardStatusView;
    }

    /** The result of the last "Run weekly now", or empty. */
    public ReadOnlyStringProperty weeklyResultProperty() {
        return weeklyResult;
    }

    /** Who is told when a run started from the console ends (the clean-up dialog uses it too). */
    public UiNotifier notifier() {
        return notifier;
    }

    public ObservableList<DatabaseProgress> progressLines() {
        return progressLinesView;
    }

    public ReadOnlyStringProperty scheduleProperty() {
        return schedule;
    }

    /** The outcome of the last action, or why it could not run. */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    /** From 0 to 1: the share of databases finished in the current run. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }
}
