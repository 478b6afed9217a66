package dev.grove.patina.ui.restore;

import dev.grove.patina.restore.RestoreListener;
import dev.grove.patina.restore.RestoreOutcome;
import dev.grove.patina.restore.RestoreOutcome.ExportedToFile;
import dev.grove.patina.restore.RestoreOutcome.ImportedToD1;
import dev.grove.patina.restore.RestoreOutcome.RestoreCancelled;
import dev.grove.patina.restore.RestoreOutcome.RestoreFailed;
import dev.grove.patina.restore.RestoreOutcome.RestoreRefused;
import dev.grove.patina.restore.RestoreOutcome.RestoredToFile;
import dev.grove.patina.restore.RestoreTarget;
import dev.grove.patina.restore.RestoreWorkflow;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The wizard's run and result pages: starts {@link RestoreWorkflow} on the background executor, shows its progress
 * on the GUI thread, and turns its outcome into state, status and result text.
 */
final class WizardRun {
    private final java.util.function.Supplier<RestoreWorkflow> workflows;
    /** The workflow of the run going or last run (the store it read). */
    private volatile RestoreWorkflow workflow;
    private final UiExecutor executor;
    private final ObjectProperty<RestoreWizardViewModel.RunState> state =
            new SimpleObjectProperty<>(RestoreWizardViewModel.RunState.READY);
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<RestoredToFile> report = new SimpleObjectProperty<>();
    private final ObjectProperty<ImportedToD1> d1Result = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> resultFile = new SimpleObjectProperty<>();
    private final StringProperty resultText = new SimpleStringProperty("");
    private volatile boolean cancelled;
    private volatile Path runTemp;
    private volatile Duration d1PollEvery = Duration.ofSeconds(1);
    private String d1Name;

    /** @param workflows the workflow of the store the next run reads (asked at each start) */
    WizardRun(java.util.function.Supplier<RestoreWorkflow> workflows, UiExecutor executor) {
        this.workflows = workflows;
        this.workflow = workflows.get();
        this.executor = executor;
    }

    /** Starts the run of the wizard's choices (already valid) in the background. */
    void start(WizardChoices c, String typed) {
        RestoreTarget target = switch (c.mode()) {
            case NEW_FILE, OVERWRITE -> new RestoreTarget.SqliteFile(c.target(), c.mode() == TargetMode.OVERWRITE,
                    c.chosen(), c.excludeTables());
            case EXPORT_SQL, EXPORT_STORED -> new RestoreTarget.DumpFile(c.target(),
                    c.mode() == TargetMode.EXPORT_SQL, c.overwrite());
            case D1 -> new RestoreTarget.D1Database(c.d1Database(), typed, d1PollEvery);
        };
        var o = c.backup();
        RestoreWorkflow run = workflows.get();
        workflow = run;
        d1Name = c.d1Database();
        cancelled = false;
        state.set(RestoreWizardViewModel.RunState.RUNNING);
        progress.set(0);
        status.set((o.weekly() ? "Extracting " + o.member().path() + " from " : "Downloading ") + o.key() + "…");
        executor.executeInBackground(() -> run.run(o, target, listener()), this::finished,
                e -> failed(e, null, false));
    }

    private RestoreListener listener() {
        return new RestoreListener() {
            @Override
            public void progress(double fraction, String message) {
                executor.executeOnGuiThread(() -> {
                    if (state.get() == RestoreWizardViewModel.RunState.RUNNING) {
                        progress.set(fraction);
                        if (message != null) {
                            status.set(message);
                        }
                    }
                });
            }

            @Override
            public void message(String message) {
                executor.executeOnGuiThread(() -> {
                    if (state.get() == RestoreWizardViewModel.RunState.RUNNING) {
                        status.set(message);
                    }
                });
            }

            @Override
            public boolean cancelled() {
                return cancelled;
            }

            @Override
            public void workingIn(Path tempFolder) {
                runTemp = tempFolder;
            }
        };
    }

    private void finished(RestoreOutcome outcome) {
        if (outcome instanceof RestoreCancelled c) {
            cancelledWith(c.sentToD1());
            return;
        }
        if (outcome instanceof RestoreFailed f) {
            failed(f.error(), f.sentToD1(), f.d1RanNothing());
            return;
        }
        if (outcome instanceof RestoreRefused r) {
            state.set(RestoreWizardViewModel.RunState.FAILED);
            status.set("Failed: " + r.reason());
            resultText.set(status.get());
            return;
        }
        if (cancelled && outcome instanceof RestoredToFile r && r.previousFile() == null) {
            try {
                workflow.takeBack(r); // a new file only: taking it back loses nothing
            } catch (IOException ignored) {
                // best effort: the file is complete and verified anyway
            }
            cancelledWith(null);
            return;
        }
        // anything else that finished before the cancel took effect stays: a replaced file (its old version is the
        // .bak beside it) or an export over a chosen file cannot be taken back without losing data
        progress.set(1);
        state.set(RestoreWizardViewModel.RunState.SUCCEEDED);
        if (outcome instanceof RestoredToFile r) {
            report.set(r);
            resultFile.set(r.target());
            status.set("Restored into " + r.target() + late());
        } else if (outcome instanceof ExportedToFile e) {
            resultFile.set(e.file());
            status.set("Exported to " + e.file() + late());
        } else if (outcome instanceof ImportedToD1 d) {
            d1Result.set(d);
            status.set("Imported into D1 database " + d.database() + late());
        }
        resultText.set(RestoreResultText.describe(outcome));
    }

    private void cancelledWith(Instant sent) {
        state.set(RestoreWizardViewModel.RunState.CANCELLED);
        status.set(sent == null ? "Cancelled; nothing was written."
                : "Stopped waiting for D1. The file had been sent to D1 database " + d1Name + " at "
                + sent + ": D1 runs the import to its end (all of it or nothing) and Patina cannot stop it. "
                + "Check the database; to undo, use D1 Time Travel with a timestamp before " + sent + ".");
        resultText.set(sent == null ? "" : status.get());
    }

    private void failed(Throwable cause, Instant sent, boolean d1RanNothing) {
        if (cancelled) {
            cancelledWith(sent);
            return;
        }
        state.set(RestoreWizardViewModel.RunState.FAILED);
        status.set("Failed: " + Messages.of(cause) + (sent == null || d1RanNothing ? ""
                : " — the file had been sent to D1 database " + d1Name + " at " + sent
                + "; D1 imports all or nothing: check the database."));
        resultText.set(status.get());
    }

    /** " (it had finished before the cancel took effect)" after a late cancel, else nothing. */
    private String late() {
        return cancelled ? " (it had finished before the cancel took effect)" : "";
    }

    /** Stops a running run at its next step; a wizard that is not running is left cancelled (or succeeded). */
    void cancel() {
        cancelled = true;
        if (state.get() != RestoreWizardViewModel.RunState.RUNNING) {
            state.set(state.get() == RestoreWizardViewModel.RunState.SUCCEEDED
                    ? RestoreWizardViewModel.RunState.SUCCEEDED : RestoreWizardViewModel.RunState.CANCELLED);
        }
    }

    ObjectProperty<RestoreWizardViewModel.RunState> state() {
        return state;
    }

    DoubleProperty progress() {
        return progress;
    }

    StringProperty status() {
        return status;
    }

    ObjectProperty<RestoredToFile> report() {
        return report;
    }

    ObjectProperty<ImportedToD1> d1Result() {
        return d1Result;
    }

    ObjectProperty<Path> resultFile() {
        return resultFile;
    }

    StringProperty resultText() {
        return resultText;
    }

    Path runTemp() {
        return runTemp;
    }

    void d1PollEvery(Duration every) {
        d1PollEvery = every;
    }
}
