package dev.grove.patina.ui.restore;

import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.restore.BackupChoice;
import dev.grove.patina.restore.ConfiguredTargets;
import dev.grove.patina.restore.RestoreChoices;
import dev.grove.patina.restore.RestoreOutcome.ImportedToD1;
import dev.grove.patina.restore.RestoreOutcome.RestoredToFile;
import dev.grove.patina.restore.RestoreWorkflow;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.util.Bytes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The restore wizard's screen state, one view model for all its pages: choose a backup (a daily, or a member of a
 * weekly archive), choose a target (a SQLite file, an export, or a configured Cloudflare D1 database), choose tables,
 * read the plan, run, read the result. Each page's validity is a bound property. The run itself is
 * {@link RestoreWorkflow}'s, on the background executor ({@link WizardRun}); cancelling at any step leaves nothing
 * behind locally. What was already sent to D1 is D1's: the plan and the run say so.
 */
public final class RestoreWizardViewModel {
    /** The state of the run page. */
    public enum RunState { READY, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    private final RestoreChoices choices;
    private final ConfiguredTargets targets;
    private final UiExecutor executor;
    private final FileChooserService files;
    private final WizardTargetCheck targetCheck;
    private final WizardRun runner;

    private final ObservableList<BackupChoice> backups = FXCollections.observableArrayList();
    private final ObjectProperty<BackupChoice> backup = new SimpleObjectProperty<>();
    private final StringProperty sourceStatus = new SimpleStringProperty("");
    private final ObservableList<TargetMode> modes = FXCollections.observableArrayList();
    private final ObjectProperty<TargetMode> mode = new SimpleObjectProperty<>(TargetMode.NEW_FILE);
    private final ObjectProperty<Path> target = new SimpleObjectProperty<>();
    private final BooleanProperty overwriteConfirmed = new SimpleBooleanProperty();
    private final ObservableList<String> d1Databases = FXCollections.observableArrayList();
    private final StringProperty d1Database = new SimpleStringProperty();
    private final StringProperty d1Confirmation = new SimpleStringProperty("");
    private final BooleanProperty allTables = new SimpleBooleanProperty(true);
    private final ObservableList<String> tables = FXCollections.observableArrayList();
    private final ObservableSet<String> selectedTables = FXCollections.observableSet(new LinkedHashSet<>());
    private final BooleanProperty skipMigrations = new SimpleBooleanProperty(true);
    private final StringProperty targetProblem = new SimpleStringProperty("");
    /** The differentials among the listed dailies → the full each applies to (read with the list). */
    private Map<String, RestoreChoices.DifferentialBase> bases = Map.of();
    private final StringProperty chain = new SimpleStringProperty("");

    private final BooleanBinding backupValid;
    private final BooleanBinding targetValid;
    private final BooleanBinding optionsValid;
    private final BooleanBinding tableChoice;
    private volatile boolean closed;
    private final WizardStores stores;

    /**
     * @param workflow runs the restore, export or D1 import
     * @param choices  lists what can be restored
     */
    public RestoreWizardViewModel(RestoreWorkflow workflow, RestoreChoices choices, UiExecutor executor,
                                  FileChooserService files) {
        this(WizardStores.primaryOnly(workflow), choices, executor, files);
    }

    /**
     * @param stores the stores a backup can be read from (the primary and each replica), a workflow each; after a
     *               failed run from the primary the wizard offers the replicas
     */
    public RestoreWizardViewModel(WizardStores stores, RestoreChoices choices, UiExecutor executor,
                                  FileChooserService files) {
        RestoreWorkflow workflow = stores.primary();
        this.stores = stores;
        this.choices = choices;
        this.targets = workflow.targets();
        this.executor = executor;
        this.files = files;
        this.targetCheck = new WizardTargetCheck(targets);
        this.runner = new WizardRun(stores::current, executor);
        runner.state().addListener((o, was, is) -> {
            if (is == RunState.FAILED) {
                stores.failed();
            }
        });
        d1Databases.setAll(targets.d1Names());
        if (!d1Databases.isEmpty()) {
            d1Database.set(d1Databases.get(0));
        }
        backupValid = backup.isNotNull();
        target.addListener((o, was, is) -> checkTarget());
        mode.addListener((o, was, is) -> {
            if (is == null) { // a choice box clears its value when its items change: keep the mode
                mode.set(was);
                return;
            }
            BackupChoice b = backup.get();
            Path before = b == null ? null : (was == null ? TargetMode.NEW_FILE : was).suggestedFile(b);
            if (b != null && is.toFile() && (target.get() == null || target.get().equals(before))) {
                target.set(is.suggestedFile(b)); // the suggestion follows the mode until a file is chosen
            }
            checkTarget();
        });
        overwriteConfirmed.addListener((o, was, is) -> checkTarget());
        d1Database.addListener((o, was, is) -> checkTarget());
        d1Confirmation.addListener((o, was, is) -> checkTarget());
        targetValid = Bindings.createBooleanBinding(() -> targetProblem.get().isEmpty()
                && (mode.get() == TargetMode.D1 || target.get() != null), targetProblem, target, mode);
        tableChoice = mode.isNotEqualTo(TargetMode.D1);
        optionsValid = Bindings.createBooleanBinding(() -> !tableChoice.get() || allTables.get()
                || !selectedTables.isEmpty(), allTables, selectedTables, tableChoice);
        backup.addListener((o, was, is) -> {
            chain.set(RestorePlan.chainText(is, baseOf(is)));
            tables.setAll(is == null ? List.of() : is.rowCounts().keySet().stream()
                    .filter(t -> !"sqlite_sequence".equals(t)).sorted().toList());
            selectedTables.retainAll(tables);
            updateModes();
            if (is != null && (target.get() == null
                    || was != null && target.get().equals(mode.get().suggestedFile(was)))) {
                target.set(mode.get().suggestedFile(is));
            }
        });
        updateModes();
        checkTarget();
    }

    /** The target modes this backup and this configuration allow: "as stored" only for a daily, D1 when configured. */
    private void updateModes() {
        List<TargetMode> allowed = TargetMode.allowed(backup.get() != null && backup.get().weekly(),
                !d1Databases.isEmpty());
        if (!modes.equals(allowed)) {
            modes.setAll(allowed);
        }
        if (!allowed.contains(mode.get())) {
            mode.set(TargetMode.EXPORT_SQL); // a weekly member is plain SQL: "as stored" is the same thing
        }
    }

    /**
     * Loads the present dailies of {@code database} (all databases when null or not a configured name, as for the
     * Backups tab's "all databases" row of a weekly archive), newest first, and selects {@code key}; then reads the
     * manifest of every weekly archive, newest first ({@code key}'s first when it is one), and adds each archive's
     * members of that database. When {@code key} is a weekly archive, its newest member of the database is selected.
     */
    public void load(String database, String key) {
        String db = database != null && targets.config().database(database).isPresent() ? database : null;
        executor.executeInBackground(() -> {
            List<StoredObject> dailies = choices.dailies(db);
            return new Listed(dailies, choices.weeklies(), choices.basesOf(dailies));
        }, found -> {
            List<StoredObject> days = found.dailies();
            List<StoredObject> weeks = new ArrayList<>(found.weeklies());
            bases = found.bases(); // before a backup is chosen: its chain is read from it
            backups.setAll(days.stream().map(BackupChoice::daily).toList());
            Optional<BackupChoice> chosen = backups.stream().filter(c -> c.key().equals(key)).findFirst();
            boolean weeklyKey = weeks.stream().anyMatch(w -> w.key().equals(key));
            if (chosen.isPresent() || !weeklyKey) {
                backup.set(chosen.orElse(backups.isEmpty() ? null : backups.get(0)));
            }
            weeks.sort(Comparator.comparing((StoredObject w) -> !w.key().equals(key))
                    .thenComparing(StoredObject::date, Comparator.reverseOrder()));
            if (!weeks.isEmpty()) {
                readManifests(db, key, weeks);
            } else if (backups.isEmpty()) {
                sourceStatus.set(db == null ? "No backups in the catalog yet." : "No backups of " + db + " yet.");
            }
        }, e -> sourceStatus.set("Cannot read the catalog " + choices.catalogFile() + ": " + Messages.of(e)));
    }

    /** What {@link #load} reads in the background. */
    private record Listed(List<StoredObject> dailies, List<StoredObject> weeklies,
                          Map<String, RestoreChoices.DifferentialBase> bases) {
    }

    /** The full {@code b} applies to when it is a differential daily, else null. */
    private RestoreChoices.DifferentialBase baseOf(BackupChoice b) {
        return b == null || b.weekly() ? null : bases.get(b.key());
    }

    /** Reads each weekly archive's manifest in the background; adds the members as they come. */
    private void readManifests(String db, String key, List<StoredObject> weeks) {
        executor.executeInBackground(() -> {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < weeks.size() && !closed; i++) {
                StoredObject week = weeks.get(i);
                String note = "Reading weekly archive " + week.key() + " (" + (i + 1) + " of " + weeks.size()
                        + ", " + Bytes.formatBytes(week.size()) + ") to list its members…";
                executor.executeOnGuiThread(() -> sourceStatus.set(note));
                try {
                    List<BackupChoice> members = choices.members(week, db, () -> closed);
                    executor.executeOnGuiThread(() -> addMembers(week, members, key));
                } catch (CancellationException e) {
                    break;
                } catch (IOException | RuntimeException e) {
                    problems.add(week.key() + ": " + Messages.of(e));
                }
            }
            return problems;
        }, problems -> {
            sourceStatus.set(problems.isEmpty() ? "" : "Cannot list the members of " + String.join("; ", problems));
            if (backup.get() == null && !backups.isEmpty()) {
                backup.set(backups.get(0));
            }
        }, e -> sourceStatus.set("Cannot read the weekly archives: " + Messages.of(e)));
    }

    private void addMembers(StoredObject week, List<BackupChoice> members, String key) {
        backups.addAll(members);
        if (backup.get() == null && week.key().equals(key) && !members.isEmpty()) {
            backup.set(members.get(0));
        }
    }

    /** Asks the {@link FileChooserService} for the target (or export) file. */
    public void chooseTarget() {
        String title = mode.get().export() ? "Export the backup as" : "Restore into";
        Path suggested = target.get() != null ? target.get()
                : backup.get() == null ? Path.of("restored.sqlite") : mode.get().suggestedFile(backup.get());
        files.chooseSaveFile(title, suggested).ifPresent(target::set);
    }

    private void checkTarget() {
        targetProblem.set(targetCheck.problem(options(), d1Confirmation.get()));
    }

    /** {@code database id …} of the chosen D1 database, for the target page; empty when none is chosen. */
    public String d1DatabaseIdText() {
        return targets.d1Database(d1Database.get()).map(d -> "database id " + d.databaseId()).orElse("");
    }

    /**
     * The chain the run applies when the chosen backup is a differential (ADR 0016), e.g. {@code full 2026-11-30
     * (shop.sql.zst, 55.7 MiB) + differential 2026-12-03 (shop.diff.sql.zst, 308 KiB)}; empty for a full or a weekly
     * member.
     */
    public ReadOnlyStringProperty chainProperty() {
        return chain;
    }

    /** What the run will do, in words. */
    public String planText() {
        return RestorePlan.planText(options());
    }

    /** What to be careful about before running. */
    public List<String> warnings() {
        return RestorePlan.warnings(options());
    }

    /** The choices of every page, as they are now. */
    WizardChoices options() {
        Set<String> chosen = allTables.get() ? Set.of() : Set.copyOf(selectedTables);
        String id = targets.d1Database(d1Database.get()).map(d -> d.databaseId()).orElse("?");
        return new WizardChoices(backup.get(), mode.get(), target.get(), overwriteConfirmed.get(), d1Database.get(),
                id, allTables.get(), chosen, skipMigrations.get(), List.copyOf(tables), baseOf(backup.get()));
    }

    /** Starts the fetch and the restore, export or import in the background. */
    public void run() {
        if (closed || runner.state().get() == RunState.RUNNING || !backupValid.get() || !targetValid.get()
                || !optionsValid.get()) {
            return;
        }
        String typed = d1Confirmation.get() == null ? "" : d1Confirmation.get().strip();
        runner.start(options(), typed);
    }

    /**
     * Cancels the wizard: stops a running download, extraction, restore or the reading of weekly manifests; their
     * temp files are deleted. An import already sent to D1 is not stopped by D1: the run's status says so.
     */
    public void cancel() {
        closed = true;
        runner.cancel();
    }

    /** The stores a backup can be read from, the one chosen, and the offer of a replica after a failure. */
    public WizardStores stores() {
        return stores;
    }

    /** Stops reading weekly manifests (the wizard was closed after a finished run). */
    public void close() {
        closed = true;
    }

    /** How to do the same from a shell, and how to put the data back into production. */
    public String guide() {
        BackupChoice o = backup.get();
        return RestoreResultText.guide(options(), o != null && targets.isD1(o.database()), runner.d1Result().get());
    }

    public ObservableList<BackupChoice> backups() {
        return backups;
    }

    public ObjectProperty<BackupChoice> backupProperty() {
        return backup;
    }

    /** What step 1 is reading (weekly manifests) or could not read; empty when done. */
    public ReadOnlyStringProperty sourceStatusProperty() {
        return sourceStatus;
    }

    /** The target modes this backup and configuration allow. */
    public ObservableList<TargetMode> modes() {
        return modes;
    }

    public ObjectProperty<TargetMode> modeProperty() {
        return mode;
    }

    public ObjectProperty<Path> targetProperty() {
        return target;
    }

    public BooleanProperty overwriteConfirmedProperty() {
        return overwriteConfirmed;
    }

    /** The configured D1 databases, in config order. */
    public ObservableList<String> d1Databases() {
        return d1Databases;
    }

    /** The D1 database to import into. */
    public StringProperty d1DatabaseProperty() {
        return d1Database;
    }

    /** What the operator typed to confirm the D1 import: it must equal the D1 database's name. */
    public StringProperty d1ConfirmationProperty() {
        return d1Confirmation;
    }

    public BooleanProperty allTablesProperty() {
        return allTables;
    }

    public ObservableList<String> tables() {
        return tables;
    }

    public ObservableSet<String> selectedTables() {
        return selectedTables;
    }

    public BooleanProperty skipMigrationsProperty() {
        return skipMigrations;
    }

    /** False for a D1 import, which takes the whole dump. */
    public ObservableBooleanValue tableChoiceProperty() {
        return tableChoice;
    }

    /** Why the target is not acceptable yet, empty when it is. */
    public ReadOnlyStringProperty targetProblemProperty() {
        return targetProblem;
    }

    public ObservableBooleanValue backupValidProperty() {
        return backupValid;
    }

    public ObservableBooleanValue targetValidProperty() {
        return targetValid;
    }

    public ObservableBooleanValue optionsValidProperty() {
        return optionsValid;
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return runner.state();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return runner.progress();
    }

    public ReadOnlyStringProperty statusProperty() {
        return runner.status();
    }

    /** The finished restore into a file, null otherwise. */
    public ReadOnlyObjectProperty<RestoredToFile> reportProperty() {
        return runner.report();
    }

    /** The finished D1 import, null otherwise. */
    public ReadOnlyObjectProperty<ImportedToD1> d1ResultProperty() {
        return runner.d1Result();
    }

    public ReadOnlyObjectProperty<Path> resultFileProperty() {
        return runner.resultFile();
    }

    public ReadOnlyStringProperty resultTextProperty() {
        return runner.resultText();
    }

    /** How often D1 is polled while it imports (tests shorten it). */
    void d1PollEvery(Duration every) {
        runner.d1PollEvery(every);
    }

    /** The temp folder of a running download (null otherwise); tests check it is gone afterwards. */
    Path runTemp() {
        return runner.runTemp();
    }

    /** Re-checks the target (after the file changed on disk). */
    public void recheckTarget() {
        checkTarget();
    }
}
