package dev.grove.patina.ui.restore;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreReport;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The restore wizard, one view model for all its pages: choose a daily backup, choose a target, choose tables, read
 * the plan, run (download to a temp folder, then restore) in the background, read the result. Each page's validity
 * is a bound property. Cancelling at any step leaves nothing behind: the download's temp folder is deleted and the
 * restorer never renames a half-restored file into place.
 */
public final class RestoreWizardViewModel {
    /** Table that D1 keeps its migrations in; usually not wanted in a local restore. */
    public static final String D1_MIGRATIONS = "d1_migrations";
    /** Above this size the plan warns that the run will take a while. */
    static final long LARGE_BYTES = 256L * 1024 * 1024;

    /** The state of the run page. */
    public enum RunState { READY, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    private final PatinaRuntime runtime;
    private final UiExecutor executor;
    private final FileChooserService files;
    private final Path tempRoot;

    private final ObservableList<StoredObject> backups = FXCollections.observableArrayList();
    private final ObjectProperty<StoredObject> backup = new SimpleObjectProperty<>();
    private final ObjectProperty<TargetMode> mode = new SimpleObjectProperty<>(TargetMode.NEW_FILE);
    private final ObjectProperty<Path> target = new SimpleObjectProperty<>();
    private final BooleanProperty overwriteConfirmed = new SimpleBooleanProperty();
    private final BooleanProperty allTables = new SimpleBooleanProperty(true);
    private final ObservableList<String> tables = FXCollections.observableArrayList();
    private final ObservableSet<String> selectedTables = FXCollections.observableSet(new LinkedHashSet<>());
    private final BooleanProperty skipMigrations = new SimpleBooleanProperty(true);
    private final StringProperty targetProblem = new SimpleStringProperty("");

    private final BooleanBinding backupValid;
    private final BooleanBinding targetValid;
    private final BooleanBinding optionsValid;

    private final ObjectProperty<RunState> state = new SimpleObjectProperty<>(RunState.READY);
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<RestoreReport> report = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> resultFile = new SimpleObjectProperty<>();
    private final StringProperty resultText = new SimpleStringProperty("");
    private volatile boolean cancelled;
    private volatile Path runTemp;

    public RestoreWizardViewModel(PatinaRuntime runtime, UiExecutor executor, FileChooserService files) {
        this(runtime, executor, files, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** With the folder the download's temp folder is made in (tests check it is left empty). */
    RestoreWizardViewModel(PatinaRuntime runtime, UiExecutor executor, FileChooserService files, Path tempRoot) {
        this.runtime = runtime;
        this.executor = executor;
        this.files = files;
        this.tempRoot = tempRoot;
        backupValid = backup.isNotNull();
        target.addListener((o, was, is) -> checkTarget());
        mode.addListener((o, was, is) -> checkTarget());
        overwriteConfirmed.addListener((o, was, is) -> checkTarget());
        targetValid = Bindings.createBooleanBinding(() -> targetProblem.get().isEmpty() && target.get() != null,
                targetProblem, target);
        optionsValid = Bindings.createBooleanBinding(() -> allTables.get() || !selectedTables.isEmpty(), allTables,
                selectedTables);
        backup.addListener((o, was, is) -> {
            tables.setAll(is == null ? List.of() : is.rowCounts().keySet().stream()
                    .filter(t -> !"sqlite_sequence".equals(t)).sorted().toList());
            selectedTables.retainAll(tables);
            if (is != null && target.get() == null) {
                target.set(suggestedTarget(is));
            }
        });
        checkTarget();
    }

    /** Loads the present dailies of {@code database} (all databases when null), newest first; selects {@code key}. */
    public void load(String database, String key) {
        ObjectQuery q = ObjectQuery.firstPage(500).withKind(ObjectKind.DAILY).withStatus(ObjectStatus.PRESENT);
        ObjectQuery query = database == null ? q : q.withDatabase(database);
        executor.executeInBackground(() -> runtime.catalog().findObjects(query).items(), items -> {
            backups.setAll(items);
            backup.set(items.stream().filter(o -> o.key().equals(key)).findFirst()
                    .orElse(items.isEmpty() ? null : items.get(0)));
        }, e -> status.set("Cannot read the catalog: " + Messages.of(e)));
    }

    /** Asks the {@link FileChooserService} for the target (or export) file. */
    public void chooseTarget() {
        String title = mode.get().export() ? "Export the backup as" : "Restore into";
        Path suggested = target.get() != null ? target.get()
                : backup.get() == null ? Path.of("restored.sqlite") : suggestedTarget(backup.get());
        files.chooseSaveFile(title, suggested).ifPresent(target::set);
    }

    private Path suggestedTarget(StoredObject o) {
        String ext = mode.get() == TargetMode.EXPORT_SQL ? ".sql"
                : mode.get() == TargetMode.EXPORT_STORED ? o.key().substring(o.key().indexOf('.'))
                : "-restored.sqlite";
        return Path.of(System.getProperty("user.home")).resolve(o.database() + "-" + o.date() + ext);
    }

    private void checkTarget() {
        Path t = target.get();
        String problem = "";
        if (t == null) {
            problem = "Choose a file.";
        } else if (Files.isDirectory(t)) {
            problem = t + " is a folder; choose a file.";
        } else if (t.toAbsolutePath().getParent() == null || !Files.isDirectory(t.toAbsolutePath().getParent())) {
            problem = "The folder of " + t + " does not exist.";
        } else if (!mode.get().export() && nonEmpty(t)) {
            if (mode.get() == TargetMode.NEW_FILE) {
                problem = t.getFileName() + " exists and is not empty: choose another file, or replace it.";
            } else if (!overwriteConfirmed.get()) {
                problem = "Confirm that " + t.getFileName() + " may be replaced (it is kept as "
                        + t.getFileName() + ".bak).";
            }
        } else if (mode.get().export() && Files.exists(t) && !overwriteConfirmed.get()) {
            problem = t.getFileName() + " exists: confirm that it may be replaced.";
        }
        targetProblem.set(problem);
    }

    private static boolean nonEmpty(Path t) {
        try {
            return Files.exists(t) && Files.size(t) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** What the run will do, in words. */
    public String planText() {
        StoredObject o = backup.get();
        if (o == null || target.get() == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("1. Download ").append(o.key()).append(" (").append(Bytes.formatBytes(o.size()))
                .append(") and verify its SHA-256 (").append(shortSha(o.sha256())).append(").\n");
        if (mode.get().export()) {
            sb.append(mode.get() == TargetMode.EXPORT_SQL ? "2. Decompress it and save it as "
                    : "2. Save it as stored as ")
                    .append(target.get()).append(".\n");
            return sb.toString();
        }
        sb.append("2. Restore ").append(tableWords()).append(" in one transaction into a temporary file beside ")
                .append(target.get()).append(".\n");
        sb.append("3. Check integrity, foreign keys, the dump's checksum and row counts; only then rename it to ")
                .append(target.get().getFileName()).append(".\n");
        return sb.toString();
    }

    /** What to be careful about before running. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        StoredObject o = backup.get();
        if (o != null && o.size() > LARGE_BYTES) {
            out.add("This backup is " + Bytes.formatBytes(o.size()) + " compressed: the download and restore take "
                    + "a while and need several times that much free disk space.");
        }
        if (mode.get() == TargetMode.OVERWRITE && target.get() != null && nonEmpty(target.get())) {
            out.add(target.get().getFileName() + " will be REPLACED; the current file is kept as "
                    + target.get().getFileName() + ".bak. Stop the application using it first.");
        }
        if (mode.get().export() && target.get() != null && Files.exists(target.get())) {
            out.add(target.get().getFileName() + " will be replaced by the exported dump.");
        }
        if (!allTables.get()) {
            out.add("Only the selected tables are restored; the file will not be a full copy of the database.");
        }
        return out;
    }

    private String tableWords() {
        Set<String> chosen = chosenTables();
        String which = allTables.get() ? "all tables" : "the tables " + String.join(", ", chosen);
        return skipMigrations.get() && tables.contains(D1_MIGRATIONS) ? which + " except " + D1_MIGRATIONS : which;
    }

    private Set<String> chosenTables() {
        return allTables.get() ? Set.of() : Set.copyOf(selectedTables);
    }

    RestoreOptions options() {
        Set<String> excluded = skipMigrations.get() ? Set.of(D1_MIGRATIONS) : Set.of();
        return new RestoreOptions(chosenTables(), excluded, mode.get() == TargetMode.OVERWRITE);
    }

    /** Starts the download and restore in the background. */
    public void run() {
        if (state.get() == RunState.RUNNING || !backupValid.get() || !targetValid.get() || !optionsValid.get()) {
            return;
        }
        StoredObject o = backup.get();
        TargetMode m = mode.get();
        Path out = target.get();
        RestoreOptions options = options();
        cancelled = false;
        state.set(RunState.RUNNING);
        progress.set(0);
        status.set("Downloading " + o.key() + "…");
        executor.executeInBackground(() -> work(o, m, out, options), this::succeeded, this::failed);
    }

    private Object work(StoredObject o, TargetMode m, Path out, RestoreOptions options) throws IOException {
        DownloadService.Target source = new DownloadService.Target(o.key(), o.sha256());
        double downloadShare = m.export() ? 1.0 : 0.4;
        if (m.export()) {
            return runtime.downloads().download(source, out, m == TargetMode.EXPORT_SQL,
                    n -> step(downloadShare * n / Math.max(1, o.size()), null));
        }
        Path temp = Files.createTempDirectory(tempRoot, "patina-restore-");
        runTemp = temp;
        try {
            Path dump = temp.resolve(o.key().substring(o.key().lastIndexOf('/') + 1));
            runtime.downloads().download(source, dump, false, n -> step(downloadShare * n / Math.max(1, o.size()),
                    null));
            step(downloadShare, "Restoring into " + out.getFileName() + "…");
            RestoreReport done = new Restorer(runtime.clock()).restore(dump, out, options,
                    (phase, statements, read, total) -> {
                        if (!"done".equals(phase)) { // "done" comes after the rename: too late to stop
                            step(downloadShare + (1 - downloadShare) * read / Math.max(1, total),
                                    "check".equals(phase) ? "Checking integrity and row counts…" : null);
                        }
                    });
            if (cancelled) {
                undo(done);
                throw new CancellationException("cancelled");
            }
            return done;
        } finally {
            deleteTree(temp);
            runTemp = null;
        }
    }

    /** Reports progress to the GUI thread, or stops the run when it was cancelled. */
    private void step(double fraction, String message) {
        if (cancelled) {
            throw new CancellationException("cancelled");
        }
        executor.executeOnGuiThread(() -> {
            if (state.get() == RunState.RUNNING) {
                progress.set(Math.min(1, fraction));
                if (message != null) {
                    status.set(message);
                }
            }
        });
    }

    private void succeeded(Object result) {
        if (cancelled) {
            cleanUpAfterCancel(result);
            return;
        }
        progress.set(1);
        state.set(RunState.SUCCEEDED);
        if (result instanceof RestoreReport r) {
            report.set(r);
            resultFile.set(r.target());
            status.set("Restored into " + r.target());
        } else if (result instanceof DownloadService.Downloaded d) {
            resultFile.set(d.file());
            status.set("Exported to " + d.file());
        }
        resultText.set(describe(result));
    }

    private void failed(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cancelled || cause instanceof CancellationException
                || cause.getCause() instanceof CancellationException) {
            state.set(RunState.CANCELLED);
            status.set("Cancelled; nothing was written.");
            return;
        }
        state.set(RunState.FAILED);
        status.set("Failed: " + Messages.of(cause));
        resultText.set(status.get());
    }

    /** Takes back a finished restore: deletes the new file, or puts the replaced one back. */
    private static void undo(RestoreReport r) throws IOException {
        if (r.previousFile() == null) {
            Files.deleteIfExists(r.target());
        } else {
            Files.move(r.previousFile(), r.target(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A cancel that came too late to stop the run: take back what it wrote. */
    private void cleanUpAfterCancel(Object result) {
        try {
            if (result instanceof RestoreReport r) {
                undo(r);
            } else if (result instanceof DownloadService.Downloaded d) {
                Files.deleteIfExists(d.file());
            }
        } catch (IOException ignored) {
            // best effort: the file is complete and verified anyway
        }
        state.set(RunState.CANCELLED);
        status.set("Cancelled; nothing was written.");
    }

    /** Cancels the wizard: stops a running download or restore; their temp files are deleted. */
    public void cancel() {
        cancelled = true;
        if (state.get() != RunState.RUNNING) {
            state.set(state.get() == RunState.SUCCEEDED ? RunState.SUCCEEDED : RunState.CANCELLED);
        }
    }

    private String describe(Object result) {
        StringBuilder sb = new StringBuilder();
        if (result instanceof RestoreReport r) {
            long rows = r.rowCounts().entrySet().stream().filter(e -> !"sqlite_sequence".equals(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            sb.append("Integrity check: ok; foreign-key violations: ").append(r.foreignKeyViolations()).append('\n');
            sb.append("Dump checksum (SHA-256 footer): ").append(r.checksumVerified() ? "verified" : "not verified")
                    .append('\n');
            sb.append("Row counts: ").append(r.countsVerified() ? "match the dump" : "not verified").append(" — ")
                    .append(String.format(Locale.ROOT, "%,d rows in %d tables", rows, r.rowCounts().size()))
                    .append('\n');
            sb.append("Restored file: ").append(r.target()).append('\n');
            if (r.previousFile() != null) {
                sb.append("Previous file kept as: ").append(r.previousFile()).append('\n');
            }
            r.warnings().forEach(w -> sb.append("Warning: ").append(w).append('\n'));
        } else if (result instanceof DownloadService.Downloaded d) {
            sb.append("Download checksum (SHA-256): verified ").append(shortSha(d.sha256())).append('\n');
            sb.append("File: ").append(d.file()).append(" (").append(Bytes.formatBytes(d.writtenBytes()))
                    .append(")\n");
        }
        return sb.toString();
    }

    /** How to do the same from a shell, and how to put the file back into production. */
    public String guide() {
        StoredObject o = backup.get();
        if (o == null) {
            return "";
        }
        String sql = o.database() + "-" + o.date() + ".sql";
        Path out = target.get() == null ? Path.of(o.database() + "-restored.sqlite") : target.get();
        StringBuilder sb = new StringBuilder();
        sb.append("The same from a shell:\n  patina download ").append(o.date()).append(' ').append(o.database())
                .append(" -o ").append(sql).append(" --decompress && patina restore ").append(sql).append(' ')
                .append(out).append(mode.get() == TargetMode.OVERWRITE ? " --force" : "").append('\n');
        Optional<DatabaseConfig> db = runtime.config().database(o.database());
        if (db.isPresent() && db.get() instanceof D1DatabaseConfig) {
            sb.append("Into Cloudflare D1:\n  wrangler d1 execute <d1-name> --remote --file ").append(sql).append('\n');
            sb.append("For a mistake in the last 30 days, D1 Time Travel needs no dump:\n"
                    + "  wrangler d1 time-travel restore <d1-name> --timestamp <time>\n");
        } else {
            sb.append("To put it in production: stop the application, keep a copy of the live file, then move the "
                    + "restored file over it.\n");
            sb.append("For a D1 database: wrangler d1 execute <d1-name> --remote --file ").append(sql)
                    .append(" (or D1 Time Travel for the last 30 days).\n");
        }
        return sb.toString();
    }

    private static String shortSha(String sha) {
        return sha == null ? "(none recorded)" : sha.substring(0, Math.min(12, sha.length())) + "…";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A one-line description of a backup for a list. */
    public static String label(StoredObject o) {
        return o.database() + " — " + o.date() + " — " + Bytes.formatBytes(o.size()) + " — "
                + String.format(Locale.ROOT, "%,d rows", o.rowCounts().entrySet().stream()
                .filter(e -> !"sqlite_sequence".equals(e.getKey())).mapToLong(Map.Entry::getValue).sum())
                + (o.verifiedAt() == null ? " — not verified yet" : " — verified");
    }

    public ObservableList<StoredObject> backups() {
        return backups;
    }

    public ObjectProperty<StoredObject> backupProperty() {
        return backup;
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
        return state;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyObjectProperty<RestoreReport> reportProperty() {
        return report;
    }

    public ReadOnlyObjectProperty<Path> resultFileProperty() {
        return resultFile;
    }

    public ReadOnlyStringProperty resultTextProperty() {
        return resultText;
    }

    /** The temp folder of a running download (null otherwise); tests check it is gone afterwards. */
    Path runTemp() {
        return runTemp;
    }

    /** Re-checks the target (after the file changed on disk). */
    public void recheckTarget() {
        checkTarget();
    }
}
