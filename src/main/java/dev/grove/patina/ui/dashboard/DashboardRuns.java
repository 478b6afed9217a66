package dev.grove.patina.ui.dashboard;

import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunQueue;
import dev.grove.patina.run.RunService;
import dev.grove.patina.run.TriggerResult;
import dev.grove.patina.run.WorkResult;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.ui.common.UiNotifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The dashboard's live runs: every run of this process's {@link RunService} — scheduled, caught up, or ordered
 * here, by the tray, the API or a CLI command in this process — shows its progress here and is notified once when
 * it ends. "Back up all now", a card's "Back up now" and "Run weekly now" are orders to the same service; the runs
 * ordered here are followed by ticket. All state changes on the GUI thread.
 */
final class DashboardRuns {
    final ObservableList<DatabaseProgressLine> progressLines = FXCollections.observableArrayList();
    final ObservableMap<String, DatabaseProgressLine> cardStatus = FXCollections.observableHashMap();
    final ObservableList<DatabaseProgressLine> progressLinesView =
            FXCollections.unmodifiableObservableList(progressLines);
    final ObservableMap<String, DatabaseProgressLine> cardStatusView =
            FXCollections.unmodifiableObservableMap(cardStatus);
    final StringProperty message = new SimpleStringProperty("");
    final BooleanProperty running = new SimpleBooleanProperty();
    final DoubleProperty progress = new SimpleDoubleProperty();
    final StringProperty weeklyResult = new SimpleStringProperty("");
    final StringProperty backgroundRun = new SimpleStringProperty("");
    final BooleanProperty cancellable = new SimpleBooleanProperty();
    final BooleanProperty ownWork = new SimpleBooleanProperty();

    private final RunService runs;
    private final UiNotifier notifier;
    private final Supplier<List<String>> databases;
    private final Runnable refresh;
    private final NightlyProgressLines nightlyLines;
    /** Held while an order is submitted and its ticket recorded, and while an event is taken in. */
    private final Object gate = new Object();
    /** Tickets of the single-database backups ordered here, and their database; guarded by {@code gate}. */
    private final Map<String, String> cardTickets = new HashMap<>();
    /** The ticket of the weekly ordered here, or null; guarded by {@code gate}. */
    private String weeklyTicket;
    /** The ticket of the nightly whose progress the progress area shows, or null (GUI thread). */
    private String shownNightly;

    /** With {@code [cluster]}: the cluster's queue the actions order into (ADR 0035); null: the run service. */
    private final RunQueue queue;
    private final UiExecutor executor;

    DashboardRuns(RunService runs, UiExecutor executor, UiNotifier notifier, Supplier<List<String>> databases,
                  NightlyProgressLines nightlyLines, Runnable refresh) {
        this(runs, null, executor, notifier, databases, nightlyLines, refresh);
    }

    DashboardRuns(RunService runs, RunQueue queue, UiExecutor executor, UiNotifier notifier,
                  Supplier<List<String>> databases, NightlyProgressLines nightlyLines, Runnable refresh) {
        this.runs = runs;
        this.queue = queue;
        this.executor = executor;
        this.notifier = notifier;
        this.databases = databases;
        this.nightlyLines = nightlyLines;
        this.refresh = refresh;
        runs.addListener(new RunEventRelay(executor, gate, this::onEvents));
        runs.running().forEach(job -> onEvents(List.of(new RunEvent.RunStarted(job))));
    }

    /** "Back up all now": the nightly of every database (trigger {@code manual}). */
    void backUpAll() {
        if (queue != null) {
            toQueue(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL), "Backup of all databases", message::set);
            return;
        }
        if (running.get()) {
            return;
        }
        TriggerResult r = runs.submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL));
        if (!r.accepted()) {
            message.set("The backup did not start: " + r.message());
        } else if (r.outcome() != TriggerResult.TriggerOutcome.STARTED) {
            message.set("A nightly backup is running: " + r.message() + ".");
        }
    }

    /** A card's "Back up now": the nightly of {@code database} alone; its card shows the progress and the result. */
    void backUp(String database) {
        if (queue != null) {
            toQueue(RunOrder.nightly(RunTrigger.MANUAL, Set.of(database)), "backup", line -> cardStatus.put(database,
                    new DatabaseProgressLine(database, cardPhase(line), line)));
            return;
        }
        if (running.get()) {
            return;
        }
        synchronized (gate) {
            cardStatus.put(database, new DatabaseProgressLine(database, DatabaseProgressLine.Phase.WAITING,
                    "waiting"));
            TriggerResult r = runs.submit(RunOrder.nightly(RunTrigger.MANUAL, Set.of(database)));
            if (r.accepted()) {
                cardTickets.put(r.ticket(), database);
                setOwnWork();
            } else {
                cardStatus.put(database, new DatabaseProgressLine(database, DatabaseProgressLine.Phase.FAILED,
                        "did not run — " + r.message()));
            }
        }
    }

    /** "Run weekly now": archives the last ended ISO week; the result shows in {@link #weeklyResult}. */
    void runWeekly() {
        if (queue != null) {
            toQueue(RunOrder.weekly(RunTrigger.MANUAL, null), "Weekly archive", weeklyResult::set);
            return;
        }
        if (running.get()) {
            return;
        }
        synchronized (gate) {
            weeklyResult.set("Archiving the last week…");
            TriggerResult r = runs.submit(RunOrder.weekly(RunTrigger.MANUAL, null));
            if (r.accepted()) {
                weeklyTicket = r.ticket();
                setOwnWork();
            } else {
                weeklyResult.set("The weekly archive did not run: " + r.message());
            }
        }
    }

    /**
     * "Verify now": orders the test restore of every database (trigger {@code manual}); its start and end show in
     * {@link #backgroundRun} like any other run's, and the cards reload with the proofs when it ends.
     */
    void verifyNow() {
        if (queue != null) {
            toQueue(RunOrder.verify(RunTrigger.MANUAL, Set.of(), false), "Test restore", backgroundRun::set);
            return;
        }
        TriggerResult r = runs.submit(RunOrder.verify(RunTrigger.MANUAL, Set.of(), false));
        if (!r.accepted()) {
            backgroundRun.set("Test restore did not run: " + r.message());
        } else if (r.outcome() != TriggerResult.TriggerOutcome.STARTED) {
            backgroundRun.set("Test restore: " + r.message());
        }
    }

    /** How long one background look at a queued order follows it before the pool thread is handed back. */
    static final java.time.Duration FOLLOW_STEP = java.time.Duration.ofSeconds(2);

    /**
     * With {@code [cluster]} (ADR 0035): hands {@code order} to the cluster's queue off the GUI thread — this console
     * runs nothing itself — and shows where it is ({@code show}, on the GUI thread): queued in the cluster, running on
     * node X, ended; or why it was not queued (the same order queued or running already, no node up).
     */
    private void toQueue(RunOrder order, String name, java.util.function.Consumer<String> show) {
        show.accept(name + ": handing it to " + queue.where() + "…");
        executor.executeInBackground(() -> queue.enqueue(order), q -> {
            show.accept(name + ": " + q.message());
            if (q.accepted()) {
                followQueued(q, name, show);
            } else {
                notifier.notify(name + " not queued", q.message(), true);
            }
        }, e -> show.accept(name + " not queued: " + dev.grove.patina.ui.common.Messages.of(e)));
    }

    private void followQueued(RunQueue.Queued q, String name, java.util.function.Consumer<String> show) {
        executor.executeInBackground(() -> queue.follow(q, st -> executor.executeOnGuiThread(
                () -> show.accept(name + ": " + st.message())), FOLLOW_STEP), last -> {
                    if (!last.over()) {
                        followQueued(q, name, show);
                        return;
                    }
                    boolean bad = last.phase() != RunQueue.QueueState.QueuePhase.ENDED || last.outcome() == null
                            || !last.outcome().equals("finished ok");
                    notifier.notify(name + (bad ? " did not finish well" : " finished"), name + ": " + last.message(),
                            bad);
                    refresh.run();
                }, e -> show.accept(name + ": cannot follow it in " + queue.where() + ": "
                        + dev.grove.patina.ui.common.Messages.of(e)));
    }

    private static DatabaseProgressLine.Phase cardPhase(String line) {
        if (line.contains("ended on node") && line.endsWith("finished ok")) {
            return DatabaseProgressLine.Phase.OK;
        }
        if (line.contains("ended on node") || line.contains("not queued") || line.contains("Not queued")) {
            return DatabaseProgressLine.Phase.FAILED;
        }
        return line.contains("running on node") ? DatabaseProgressLine.Phase.RUNNING
                : DatabaseProgressLine.Phase.WAITING;
    }

    /** Stops the nightly shown in the progress area (it keeps the databases it finished). */
    void cancel() {
        if (shownNightly != null) {
            runs.cancel(shownNightly);
            message.set("Stopping… databases already backed up are kept.");
        }
    }

    private void setOwnWork() {
        ownWork.set(!cardTickets.isEmpty() || weeklyTicket != null);
        running.set(ownWork.get() || shownNightly != null);
    }

    /** Events of the run service, already on the GUI thread (see {@link RunEventRelay}). */
    void onEvents(List<RunEvent> events) {
        synchronized (gate) {
            for (RunEvent e : events) {
                String card = cardTickets.get(e.ticket());
                if (card != null) {
                    onCardEvent(card, e);
                } else if (e.ticket() != null && e.ticket().equals(weeklyTicket)) {
                    onWeeklyEvent(e);
                } else {
                    onOtherEvent(e);
                }
            }
            setOwnWork();
        }
    }

    private void onCardEvent(String database, RunEvent e) {
        if (e instanceof RunEvent.RunStarted s) {
            cardStatus.put(database, nightlyLines.line(database, s.job()));
        } else if (e instanceof RunEvent.RunProgressed p) {
            cardStatus.put(database, nightlyLines.line(database, p.job()));
        } else if (e instanceof RunEvent.RunFinished f) {
            cardTickets.remove(e.ticket());
            RunReport report = f.report();
            report.databases().stream().filter(d -> d.database().equals(database)).findFirst()
                    .map(DashboardLines::finalLine).ifPresent(l -> cardStatus.put(database, l));
            DatabaseProgressLine last = cardStatus.get(database);
            boolean bad = !report.failures().isEmpty() || report.status() != RunStatus.OK;
            notifier.notify("Backup of " + database + (bad ? " failed" : " finished"),
                    last == null ? DashboardLines.summary(report) : last.line(), bad);
            refresh.run();
        } else if (e instanceof RunEvent.RunFailed || e instanceof RunEvent.RunSkipped) {
            cardTickets.remove(e.ticket());
            String why = e instanceof RunEvent.RunFailed f ? f.error() : ((RunEvent.RunSkipped) e).reason();
            DatabaseProgressLine failed = new DatabaseProgressLine(database, DatabaseProgressLine.Phase.FAILED,
                    "did not run — " + why);
            cardStatus.put(database, failed);
            notifier.notify("Backup of " + database + " failed", failed.line(), true);
            refresh.run();
        }
    }

    private void onWeeklyEvent(RunEvent e) {
        if (e instanceof RunEvent.RunFinished f) {
            weeklyTicket = null;
            String line;
            boolean stored;
            if (f.result() instanceof WorkResult.WeeklyDone w) {
                line = DashboardLines.weeklyLine(w.archive());
                stored = w.archive().stored();
            } else {
                line = "Weekly " + f.report().status().id();
                stored = f.report().status() == RunStatus.OK;
            }
            weeklyResult.set(line);
            notifier.notify(stored ? "Weekly archive stored" : "Weekly archive failed", line, !stored);
            refresh.run();
        } else if (e instanceof RunEvent.RunFailed || e instanceof RunEvent.RunSkipped) {
            weeklyTicket = null;
            String why = e instanceof RunEvent.RunFailed f ? f.error() : ((RunEvent.RunSkipped) e).reason();
            weeklyResult.set("The weekly archive did not run: " + why);
            notifier.notify("Weekly archive failed", weeklyResult.get(), true);
        }
    }

    private void onOtherEvent(RunEvent e) {
        if (e instanceof RunEvent.RunStarted s) {
            if (s.kind() == RunKind.NIGHTLY) {
                shownNightly = s.ticket();
                cancellable.set(true);
                running.set(true);
                progress.set(0);
                message.set("Backing up " + databases.get().size() + " databases ("
                        + DashboardLines.triggerWords(s.job()) + ")…");
                showNightly(s.job());
            } else {
                backgroundRun.set(DashboardLines.runName(s.kind()) + " running ("
                        + DashboardLines.triggerWords(s.job()) + ")…");
            }
        } else if (e instanceof RunEvent.RunProgressed p) {
            if (p.ticket().equals(shownNightly)) {
                showNightly(p.job());
            }
        } else if (e instanceof RunEvent.RunFinished f) {
            RunReport report = f.report();
            boolean bad = report.status() != RunStatus.OK;
            if (f.kind() == RunKind.NIGHTLY) {
                if (f.ticket().equals(shownNightly)) {
                    endShown();
                    progress.set(1);
                    progressLines.setAll(report.databases().stream().map(DashboardLines::finalLine).toList());
                    message.set(DashboardLines.summary(report));
                }
                notifier.notify(bad ? "Backup failed" : "Backup finished", DashboardLines.summary(report), bad);
            } else {
                String line = DashboardLines.endLine(f.job(), report);
                backgroundRun.set(line);
                // a manual clean-up was ordered by the clean-up dialog, which tells how it ended itself
                if (!(f.kind() == RunKind.CLEANUP && RunTrigger.MANUAL.equals(f.job().trigger()))) {
                    notifier.notify(DashboardLines.runName(f.kind()) + (bad ? " failed" : " finished"), line, bad);
                }
            }
            refresh.run();
        } else if (e instanceof RunEvent.RunFailed f) {
            String line = DashboardLines.runName(f.kind()) + " did not run: " + f.error();
            if (f.ticket().equals(shownNightly)) {
                endShown();
                message.set(line);
            } else {
                backgroundRun.set(line);
            }
            notifier.notify(DashboardLines.runName(f.kind()) + " failed", line, true);
            refresh.run();
        } else if (e instanceof RunEvent.RunSkipped k && k.kind() != RunKind.NIGHTLY) {
            // a nightly skipped as already done is not news; a weekly or clean-up that did not run is
            backgroundRun.set(DashboardLines.runName(k.kind()) + " not run (" + k.trigger() + "): " + k.reason());
        } else if (e instanceof RunEvent.RunCaughtUp) {
            refresh.run(); // the banner comes from the catalog's catch-up run
        }
    }

    private void endShown() {
        shownNightly = null;
        cancellable.set(false);
        running.set(ownWork.get());
    }

    private void showNightly(dev.grove.patina.run.RunningJob job) {
        List<String> names = databases.get();
        NightlyProgressLines.Shown shown = nightlyLines.all(names, job);
        progressLines.setAll(shown.lines());
        progress.set(shown.fraction());
    }
}
