package dev.grove.patina.ui.dashboard;

import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import javafx.collections.ObservableMap;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schedule.CronSchedule;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.ui.common.Durations;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.ui.common.UiNotifier;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
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
    private final DashboardSources sources;
    private final UiExecutor executor;
    private final ObservableList<DatabaseCard> cards = FXCollections.observableArrayList();
    private final ObservableList<DatabaseCard> cardsView = FXCollections.unmodifiableObservableList(cards);
    private final StringProperty schedule = new SimpleStringProperty("");
    private final UiNotifier notifier;
    private final NightlyProgressLines nightlyLines = new NightlyProgressLines();
    /** The live runs of this process's run service (whoever ordered them) and the actions that order runs. */
    private final DashboardRuns runs;
    /**
     * The scheduler running in this process, or null (not started yet, another process runs the schedule, tests).
     * Set once, on the GUI thread.
     */
    private SchedulerService scheduler;
    private final String scheduleRunBy;
    private final StringProperty residency = new SimpleStringProperty("");
    private final StringProperty banner = new SimpleStringProperty("");
    private final StringProperty lastRun = new SimpleStringProperty("");
    private final StringProperty replicas = new SimpleStringProperty("");
    private final BooleanProperty schedulerAttached = new SimpleBooleanProperty();
    private final BooleanProperty paused = new SimpleBooleanProperty();
    /** The run id of the banner's catch-up, once dismissed (GUI thread only). */
    private String dismissedCatchUp;
    private String bannerRun;

    public DashboardViewModel(DashboardSources sources, UiExecutor executor) {
        this(sources, executor, UiNotifier.none());
    }

    /** With {@code notifier} told once whenever a run started here finishes or fails. */
    public DashboardViewModel(DashboardSources sources, UiExecutor executor, UiNotifier notifier) {
        this(sources, executor, notifier, null, null);
    }

    /**
     * The dashboard: every action orders a run from the process's run service, and every run of that service
     * (scheduled, caught up, ordered here, by the API, the tray or the CLI in this process) shows its live progress
     * here, can be cancelled, and is notified when it ends.
     *
     * @param scheduler       the scheduler running in this process, or null when none does
     * @param scheduleRunBy   when null scheduler: who runs the schedule instead ("patina daemon (pid 12)"), or null
     */
    public DashboardViewModel(DashboardSources sources, UiExecutor executor, UiNotifier notifier,
                              SchedulerService scheduler, String scheduleRunBy) {
        this.sources = sources;
        this.executor = executor;
        this.notifier = notifier;
        this.scheduleRunBy = scheduleRunBy;
        this.runs = new DashboardRuns(sources.runs(), sources.queue(), executor, notifier, sources::databases,
                nightlyLines, this::refresh);
        residency.set(residencyLine(null, scheduleRunBy));
        if (scheduler != null) {
            attachScheduler(scheduler);
        }
    }

    /**
     * Puts the scheduler of this process under the dashboard (the console starts it after its first frame): Pause
     * and Resume apply to it. Its runs show anyway (they go through the run service). Call once, on the GUI thread.
     */
    public void attachScheduler(SchedulerService started) {
        if (this.scheduler != null) {
            throw new IllegalStateException("a scheduler is attached already");
        }
        this.scheduler = started;
        residency.set(residencyLine(started, scheduleRunBy));
        paused.set(started.isPaused());
        schedulerAttached.set(true);
    }

    /**
     * Pauses the schedules (nothing fires on its own; manual runs still work; a fire time passed while paused runs
     * once on resume), or resumes them. The tray menu and the dashboard's button both come here.
     */
    public void togglePause() {
        if (scheduler == null) {
            return;
        }
        if (scheduler.isPaused()) {
            scheduler.resume();
        } else {
            scheduler.pause();
        }
        paused.set(scheduler.isPaused());
        schedulesChanged();
    }

    /** True while the schedules of this process are paused. */
    public ReadOnlyBooleanProperty pausedProperty() {
        return paused;
    }

    /** True once the scheduler of this process runs under the dashboard (Pause/Resume and Cancel apply). */
    public ReadOnlyBooleanProperty schedulerAttachedProperty() {
        return schedulerAttached;
    }

    /** Says that the schedule is starting (the console, before {@link #attachScheduler}) or could not start. */
    public void scheduleStarting(String line) {
        residency.set(line);
    }

    /** Re-reads whether the schedules are paused (after the tray's Pause/Resume). */
    public void schedulesChanged() {
        residency.set(residencyLine(scheduler, scheduleRunBy));
    }

    static String residencyLine(SchedulerService scheduler, String runBy) {
        if (scheduler != null) {
            return scheduler.isPaused() ? "Schedules paused: nothing runs on its own until you resume them"
                    : "Schedules run in this app; closing the window keeps them running";
        }
        return runBy == null ? "" : "Schedules run in " + runBy + "; this window shows and triggers backups";
    }

    /** What one load of the dashboard reads from the catalog and the schedule. */
    record Snapshot(List<DatabaseCard> cards, String schedule, Map<String, Long> expectedRows,
                    Optional<RunSummary> catchUp, String lastRun, String replicas) {
    }

    /** Reloads the cards, the schedule line and the missed-run banner in the background. */
    public void refresh() {
        executor.executeInBackground(this::load, s -> {
            cards.setAll(s.cards());
            schedule.set(s.schedule());
            lastRun.set(s.lastRun());
            replicas.set(s.replicas());
            nightlyLines.expect(s.expectedRows());
            showCatchUp(s.catchUp());
        }, e -> runs.message.set("Cannot read the catalog: " + Messages.of(e)));
    }

    /** How long after a catch-up run its banner stays up (unless dismissed). */
    static final Duration BANNER_FOR = Duration.ofHours(24);

    private void showCatchUp(Optional<RunSummary> run) {
        if (run.isEmpty() || run.get().id().equals(dismissedCatchUp)) {
            banner.set("");
            bannerRun = null;
            return;
        }
        bannerRun = run.get().id();
        banner.set(catchUpLine(run.get(), sources.schedule().timezone()));
    }

    /** "The nightly of Fri 27 Nov 02:00 was missed … and caught up at Fri 27 Nov 09:14: 3 of 3 ok." */
    static String catchUpLine(RunSummary r, ZoneId zone) {
        String missed;
        try {
            missed = Durations.dayTime(Instant.parse(r.catchUpOf()), zone);
        } catch (java.time.format.DateTimeParseException e) {
            missed = r.catchUpOf();
        }
        String what = r.kind() == RunKind.WEEKLY ? "weekly archive" : r.kind().id();
        String head = "The " + what + " of " + missed + " was missed (Patina was not running, or the computer slept)"
                + " and caught up at " + Durations.dayTime(r.startedAt(), zone);
        if (r.status() == RunStatus.RUNNING) {
            return head + ": still running.";
        }
        if (r.kind() != RunKind.NIGHTLY) {
            return head + ": " + r.status().id() + ".";
        }
        long ok = r.databases().stream().filter(d -> d.status() == RunStatus.OK).count();
        return head + ": " + ok + " of " + r.databases().size() + " ok.";
    }

    /** Hides the missed-run banner until another catch-up happens. */
    public void dismissBanner() {
        dismissedCatchUp = bannerRun;
        banner.set("");
    }

    private Snapshot load() {
        Instant now = sources.clock().instant();
        ZoneId zone = sources.schedule().timezone();
        Map<String, DatabaseOutcome> lastOutcomes = sources.catalog().lastRun(RunKind.NIGHTLY)
                .map(RunSummary::databases).orElse(List.of()).stream()
                .collect(Collectors.toMap(DatabaseOutcome::database, Function.identity(), (a, b) -> b));
        List<DatabaseCard> loaded = new ArrayList<>();
        Map<String, List<StoredObject>> damaged = sources.catalog().damagedObjects().stream()
                .filter(o -> o.database() != null)
                .collect(Collectors.groupingBy(StoredObject::database));
        for (String name : sources.databases()) {
            List<StoredObject> bad = damaged.getOrDefault(name, List.of());
            boolean newestDamaged = !bad.isEmpty() && sources.catalog().latestDaily(name)
                    .map(StoredObject::damaged).orElse(false);
            loaded.add(DatabaseCard.of(name, sources.catalog().latestGood(name),
                    Optional.ofNullable(lastOutcomes.get(name)), bad, newestDamaged, now, zone)
                    .withProof(dev.grove.patina.backup.ProofAge.of(sources.catalog(), name, now,
                            sources.schedule().verifyMaxAgeDays()), zone));
        }
        Map<String, Long> rows = new java.util.HashMap<>();
        for (String name : sources.databases()) {
            sources.catalog().latestGood(name).ifPresent(o -> rows.put(name,
                    o.rowCounts().values().stream().mapToLong(Long::longValue).sum()));
        }
        Optional<RunSummary> catchUp = sources.catalog().recentRuns(20).stream()
                .filter(r -> r.catchUpOf() != null)
                .filter(r -> Duration.between(r.startedAt(), now).compareTo(BANNER_FOR) <= 0)
                .findFirst();
        String last = sources.catalog().lastRun(RunKind.NIGHTLY).map(r -> DashboardLines.lastRunLine(r, zone)).orElse(
                "No nightly has run yet.");
        return new Snapshot(loaded, scheduleLine(new CronSchedule(sources.schedule()), now, zone), rows,
                catchUp, last, sources.replicas().get().map(DashboardViewModel::capitalized).orElse(""));
    }


    private static String capitalized(String line) {
        return line.isEmpty() ? line : Character.toUpperCase(line.charAt(0)) + line.substring(1);
    }

    /** "Replicas in sync", or which replica is how many objects behind; empty without replicas. */
    public ReadOnlyStringProperty replicasProperty() {
        return replicas;
    }

    static String scheduleLine(CronSchedule schedule, Instant now, ZoneId zone) {
        List<String> parts = new ArrayList<>();
        schedule.next(RunKind.NIGHTLY, now).ifPresent(at -> parts.add("Next nightly " + Durations.dayTime(at, zone)
                + " (in " + Durations.human(Duration.between(now, at)) + ")"));
        schedule.next(RunKind.WEEKLY, now).ifPresent(at -> parts.add("next weekly " + Durations.dayTime(at, zone)
                + " (in " + Durations.human(Duration.between(now, at)) + ")"));
        if (schedule.config().cleanupAfterWeekly()) {
            parts.add("clean-up right after the weekly");
        } else {
            schedule.next(RunKind.CLEANUP, now).ifPresent(at -> parts.add("next clean-up "
                    + Durations.dayTime(at, zone) + " (in " + Durations.human(Duration.between(now, at)) + ")"));
        }
        parts.add("times in " + Durations.zoneName(zone));
        return String.join("  ·  ", parts);
    }

    /**
     * Orders the nightly backup of every configured database now (trigger {@code manual}); its live progress shows
     * in the progress area. Does nothing while a run started here is still going.
     */
    public void backUpAll() {
        runs.backUpAll();
    }

    /**
     * Orders the nightly backup of {@code database} alone now (trigger {@code manual}); its card shows the progress
     * and then the result. Does nothing while a run started here is still going.
     */
    public void backUp(String database) {
        runs.backUp(database);
    }

    /**
     * Orders the archive of the last ended ISO week now (trigger {@code manual}); the result shows in
     * {@link #weeklyResultProperty()}. Does nothing while a run started here is still going.
     */
    public void runWeekly() {
        runs.runWeekly();
    }

    /**
     * Orders the test restore of every database now (trigger {@code manual}, the same run as {@code patina verify});
     * it shows in {@link #backgroundRunProperty()}, and the cards' "last proven restorable" when it ends.
     */
    public void verifyNow() {
        runs.verifyNow();
    }

    /** True while a backup, archive or clean-up ordered from this window is waiting or running. */
    public ReadOnlyBooleanProperty ownWorkProperty() {
        return runs.ownWork;
    }

    /** Events of the run service, already on the GUI thread (tests hand some in directly). */
    void onRunEvents(List<dev.grove.patina.run.RunEvent> events) {
        runs.onEvents(events);
    }

    /** Shows {@code text} as the progress area's message (the quit in progress). */
    public void say(String text) {
        runs.message.set(text);
    }

    /**
     * Stops the nightly shown in the progress area (it keeps the databases it finished); a weekly or clean-up going
     * at the same time is left alone.
     */
    public void cancelRuns() {
        runs.cancel();
    }

    /** True while a run of the scheduler is going that Cancel can stop. */
    public ReadOnlyBooleanProperty cancellableProperty() {
        return runs.cancellable;
    }

    /** The last nightly's summary (when, who started it, how it ended, what was not backed up). */
    public ReadOnlyStringProperty lastRunProperty() {
        return lastRun;
    }

    /** A missed scheduled run that was caught up in the last day, in words; empty when none (or dismissed). */
    public ReadOnlyStringProperty bannerProperty() {
        return banner;
    }

    /** Where the schedules run (this app, paused, another process), in words. */
    public ReadOnlyStringProperty residencyProperty() {
        return residency;
    }

    /** A weekly or clean-up run of the scheduler: running, or how it ended. */
    public ReadOnlyStringProperty backgroundRunProperty() {
        return runs.backgroundRun;
    }

    /**
     * True when backups go to a local folder (the demo workspace, or a first start): the dashboard offers
     * "Connect R2…" so the operator's first step to off-site backups is one click away.
     */
    public boolean offerConnectStore() {
        return sources.localStore();
    }

    /** Whether this dashboard runs over a scheduler in this process. */
    public boolean hasScheduler() {
        return scheduler != null;
    }

    public ObservableList<DatabaseCard> cards() {
        return cardsView;
    }

    /** Per database: the progress, then the result, of its last "Back up now". */
    public ObservableMap<String, DatabaseProgressLine> cardStatus() {
        return runs.cardStatusView;
    }

    /** The result of the last "Run weekly now", or empty. */
    public ReadOnlyStringProperty weeklyResultProperty() {
        return runs.weeklyResult;
    }

    /** Who is told when a run started from the console ends (the clean-up dialog uses it too). */
    public UiNotifier notifier() {
        return notifier;
    }

    public ObservableList<DatabaseProgressLine> progressLines() {
        return runs.progressLinesView;
    }

    public ReadOnlyStringProperty scheduleProperty() {
        return schedule;
    }

    /** The outcome of the last action, or why it could not run. */
    public ReadOnlyStringProperty messageProperty() {
        return runs.message;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return runs.running;
    }

    /** From 0 to 1: the share of databases finished in the current run. */
    public ReadOnlyDoubleProperty progressProperty() {
        return runs.progress;
    }
}
