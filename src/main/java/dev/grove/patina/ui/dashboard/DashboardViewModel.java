package dev.grove.patina.ui.dashboard;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.schedule.CronSchedule;
import dev.grove.patina.schedule.DatabaseProgress;
import dev.grove.patina.schedule.RunningJob;
import dev.grove.patina.schedule.SchedulerEvent;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.schedule.TriggerResult;
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
    private final ObservableList<DatabaseProgressLine> progressLines = FXCollections.observableArrayList();
    private final ObservableList<DatabaseCard> cardsView = FXCollections.unmodifiableObservableList(cards);
    private final ObservableList<DatabaseProgressLine> progressLinesView =
            FXCollections.unmodifiableObservableList(progressLines);
    private final StringProperty schedule = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty weeklyResult = new SimpleStringProperty("");
    private final ObservableMap<String, DatabaseProgressLine> cardStatus = FXCollections.observableHashMap();
    private final ObservableMap<String, DatabaseProgressLine> cardStatusView =
            FXCollections.unmodifiableObservableMap(cardStatus);
    private final UiNotifier notifier;
    /**
     * The scheduler running in this process, or null (not started yet, another process runs the schedule, tests).
     * Set once, on the GUI thread.
     */
    private SchedulerService scheduler;
    private final String scheduleRunBy;
    private final StringProperty residency = new SimpleStringProperty("");
    private final StringProperty banner = new SimpleStringProperty("");
    private final StringProperty lastRun = new SimpleStringProperty("");
    private final StringProperty backgroundRun = new SimpleStringProperty("");
    private final BooleanProperty cancellable = new SimpleBooleanProperty();
    private final BooleanProperty ownWork = new SimpleBooleanProperty();
    private final BooleanProperty schedulerAttached = new SimpleBooleanProperty();
    private final BooleanProperty paused = new SimpleBooleanProperty();
    /** The ticket of the nightly whose progress the progress area shows, or null. */
    private String shownNightly;
    /** Rows of each database's latest good backup: how far along a running backup probably is. */
    private Map<String, Long> expectedRows = Map.of();
    /** The run id of the banner's catch-up, once dismissed (GUI thread only). */
    private String dismissedCatchUp;
    private String bannerRun;

    public DashboardViewModel(PatinaRuntime runtime, UiExecutor executor) {
        this(runtime, executor, UiNotifier.none());
    }

    /** With {@code notifier} told once whenever a run started here finishes or fails. */
    public DashboardViewModel(PatinaRuntime runtime, UiExecutor executor, UiNotifier notifier) {
        this(runtime, executor, notifier, null, null);
    }

    /**
     * The dashboard of the console that runs the schedule: "Back up all now" goes through {@code scheduler}'s
     * nightly lane, and every run of the scheduler (scheduled, caught up, triggered here, by the API or the tray)
     * shows its live progress here, can be cancelled, and is notified when it ends.
     *
     * @param scheduler       the scheduler running in this process, or null when none does
     * @param scheduleRunBy   when null scheduler: who runs the schedule instead ("patina daemon (pid 12)"), or null
     */
    public DashboardViewModel(PatinaRuntime runtime, UiExecutor executor, UiNotifier notifier,
                              SchedulerService scheduler, String scheduleRunBy) {
        this.runtime = runtime;
        this.executor = executor;
        this.notifier = notifier;
        this.scheduleRunBy = scheduleRunBy;
        residency.set(residencyLine(null, scheduleRunBy));
        if (scheduler != null) {
            attachScheduler(scheduler);
        }
    }

    /**
     * Starts showing {@code scheduler}'s runs (the console starts it after its first frame): "Back up all now" goes
     * through it from now on, and a run it already has going appears at once. Call once, on the GUI thread.
     */
    public void attachScheduler(SchedulerService started) {
        if (this.scheduler != null) {
            throw new IllegalStateException("a scheduler is attached already");
        }
        this.scheduler = started;
        started.addListener(new SchedulerRelay(executor, this::onSchedulerEvents));
        List<SchedulerEvent> already = new ArrayList<>();
        started.running().forEach(job -> already.add(new SchedulerEvent.Started(job)));
        if (!already.isEmpty()) {
            onSchedulerEvents(already);
        }
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
                    Optional<RunSummary> catchUp, String lastRun) {
    }

    /** Reloads the cards, the schedule line and the missed-run banner in the background. */
    public void refresh() {
        executor.executeInBackground(this::load, s -> {
            cards.setAll(s.cards());
            schedule.set(s.schedule());
            lastRun.set(s.lastRun());
            expectedRows = s.expectedRows();
            showCatchUp(s.catchUp());
        }, e -> message.set("Cannot read the catalog: " + Messages.of(e)));
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
        banner.set(catchUpLine(run.get(), runtime.config().schedule().timezone()));
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
        Instant now = runtime.clock().instant();
        ZoneId zone = runtime.config().schedule().timezone();
        Map<String, DatabaseOutcome> lastOutcomes = runtime.catalog().lastRun(RunKind.NIGHTLY)
                .map(RunSummary::databases).orElse(List.of()).stream()
                .collect(Collectors.toMap(DatabaseOutcome::database, Function.identity(), (a, b) -> b));
        List<DatabaseCard> loaded = new ArrayList<>();
        Map<String, List<StoredObject>> damaged = runtime.catalog().damagedObjects().stream()
                .filter(o -> o.database() != null)
                .collect(Collectors.groupingBy(StoredObject::database));
        for (String name : runtime.backups().databaseNames()) {
            List<StoredObject> bad = damaged.getOrDefault(name, List.of());
            boolean newestDamaged = !bad.isEmpty() && runtime.catalog().latestDaily(name)
                    .map(StoredObject::damaged).orElse(false);
            loaded.add(DatabaseCard.of(name, runtime.catalog().latestGood(name),
                    Optional.ofNullable(lastOutcomes.get(name)), bad, newestDamaged, now, zone));
        }
        Map<String, Long> rows = new java.util.HashMap<>();
        for (String name : runtime.backups().databaseNames()) {
            runtime.catalog().latestGood(name).ifPresent(o -> rows.put(name,
                    o.rowCounts().values().stream().mapToLong(Long::longValue).sum()));
        }
        Optional<RunSummary> catchUp = runtime.catalog().recentRuns(20).stream()
                .filter(r -> r.catchUpOf() != null)
                .filter(r -> Duration.between(r.startedAt(), now).compareTo(BANNER_FOR) <= 0)
                .findFirst();
        String last = runtime.catalog().lastRun(RunKind.NIGHTLY).map(r -> lastRunLine(r, zone)).orElse(
                "No nightly has run yet.");
        return new Snapshot(loaded, scheduleLine(new CronSchedule(runtime.config().schedule()), now, zone), rows,
                catchUp, last);
    }

    /** "Last nightly: Sat 28 Nov 02:00 (scheduled), 3.2 s — 6 of 6 ok, 4.0 MiB" or "… — failed: shop, jobs". */
    static String lastRunLine(RunSummary r, ZoneId zone) {
        String who = switch (r.trigger()) {
            case RunTrigger.SCHEDULE -> "scheduled";
            case RunTrigger.CATCH_UP -> "catch-up";
            default -> r.trigger();
        };
        String head = "Last nightly: " + Durations.dayTime(r.startedAt(), zone) + " (" + who + ")";
        if (r.status() == RunStatus.RUNNING) {
            return head + " — running";
        }
        if (r.endedAt() != null) {
            head += String.format(java.util.Locale.ROOT, ", %.1f s",
                    Duration.between(r.startedAt(), r.endedAt()).toMillis() / 1000.0);
        }
        long ok = r.databases().stream().filter(d -> d.status() == RunStatus.OK).count();
        long bytes = r.databases().stream().mapToLong(DatabaseOutcome::bytes).sum();
        String line = head + " — " + r.status().id() + ", " + ok + " of " + r.databases().size() + " ok, "
                + Bytes.formatBytes(bytes);
        List<String> failed = r.databases().stream().filter(d -> d.status() != RunStatus.OK)
                .map(DatabaseOutcome::database).toList();
        return failed.isEmpty() ? line : line + "; not backed up: " + String.join(", ", failed);
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
     * Runs the nightly backup of every configured database now (trigger {@code manual}), with live progress, then
     * reloads the cards. Does nothing while a run started here is still going.
     */
    public void backUpAll() {
        if (running.get()) {
            return;
        }
        if (scheduler != null) {
            TriggerResult r = scheduler.triggerNow(RunKind.NIGHTLY);
            if (!r.accepted()) {
                message.set("The backup did not start: " + r.message());
            } else if (r.outcome() != TriggerResult.Outcome.STARTED) {
                message.set("A nightly backup is running: " + r.message() + ".");
            }
            return; // the run's progress arrives as scheduler events
        }
        List<String> names = runtime.backups().databaseNames();
        ProgressRelay relay = new ProgressRelay(names, executor, lines -> {
            progressLines.setAll(lines);
            long done = lines.stream().filter(l -> l.phase() == DatabaseProgressLine.Phase.OK
                    || l.phase() == DatabaseProgressLine.Phase.FAILED).count();
            progress.set(names.isEmpty() ? 1 : (double) done / names.size());
        });
        setOwnWork(true);
        progress.set(0);
        progressLines.setAll(relay.snapshot());
        message.set("Backing up " + names.size() + " database" + (names.size() == 1 ? "" : "s") + "…");
        executor.executeInBackground(
                () -> runtime.backups().runNightly(runtime.clock().instant(), RunTrigger.MANUAL, Set.of(), relay),
                report -> {
                    setOwnWork(false);
                    progress.set(1);
                    progressLines.setAll(report.databases().stream().map(ProgressRelay::finalLine).toList());
                    message.set(summary(report));
                    notifier.notify("Backup finished", message.get(), !report.failures().isEmpty());
                    refresh();
                },
                e -> {
                    setOwnWork(false);
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
        setOwnWork(true);
        cardStatus.put(database, relay.snapshot().get(0));
        executor.executeInBackground(
                () -> runtime.backups().runNightly(runtime.clock().instant(), RunTrigger.MANUAL, Set.of(database),
                        relay),
                report -> {
                    setOwnWork(false);
                    report.databases().stream().filter(d -> d.database().equals(database)).findFirst()
                            .map(ProgressRelay::finalLine).ifPresent(l -> cardStatus.put(database, l));
                    DatabaseProgressLine last = cardStatus.get(database);
                    notifier.notify("Backup of " + database + (report.failures().isEmpty() ? " finished" : " failed"),
                            last == null ? summary(report) : last.line(), !report.failures().isEmpty());
                    refresh();
                },
                e -> {
                    setOwnWork(false);
                    DatabaseProgressLine failed = new DatabaseProgressLine(database, DatabaseProgressLine.Phase.FAILED,
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
        setOwnWork(true);
        weeklyResult.set("Archiving the last week…");
        executor.executeInBackground(() -> {
            WeeklyArchiver archiver = runtime.weeklyArchiver();
            LocalDate today = LocalDate.ofInstant(runtime.clock().instant(), runtime.config().schedule().timezone());
            return archiver.apply(archiver.plan(IsoWeek.lastEndedOnOrBefore(today).monday()), RunTrigger.MANUAL);
        }, result -> {
            setOwnWork(false);
            weeklyResult.set(weeklyLine(result));
            notifier.notify(result.stored() ? "Weekly archive stored" : "Weekly archive failed", weeklyResult.get(),
                    !result.stored());
            refresh();
        }, e -> {
            setOwnWork(false);
            weeklyResult.set("The weekly archive did not run: " + Messages.of(e));
            notifier.notify("Weekly archive failed", weeklyResult.get(), true);
        });
    }

    private void setOwnWork(boolean on) {
        ownWork.set(on);
        running.set(on || shownNightly != null);
    }

    /** True while a backup, archive or clean-up started here (not through the scheduler) is running. */
    public ReadOnlyBooleanProperty ownWorkProperty() {
        return ownWork;
    }

    /** Shows {@code text} as the progress area's message (the quit in progress). */
    public void say(String text) {
        message.set(text);
    }

    /** Events from the scheduler, already on the GUI thread (see {@link SchedulerRelay}). */
    void onSchedulerEvents(List<SchedulerEvent> events) {
        for (SchedulerEvent e : events) {
            if (e instanceof SchedulerEvent.Started s) {
                if (s.kind() == RunKind.NIGHTLY) {
                    shownNightly = s.job().ticket();
                    cancellable.set(true);
                    running.set(true);
                    progress.set(0);
                    message.set("Backing up " + runtime.backups().databaseNames().size() + " databases ("
                            + triggerWords(s.job()) + ")…");
                    showNightly(s.job());
                } else {
                    backgroundRun.set(runName(s.kind()) + " running (" + triggerWords(s.job()) + ")…");
                }
            } else if (e instanceof SchedulerEvent.Progress p) {
                if (p.job().ticket().equals(shownNightly)) {
                    showNightly(p.job());
                }
            } else if (e instanceof SchedulerEvent.Finished f) {
                RunReport report = f.report();
                boolean bad = report.status() != RunStatus.OK;
                if (f.kind() == RunKind.NIGHTLY) {
                    if (f.job().ticket().equals(shownNightly)) {
                        shownNightly = null;
                    cancellable.set(false);
                        running.set(ownWork.get());
                        progress.set(1);
                        progressLines.setAll(report.databases().stream().map(ProgressRelay::finalLine).toList());
                        message.set(summary(report));
                    }
                    notifier.notify(bad ? "Backup failed" : "Backup finished", summary(report), bad);
                } else {
                    String line = runName(f.kind()) + " (" + triggerWords(f.job()) + ") ended " + report.status().id()
                            + (report.databases().isEmpty() ? "" : ": " + report.databases().stream()
                            .filter(d -> d.error() != null).map(d -> d.database() + ": " + d.error()).findFirst()
                            .orElse(report.databases().size() + " done"));
                    backgroundRun.set(line);
                    notifier.notify(runName(f.kind()) + (bad ? " failed" : " finished"), line, bad);
                }
                refresh();
            } else if (e instanceof SchedulerEvent.Failed f) {
                String line = runName(f.kind()) + " did not run: " + f.error();
                if (f.job().ticket().equals(shownNightly)) {
                    shownNightly = null;
                    cancellable.set(false);
                    running.set(ownWork.get());
                    message.set(line);
                } else {
                    backgroundRun.set(line);
                }
                notifier.notify(runName(f.kind()) + " failed", line, true);
                refresh();
            } else if (e instanceof SchedulerEvent.Skipped k && k.kind() != RunKind.NIGHTLY) {
                // a nightly skipped as already done is not news; a weekly or clean-up that did not run is
                backgroundRun.set(runName(k.kind()) + " not run (" + k.trigger() + "): " + k.reason());
            } else if (e instanceof SchedulerEvent.Missed) {
                refresh(); // the banner comes from the catalog's catch-up run
            }
        }
    }

    private void showNightly(RunningJob job) {
        Map<String, DatabaseProgress> now = new java.util.HashMap<>();
        job.databases().forEach(d -> now.put(d.database(), d));
        List<DatabaseProgressLine> lines = new ArrayList<>();
        double done = 0;
        List<String> names = runtime.backups().databaseNames();
        for (String name : names) {
            DatabaseProgress d = now.get(name);
            if (d == null) {
                lines.add(new DatabaseProgressLine(name, DatabaseProgressLine.Phase.WAITING, "waiting"));
            } else if (d.status() == RunStatus.RUNNING) {
                Long expected = expectedRows.get(name);
                String of = expected == null || expected == 0 ? ""
                        : String.format(java.util.Locale.ROOT, " of ~%,d", expected);
                lines.add(new DatabaseProgressLine(name, DatabaseProgressLine.Phase.RUNNING,
                        String.format(java.util.Locale.ROOT, "%,d%s rows, %s of SQL", d.rows(), of,
                                Bytes.formatBytes(d.bytes()))));
                done += expected == null || expected == 0 ? 0 : Math.min(0.95, (double) d.rows() / expected);
            } else {
                boolean ok = d.status() == RunStatus.OK;
                lines.add(new DatabaseProgressLine(name,
                        ok ? DatabaseProgressLine.Phase.OK : DatabaseProgressLine.Phase.FAILED,
                        ok ? String.format(java.util.Locale.ROOT, "ok — %,d rows, %s", d.rows(),
                                Bytes.formatBytes(d.bytes())) : "FAILED"));
                done += 1;
            }
        }
        progressLines.setAll(lines);
        progress.set(names.isEmpty() ? 1 : done / names.size());
    }

    private static String runName(RunKind kind) {
        return switch (kind) {
            case NIGHTLY -> "Nightly backup";
            case WEEKLY -> "Weekly archive";
            case CLEANUP -> "Clean-up";
            default -> kind.id();
        };
    }

    private static String triggerWords(RunningJob job) {
        return switch (job.trigger()) {
            case RunTrigger.SCHEDULE -> "scheduled";
            case RunTrigger.CATCH_UP -> "catching up a missed run";
            case RunTrigger.AFTER_WEEKLY -> "after the weekly";
            case RunTrigger.MANUAL -> "started by you";
            default -> job.trigger();
        };
    }

    /**
     * Stops the nightly shown in the progress area (it keeps the databases it finished); a weekly or clean-up going
     * at the same time is left alone.
     */
    public void cancelRuns() {
        if (scheduler == null || shownNightly == null) {
            return;
        }
        scheduler.cancel(shownNightly);
        message.set("Stopping… databases already backed up are kept.");
    }

    /** True while a run of the scheduler is going that Cancel can stop. */
    public ReadOnlyBooleanProperty cancellableProperty() {
        return cancellable;
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
        return backgroundRun;
    }

    /**
     * True when backups go to a local folder (the demo workspace, or a first start): the dashboard offers
     * "Connect R2…" so the operator's first step to off-site backups is one click away.
     */
    public boolean offerConnectStore() {
        return runtime.config().store() instanceof dev.grove.patina.config.LocalStoreConfig;
    }

    /** Whether this dashboard runs over a scheduler in this process. */
    public boolean hasScheduler() {
        return scheduler != null;
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
        String head = (report.status() == RunStatus.INTERRUPTED ? "Backup stopped: " : "Backup finished: ") + ok + " of " + report.databases().size() + " ok, "
                + Bytes.formatBytes(bytes) + took;
        List<String> failed = report.failures().stream().map(DatabaseOutcome::database).toList();
        return failed.isEmpty() ? head : head + " — failed: " + String.join(", ", failed);
    }

    public ObservableList<DatabaseCard> cards() {
        return cardsView;
    }

    /** Per database: the progress, then the result, of its last "Back up now". */
    public ObservableMap<String, DatabaseProgressLine> cardStatus() {
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

    public ObservableList<DatabaseProgressLine> progressLines() {
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
