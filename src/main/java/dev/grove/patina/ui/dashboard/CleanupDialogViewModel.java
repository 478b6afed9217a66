package dev.grove.patina.ui.dashboard;

import dev.grove.patina.backup.CleanupResult;
import dev.grove.patina.backup.retention.RetentionPlan;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunFollower;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunService;
import dev.grove.patina.run.WorkResult;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.ui.common.UiNotifier;
import dev.grove.patina.util.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The "Clean up…" dialog: {@link #load} plans the retention cleanup (nothing changes), the rows show each object
 * with KEEP or REMOVE and the planner's reason; {@link #confirm} orders a cleanup run that applies exactly that
 * plan (trigger {@code manual}) from the run service, and follows it. Closing without confirming deletes nothing.
 */
public final class CleanupDialogViewModel {
    /** Where the dialog is. */
    public enum Stage {
        PLANNING, PLANNED, APPLYING, DONE, FAILED
    }

    /** How long the dialog follows its run before it stops waiting (the run goes on). */
    private static final Duration FOLLOW_AT_MOST = Duration.ofHours(6);

    private final RunService runs;
    private final Callable<RetentionPlan> planToday;
    private final UiExecutor executor;
    private final UiNotifier notifier;
    private final ObservableList<CleanupRow> rows = FXCollections.observableArrayList();
    private final ObservableList<CleanupRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObjectProperty<Stage> stage = new SimpleObjectProperty<>(Stage.PLANNING);
    private final StringProperty summary = new SimpleStringProperty("Planning…");
    private final StringProperty result = new SimpleStringProperty("");
    private RetentionPlan plan;
    /** With {@code [cluster]}: the cluster's queue Apply orders into (ADR 0035); null: {@link #runs}. */
    private final dev.grove.patina.run.RunQueue queue;

    /**
     * @param runs      where the confirmed plan is ordered
     * @param planToday plans today's cleanup under the configured retention (nothing changes)
     */
    public CleanupDialogViewModel(RunService runs, Callable<RetentionPlan> planToday, UiExecutor executor,
                                  UiNotifier notifier) {
        this(runs, null, planToday, executor, notifier);
    }

    /**
     * @param queue with {@code [cluster]}: the cluster's queue (ADR 0035). The plan shown is then a preview made here;
     *              Apply orders a cleanup carrying the keys it removes, and the node that takes it removes only those
     *              of them its own plan, computed when it starts, removes too (never one not shown here)
     */
    public CleanupDialogViewModel(RunService runs, dev.grove.patina.run.RunQueue queue,
                                  Callable<RetentionPlan> planToday, UiExecutor executor, UiNotifier notifier) {
        this.queue = queue;
        this.runs = runs;
        this.planToday = planToday;
        this.executor = executor;
        this.notifier = notifier;
    }

    /** Plans the cleanup for today (in the schedule's zone) under the configured retention, in the background. */
    public void load() {
        stage.set(Stage.PLANNING);
        executor.executeInBackground(planToday, p -> {
            plan = p;
            rows.setAll(p.decisions().stream().map(CleanupRow::of).toList());
            long bytes = p.removals().stream().mapToLong(d -> d.object().size()).sum();
            summary.set("Retention: dailies " + p.policy().dailyDays() + " days, weeklies " + p.policy().weeklyWeeks()
                    + " ISO weeks. Remove " + p.removals().size() + " of " + p.decisions().size() + " objects ("
                    + Bytes.formatBytes(bytes) + "), keep " + p.keeps().size()
                    + (p.keptBySafety() == 0 ? "" : " (" + p.keptBySafety() + " by safety)") + "."
                    + (queue == null ? "" : " This is a preview: Apply hands the clean-up to " + queue.where()
                    + "; the node that takes it plans again and removes only objects listed here as REMOVE that its "
                    + "plan removes too."));
            stage.set(Stage.PLANNED);
        }, e -> {
            summary.set("Cannot plan the cleanup: " + Messages.of(e));
            stage.set(Stage.FAILED);
        });
    }

    /** How many objects confirming removes. */
    public int removals() {
        return plan == null ? 0 : plan.removals().size();
    }

    /** Applies the plan shown (only once, and only when it removes something). */
    public void confirm() {
        if (stage.get() != Stage.PLANNED || plan == null || plan.removals().isEmpty()) {
            return;
        }
        RetentionPlan shown = plan;
        if (queue != null) {
            toQueue(shown);
            return;
        }
        stage.set(Stage.APPLYING);
        result.set("Removing " + shown.removals().size() + " objects…");
        executor.executeInBackground(() -> applied(shown), r -> {
            result.set(resultLine(r));
            stage.set(Stage.DONE);
            notifier.notify(r.refused() ? "Clean-up refused" : "Clean-up finished", result.get(), !r.complete());
        }, e -> {
            result.set("The clean-up failed: " + Messages.of(e));
            stage.set(Stage.FAILED);
            notifier.notify("Clean-up failed", result.get(), true);
        });
    }

    /**
     * With {@code [cluster]}: orders a cleanup carrying the keys {@code shown} removes into the cluster's queue (off
     * the GUI thread; more than {@link dev.grove.patina.run.RunScope.CleanupScope#MAX_SEEN} keys is refused) and
     * follows it — queued, running on node X, ended — in {@link #resultProperty()}.
     */
    private void toQueue(RetentionPlan shown) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        shown.removals().forEach(d -> keys.add(d.key()));
        if (keys.size() > dev.grove.patina.run.RunScope.CleanupScope.MAX_SEEN) {
            result.set("Not queued: the plan removes " + keys.size() + " objects, more than the "
                    + dev.grove.patina.run.RunScope.CleanupScope.MAX_SEEN + " a clean-up order carries to "
                    + queue.where() + ". Nothing was deleted: run patina cleanup on a node.");
            stage.set(Stage.FAILED);
            return;
        }
        stage.set(Stage.APPLYING);
        result.set("Handing the clean-up of " + keys.size() + " objects to " + queue.where() + "…");
        executor.executeInBackground(() -> {
            dev.grove.patina.run.RunQueue.Queued q = queue.enqueue(RunOrder.cleanupOf(RunTrigger.MANUAL, keys));
            if (!q.accepted()) {
                throw new IllegalStateException(q.message());
            }
            executor.executeOnGuiThread(() -> result.set("Clean-up: " + q.message()));
            java.time.Instant until = java.time.Instant.now().plus(FOLLOW_AT_MOST);
            dev.grove.patina.run.RunQueue.QueueState last;
            do {
                last = queue.follow(q, st -> executor.executeOnGuiThread(() -> result.set("Clean-up: "
                        + st.message())), Duration.ofSeconds(2));
            } while (!last.over() && java.time.Instant.now().isBefore(until));
            return last;
        }, last -> {
            boolean ok = last.phase() == dev.grove.patina.run.RunQueue.QueueState.QueuePhase.ENDED
                    && "finished ok".equals(last.outcome());
            result.set("Clean-up: " + last.message() + (last.over() ? " — what it removed and kept is in the Runs "
                    + "tab" : ""));
            stage.set(ok ? Stage.DONE : Stage.FAILED);
            notifier.notify(ok ? "Clean-up finished" : "Clean-up did not finish well", result.get(), !ok);
        }, e -> {
            result.set("The clean-up was not queued: " + Messages.of(e));
            stage.set(Stage.FAILED);
            notifier.notify("Clean-up not queued", result.get(), true);
        });
    }

    /** Orders the cleanup of exactly {@code shown} and waits for its run; throws when it did not run. */
    private CleanupResult applied(RetentionPlan shown) {
        RunFollower.Followed f = new RunFollower(runs).submitAndFollow(RunOrder.cleanup(RunTrigger.MANUAL, shown),
                e -> { }, FOLLOW_AT_MOST);
        if (!f.trigger().accepted()) {
            throw new IllegalStateException(f.trigger().message());
        }
        return f.result().filter(r -> r instanceof WorkResult.CleanupDone).map(r -> ((WorkResult.CleanupDone) r)
                .cleanup()).orElseThrow(() -> new IllegalStateException(f.end().map(RunFollower::why)
                .orElse("it is still running")));
    }

    static String resultLine(CleanupResult r) {
        if (r.refused()) {
            return "Nothing was deleted: " + r.refusal();
        }
        List<String> parts = new ArrayList<>();
        parts.add("Removed " + r.removed() + " object" + (r.removed() == 1 ? "" : "s") + " ("
                + Bytes.formatBytes(r.removedBytes()) + "), kept " + r.kept()
                + (r.keptBySafety() == 0 ? "" : " (" + r.keptBySafety() + " by safety)"));
        if (!r.failures().isEmpty()) {
            parts.add(r.failures().size() + " delete(s) refused: " + String.join("; ",
                    r.failures().stream().map(CleanupResult.FailedDelete::error).toList()));
        }
        if (!r.skipped().isEmpty()) {
            parts.add(r.skipped().size() + " skipped: " + String.join("; ",
                    r.skipped().stream().map(s -> s.key() + " (" + s.reason() + ")").toList()));
        }
        return String.join(" — ", parts);
    }

    public ObservableList<CleanupRow> rows() {
        return rowsView;
    }

    public ReadOnlyObjectProperty<Stage> stageProperty() {
        return stage;
    }

    /** The plan in one line: the policy, how many objects go and stay. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    /** What confirming did, or empty before. */
    public ReadOnlyStringProperty resultProperty() {
        return result;
    }
}
