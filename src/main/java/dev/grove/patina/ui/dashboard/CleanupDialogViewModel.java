package dev.grove.patina.ui.dashboard;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.CleanupResult;
import dev.grove.patina.backup.retention.RetentionPlan;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.ui.common.UiNotifier;
import dev.grove.patina.util.Bytes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
 * with KEEP or REMOVE and the planner's reason; {@link #confirm} applies exactly that plan as a recorded run
 * (trigger {@code manual}). Closing without confirming deletes nothing.
 */
public final class CleanupDialogViewModel {
    /** Where the dialog is. */
    public enum Stage {
        PLANNING, PLANNED, APPLYING, DONE, FAILED
    }

    private final PatinaRuntime runtime;
    private final UiExecutor executor;
    private final UiNotifier notifier;
    private final ObservableList<CleanupRow> rows = FXCollections.observableArrayList();
    private final ObservableList<CleanupRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObjectProperty<Stage> stage = new SimpleObjectProperty<>(Stage.PLANNING);
    private final StringProperty summary = new SimpleStringProperty("Planning…");
    private final StringProperty result = new SimpleStringProperty("");
    private RetentionPlan plan;

    public CleanupDialogViewModel(PatinaRuntime runtime, UiExecutor executor, UiNotifier notifier) {
        this.runtime = runtime;
        this.executor = executor;
        this.notifier = notifier;
    }

    /** Plans the cleanup for today (in the schedule's zone) under the configured retention, in the background. */
    public void load() {
        stage.set(Stage.PLANNING);
        executor.executeInBackground(() -> {
            RetentionPolicy policy = new RetentionPolicy(runtime.config().retention().dailyDays(),
                    runtime.config().retention().weeklyWeeks());
            LocalDate today = LocalDate.ofInstant(runtime.clock().instant(), runtime.config().schedule().timezone());
            return runtime.cleanup().plan(policy, today);
        }, p -> {
            plan = p;
            rows.setAll(p.decisions().stream().map(CleanupRow::of).toList());
            long bytes = p.removals().stream().mapToLong(d -> d.object().size()).sum();
            summary.set("Retention: dailies " + p.policy().dailyDays() + " days, weeklies " + p.policy().weeklyWeeks()
                    + " ISO weeks. Remove " + p.removals().size() + " of " + p.decisions().size() + " objects ("
                    + Bytes.formatBytes(bytes) + "), keep " + p.keeps().size()
                    + (p.keptBySafety() == 0 ? "" : " (" + p.keptBySafety() + " by safety)") + ".");
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
        stage.set(Stage.APPLYING);
        result.set("Removing " + shown.removals().size() + " objects…");
        executor.executeInBackground(() -> runtime.cleanup().applyAndRecord(shown, RunTrigger.MANUAL), r -> {
            result.set(resultLine(r));
            stage.set(Stage.DONE);
            notifier.notify(r.refused() ? "Clean-up refused" : "Clean-up finished", result.get(), !r.complete());
        }, e -> {
            result.set("The clean-up failed: " + Messages.of(e));
            stage.set(Stage.FAILED);
            notifier.notify("Clean-up failed", result.get(), true);
        });
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
