package dev.grove.patina.ui.restore;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.backup.weekly.ArchivedMember;
import dev.grove.patina.backup.weekly.WeeklyManifest;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreReport;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.source.d1.D1ApiException;
import dev.grove.patina.source.d1.D1Client;
import dev.grove.patina.source.d1.D1Importer;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.util.AtomicFiles;
import dev.grove.patina.util.Bytes;
import dev.grove.patina.util.FileTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
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
 * The restore wizard, one view model for all its pages: choose a backup (a daily, or a member of a weekly archive),
 * choose a target (a SQLite file, an export, or a configured Cloudflare D1 database), choose tables, read the plan,
 * run (fetch into a temp folder, then restore or import) in the background, read the result. Each page's validity is
 * a bound property. Cancelling at any step leaves nothing behind locally: the temp folder (a download, an extracted
 * weekly member, a manifest being read) is deleted and the restorer never renames a half-restored file into place.
 * What was already sent to D1 is D1's: the plan and the run say so.
 */
public final class RestoreWizardViewModel {
    /** Table that D1 keeps its migrations in; usually not wanted in a local restore. */
    public static final String D1_MIGRATIONS = "d1_migrations";
    /** Above this size the plan warns that the run will take a while. */
    static final long LARGE_BYTES = 256L * 1024 * 1024;

    /** The state of the run page. */
    public enum RunState { READY, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /**
     * A finished import into D1.
     *
     * @param sentAt when Patina started sending the file: a Time Travel timestamp from just before the import
     */
    public record D1Imported(String database, String databaseId, long statements, String bookmark, Instant sentAt,
                             long checkedStatements, long sqlBytes, List<String> tables) {
    }

    /** A weekly member saved as plain SQL; {@code previousFile} is where a replaced file is kept, or null. */
    record ExportedMember(Path file, String sha256, long bytes, Path previousFile) {
    }

    private final PatinaRuntime runtime;
    private final UiExecutor executor;
    private final FileChooserService files;
    private final Path tempRoot;

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

    private final BooleanBinding backupValid;
    private final BooleanBinding targetValid;
    private final BooleanBinding optionsValid;
    private final BooleanBinding tableChoice;

    private final ObjectProperty<RunState> state = new SimpleObjectProperty<>(RunState.READY);
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<RestoreReport> report = new SimpleObjectProperty<>();
    private final ObjectProperty<D1Imported> d1Result = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> resultFile = new SimpleObjectProperty<>();
    private final StringProperty resultText = new SimpleStringProperty("");
    private volatile boolean cancelled;
    private volatile boolean closed;
    private volatile Path runTemp;
    private volatile Instant d1SentAt;
    /** How often D1 is polled while it imports (tests shorten it). */
    volatile Duration d1PollEvery = Duration.ofSeconds(1);

    public RestoreWizardViewModel(PatinaRuntime runtime, UiExecutor executor, FileChooserService files) {
        this(runtime, executor, files, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** With the folder the download's temp folder is made in (tests check it is left empty). */
    RestoreWizardViewModel(PatinaRuntime runtime, UiExecutor executor, FileChooserService files, Path tempRoot) {
        this.runtime = runtime;
        this.executor = executor;
        this.files = files;
        this.tempRoot = tempRoot;
        runtime.config().databases().stream().filter(d -> d instanceof D1DatabaseConfig)
                .map(DatabaseConfig::name).forEach(d1Databases::add);
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
            if (b != null && is.toFile() && (target.get() == null || target.get().equals(suggestedTarget(b, was)))) {
                target.set(suggestedTarget(b, is)); // the suggestion follows the mode until a file is chosen
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
            tables.setAll(is == null ? List.of() : is.rowCounts().keySet().stream()
                    .filter(t -> !"sqlite_sequence".equals(t)).sorted().toList());
            selectedTables.retainAll(tables);
            updateModes();
            if (is != null && (target.get() == null
                    || was != null && target.get().equals(suggestedTarget(was, mode.get())))) {
                target.set(suggestedTarget(is, mode.get()));
            }
        });
        updateModes();
        checkTarget();
    }

    /** The target modes this backup and this configuration allow: "as stored" only for a daily, D1 when configured. */
    private void updateModes() {
        List<TargetMode> allowed = new ArrayList<>();
        for (TargetMode m : TargetMode.values()) {
            if ((m != TargetMode.EXPORT_STORED || backup.get() == null || !backup.get().weekly())
                    && (m != TargetMode.D1 || !d1Databases.isEmpty())) {
                allowed.add(m);
            }
        }
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
        String db = database != null && runtime.config().database(database).isPresent() ? database : null;
        ObjectQuery q = ObjectQuery.firstPage(500).withStatus(ObjectStatus.PRESENT);
        ObjectQuery dailies = (db == null ? q : q.withDatabase(db)).withKind(ObjectKind.DAILY);
        ObjectQuery weeklies = q.withKind(ObjectKind.WEEKLY);
        executor.executeInBackground(() -> List.of(runtime.catalog().findObjects(dailies).items(),
                runtime.catalog().findObjects(weeklies).items()), found -> {
            List<StoredObject> days = found.get(0);
            List<StoredObject> weeks = new ArrayList<>(found.get(1));
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
        }, e -> sourceStatus.set("Cannot read the catalog " + runtime.config().catalog().path() + ": "
                + Messages.of(e)));
    }

    /**
     * Reads each weekly archive's {@code manifest.json} in the background (the manifest is the archive's last
     * member: the whole archive is read, and checked against the catalog's SHA-256), into a temp folder that is
     * deleted right after; adds the members as they come.
     */
    private void readManifests(String db, String key, List<StoredObject> weeks) {
        executor.executeInBackground(() -> {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < weeks.size() && !closed; i++) {
                StoredObject week = weeks.get(i);
                String note = "Reading weekly archive " + week.key() + " (" + (i + 1) + " of " + weeks.size()
                        + ", " + Bytes.formatBytes(week.size()) + ") to list its members…";
                executor.executeOnGuiThread(() -> sourceStatus.set(note));
                try {
                    List<BackupChoice> members = members(week, db);
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

    private List<BackupChoice> members(StoredObject week, String db) throws IOException {
        Path temp = Files.createTempDirectory(Files.createDirectories(tempRoot), "patina-manifest-");
        try {
            Path json = runtime.weeklyArchiver().extract(week.key(), WeeklyManifest.PATH, temp, n -> {
                if (closed) {
                    throw new CancellationException("the wizard was closed");
                }
            });
            WeeklyManifest manifest = WeeklyManifest.parse(Files.readAllBytes(json));
            List<BackupChoice> out = new ArrayList<>();
            for (ArchivedMember m : manifest.members()) {
                if (db == null || db.equals(m.database())) {
                    Instant verified = runtime.catalog().object(m.sourceKey()).map(StoredObject::verifiedAt)
                            .orElse(null);
                    out.add(BackupChoice.member(week, m, verified));
                }
            }
            out.sort(Comparator.comparing(BackupChoice::date, Comparator.reverseOrder()));
            return out;
        } finally {
            deleteTree(temp);
        }
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
                : backup.get() == null ? Path.of("restored.sqlite") : suggestedTarget(backup.get(), mode.get());
        files.chooseSaveFile(title, suggested).ifPresent(target::set);
    }

    private static Path suggestedTarget(BackupChoice o, TargetMode m) {
        String ext = m == TargetMode.EXPORT_SQL ? ".sql"
                : m == TargetMode.EXPORT_STORED ? o.key().substring(o.key().indexOf('.'))
                : "-restored.sqlite";
        return Path.of(System.getProperty("user.home")).resolve(o.database() + "-" + o.date() + ext);
    }

    private void checkTarget() {
        Path t = target.get();
        String problem = "";
        if (mode.get() == TargetMode.D1) {
            String name = d1Database.get();
            String typed = d1Confirmation.get() == null ? "" : d1Confirmation.get().strip();
            if (d1Databases.isEmpty()) {
                problem = "No D1 database is configured in " + runtime.config().file() + ".";
            } else if (name == null || !d1Databases.contains(name)) {
                problem = "Choose the D1 database to import into.";
            } else if (typed.isEmpty()) {
                problem = "Type the D1 database's name, " + name + ", to confirm the import.";
            } else if (!typed.equals(name)) {
                problem = "'" + typed + "' is not " + name + ": type the D1 database's name exactly to confirm.";
            }
        } else if (t == null) {
            problem = "Choose a file.";
        } else if (Files.isDirectory(t)) {
            problem = t + " is a folder; choose a file.";
        } else if (t.toAbsolutePath().getParent() == null || !Files.isDirectory(t.toAbsolutePath().getParent())) {
            problem = "The folder of " + t + " does not exist.";
        } else if (mode.get().export() && readByPatina(t) != null) {
            problem = t.getFileName() + " is " + readByPatina(t) + ": choose another file.";
        } else if (!mode.get().export() && nonEmpty(t)) {
            if (mode.get() == TargetMode.NEW_FILE) {
                problem = t.getFileName() + " exists and is not empty: choose another file, or replace it.";
            } else if (!overwriteConfirmed.get()) {
                problem = "Confirm that " + t.getFileName() + " may be replaced (it is kept as "
                        + keptName(t) + ").";
            }
        } else if (!mode.get().export() && !FileTargets.sqliteSidecars(t).isEmpty()) {
            String names = sidecarNames(t);
            if (mode.get() == TargetMode.NEW_FILE) {
                problem = names + " lies beside " + t.getFileName() + ": SQLite would replay it over the restored "
                        + "database. Choose another file, or choose to replace " + t.getFileName()
                        + " to keep it aside (as " + names + ".stray-<time>).";
            } else if (!overwriteConfirmed.get()) {
                problem = "Confirm that the leftover " + names + " beside " + t.getFileName() + " may be set aside "
                        + "(kept as " + names + ".stray-<time>, never deleted).";
            }
        } else if (mode.get().export() && nonEmpty(t) && !overwriteConfirmed.get()) {
            problem = t.getFileName() + " exists: confirm that it may be replaced (it is kept as "
                    + keptName(t) + ").";
        }
        targetProblem.set(problem);
    }

    /** The name a replaced file will be kept under: the first free .bak, .bak.1, … */
    private String keptName(Path t) {
        return FileTargets.nextKept(t, mode.get().export() ? List.of() : FileTargets.SQLITE_SIDECARS)
                .getFileName().toString();
    }

    private static String sidecarNames(Path t) {
        return String.join(" and ", FileTargets.sqliteSidecars(t).stream().map(p -> p.getFileName().toString())
                .toList());
    }

    /** What Patina reads at {@code t} ("Patina's catalog", "the configuration", "the database x"), or null. */
    private String readByPatina(Path t) {
        if (FileTargets.sameFile(t, runtime.catalog().file())) {
            return "Patina's catalog";
        }
        if (FileTargets.sameFile(t, runtime.config().file())) {
            return "Patina's configuration";
        }
        for (DatabaseConfig d : runtime.config().databases()) {
            if (d instanceof dev.grove.patina.config.SqliteDatabaseConfig f && FileTargets.sameFile(t, f.path())) {
                return "the configured database " + d.name();
            }
        }
        return null;
    }

    private List<Path> readByPatina() {
        List<Path> out = new ArrayList<>(List.of(runtime.catalog().file(), runtime.config().file()));
        for (DatabaseConfig d : runtime.config().databases()) {
            if (d instanceof dev.grove.patina.config.SqliteDatabaseConfig f) {
                out.add(f.path());
            }
        }
        return out;
    }

    private static boolean nonEmpty(Path t) {
        try {
            return Files.exists(t) && Files.size(t) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** The configured D1 database the import goes to (null when the mode is not D1 or none is chosen). */
    private Optional<D1DatabaseConfig> d1Config() {
        return runtime.config().database(d1Database.get() == null ? "" : d1Database.get())
                .filter(d -> d instanceof D1DatabaseConfig).map(d -> (D1DatabaseConfig) d);
    }

    /** {@code database id …} of the chosen D1 database, for the target page; empty when none is chosen. */
    public String d1DatabaseIdText() {
        return d1Config().map(d -> "database id " + d.databaseId()).orElse("");
    }

    /** What the run will do, in words. */
    public String planText() {
        BackupChoice o = backup.get();
        if (o == null || mode.get().toFile() && target.get() == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (o.weekly()) {
            sb.append("1. Read ").append(o.key()).append(" (").append(Bytes.formatBytes(o.object().size()))
                    .append("; SHA-256 checked against the catalog) and extract only ").append(o.member().path())
                    .append(" (").append(Bytes.formatBytes(o.size())).append(" of SQL) into a temporary folder, "
                    + "checked against the manifest's SHA-256 (").append(shortSha(o.sha256())).append(").\n");
        } else {
            sb.append("1. Download ").append(o.key()).append(" (").append(Bytes.formatBytes(o.size()))
                    .append(") and verify its SHA-256 (").append(shortSha(o.sha256())).append(").\n");
        }
        if (mode.get() == TargetMode.D1) {
            String name = d1Database.get();
            String id = d1Config().map(D1DatabaseConfig::databaseId).orElse("?");
            sb.append("2. Decompress it and check every statement for D1 (no BEGIN/COMMIT, only foreign-key "
                    + "PRAGMAs, statements under 100,000 bytes, nothing hostile, the dump's SHA-256). If a check "
                    + "fails, nothing is sent.\n");
            sb.append("3. Send it to the D1 database ").append(name).append(" (id ").append(id)
                    .append(") with D1's import API (init → upload, checked by MD5 → ingest) and wait until D1 "
                    + "reports it complete.\n");
            return sb.toString();
        }
        if (mode.get().export()) {
            sb.append(o.weekly() ? "2. Save it as "
                    : mode.get() == TargetMode.EXPORT_SQL ? "2. Decompress it and save it as "
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
        BackupChoice o = backup.get();
        if (mode.get() == TargetMode.D1) {
            return d1Warnings(o);
        }
        if (o != null && o.size() > LARGE_BYTES) {
            out.add("This backup is " + Bytes.formatBytes(o.size()) + (o.weekly() ? " of SQL" : " compressed")
                    + ": the download and restore take a while and need several times that much free disk space.");
        }
        if (o != null && o.weekly()) {
            out.add("The whole weekly archive (" + Bytes.formatBytes(o.object().size()) + ") is read to reach "
                    + "this member.");
        }
        if (mode.get() == TargetMode.OVERWRITE && target.get() != null && nonEmpty(target.get())) {
            out.add(target.get().getFileName() + " will be REPLACED; the current file is kept as "
                    + keptName(target.get()) + " (a kept copy is never overwritten). Stop the application using it "
                    + "first.");
        } else if (mode.get() == TargetMode.OVERWRITE && target.get() != null
                && !FileTargets.sqliteSidecars(target.get()).isEmpty()) {
            out.add("The leftover " + sidecarNames(target.get()) + " beside " + target.get().getFileName()
                    + " will be set aside (kept as " + sidecarNames(target.get()) + ".stray-<time>): SQLite would "
                    + "replay it over the restored database.");
        }
        if (mode.get().export() && target.get() != null && nonEmpty(target.get())) {
            out.add(target.get().getFileName() + " will be replaced by the exported dump; the current file is kept "
                    + "as " + keptName(target.get()) + ".");
        }
        if (!allTables.get()) {
            out.add("Only the selected tables are restored; the file will not be a full copy of the database.");
        }
        return out;
    }

    /** What D1Importer does, said plainly: blocking, size, adds (never replaces), cancel, Time Travel. */
    private List<String> d1Warnings(BackupChoice o) {
        List<String> out = new ArrayList<>();
        String name = d1Database.get();
        String size = o == null ? "" : o.weekly() ? Bytes.formatBytes(o.size()) + " of SQL"
                : Bytes.formatBytes(o.size()) + " compressed";
        out.add("While the import runs, D1 blocks the database " + name + ": reads and writes of the applications "
                + "using it wait or fail until it ends. This dump is " + size + " ("
                + String.format(Locale.ROOT, "%,d rows", o == null ? 0 : o.rows()) + "); choose a quiet moment.");
        out.add("The import ADDS to the live database " + name + " (the dump's CREATE and INSERT statements); it "
                + "drops or replaces nothing. D1 runs the file all or nothing: if any of the dump's tables already "
                + "exists in " + name + ", the whole import fails and nothing changes. Import into an empty D1 "
                + "database, or drop those tables first.");
        out.add("Every table of the dump is imported" + (tables.contains(D1_MIGRATIONS) ? ", " + D1_MIGRATIONS
                + " included" : "") + "; the table choice does not apply to D1.");
        out.add("Until the file is sent, Cancel stops everything. Once it is sent, Cancel only stops Patina "
                + "waiting: D1 finishes the import (all or nothing) and Patina cannot take it back.");
        out.add("The alternative for changes in the last 30 days (7 on the free plan) is D1 Time Travel: it restores "
                + name + " in place to a point in time, no dump needed, and is also the way back from this "
                + "import: wrangler d1 time-travel restore <D1 name> --timestamp <time>.");
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

    /** Starts the fetch and the restore, export or import in the background. */
    public void run() {
        if (closed || state.get() == RunState.RUNNING || !backupValid.get() || !targetValid.get()
                || !optionsValid.get()) {
            return;
        }
        BackupChoice o = backup.get();
        TargetMode m = mode.get();
        Path out = target.get();
        RestoreOptions options = options();
        String d1 = d1Database.get();
        String d1Id = d1Config().map(D1DatabaseConfig::databaseId).orElse("?");
        String typed = d1Confirmation.get() == null ? "" : d1Confirmation.get().strip();
        cancelled = false;
        d1SentAt = null;
        state.set(RunState.RUNNING);
        progress.set(0);
        status.set((o.weekly() ? "Extracting " + o.member().path() + " from " : "Downloading ") + o.key() + "…");
        executor.executeInBackground(() -> work(o, m, out, options, d1, d1Id, typed), this::succeeded,
                this::failed);
    }

    private Object work(BackupChoice o, TargetMode m, Path out, RestoreOptions options, String d1, String d1Id,
                        String typed) throws IOException {
        double fetchShare = m.export() ? 1.0 : 0.4;
        if (m.export() && !o.weekly()) {
            DownloadService.Target source = new DownloadService.Target(o.key(), o.sha256());
            return runtime.downloads().download(source, out, m == TargetMode.EXPORT_SQL, overwriteConfirmed.get(),
                    readByPatina(), n -> step(fetchShare * n / Math.max(1, o.size()), null));
        }
        Path temp = Files.createTempDirectory(Files.createDirectories(tempRoot), "patina-restore-");
        runTemp = temp;
        try {
            Path dump = fetch(o, temp, fetchShare);
            if (m.export()) {
                return saveMember(o, dump, out);
            }
            if (m == TargetMode.D1) {
                return importIntoD1(dump, d1, d1Id, typed);
            }
            step(fetchShare, "Restoring into " + out.getFileName() + "…");
            RestoreReport done = new Restorer(runtime.clock()).restore(dump, out, options,
                    (phase, statements, read, total) -> {
                        // "integrity" and "done" come after the rename: too late to stop
                        if (!"done".equals(phase) && !"integrity".equals(phase)) {
                            step(fetchShare + (1 - fetchShare) * read / Math.max(1, total),
                                    "check".equals(phase) ? "Checking integrity and row counts…" : null);
                        }
                    });
            if (cancelled && done.previousFile() == null) {
                Files.deleteIfExists(done.target()); // a new file: taking it back loses nothing
                throw new CancellationException("cancelled");
            }
            return done; // a replaced file stays replaced (the old one is the .bak): the result says so
        } finally {
            deleteTree(temp);
            runTemp = null;
        }
    }

    /** Downloads the daily, or extracts the weekly member (checked against the manifest), into {@code temp}. */
    private Path fetch(BackupChoice o, Path temp, double share) throws IOException {
        if (o.weekly()) {
            long archive = Math.max(1, o.object().size());
            return runtime.weeklyArchiver().extract(o.key(), o.member().path(), temp.resolve("weekly"),
                    n -> step(share * n / archive, null));
        }
        Path dump = temp.resolve(o.fileName());
        runtime.downloads().download(new DownloadService.Target(o.key(), o.sha256()), dump, false,
                n -> step(share * n / Math.max(1, o.size()), null));
        return dump;
    }

    /**
     * Saves an extracted member (plain SQL, already checked) as {@code out}: temp file beside it → fsync → rename;
     * a file there that holds data is kept as the first free {@code .bak} (the replacement was confirmed).
     */
    private ExportedMember saveMember(BackupChoice o, Path member, Path out) throws IOException {
        boolean force = overwriteConfirmed.get();
        FileTargets.checkOutput(out, force, readByPatina());
        Path dir = out.toAbsolutePath().getParent();
        Path part = Files.createTempFile(dir, "." + out.getFileName() + ".", ".part");
        try {
            Files.copy(member, part, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.syncFile(part);
            if (cancelled) {
                throw new CancellationException("cancelled");
            }
            Path previous = FileTargets.install(part, out, force);
            return new ExportedMember(out, o.sha256(), Files.size(out), previous);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Checks the dump for D1, then (unless cancelled meanwhile) sends it; D1's messages become the status. */
    private D1Imported importIntoD1(Path dump, String name, String id, String typed) {
        D1Importer importer = runtime.d1Importer(name);
        step(0.4, "Checking every statement of " + dump.getFileName() + " for D1…");
        try (D1Importer.PreparedImport check = importer.check(dump)) {
            step(0.5, "Checked: " + String.format(Locale.ROOT, "%,d", check.statements()) + " statements, "
                    + Bytes.formatBytes(check.bytes()) + " of SQL. Sending it to D1 database " + name + "…");
            if (cancelled) {
                throw new CancellationException("cancelled");
            }
            Instant sent = runtime.clock().instant();
            d1SentAt = sent;
            executor.executeOnGuiThread(() -> {
                if (state.get() == RunState.RUNNING) {
                    progress.set(-1); // D1 gives no fraction: indeterminate
                    status.set("Importing into D1 database " + name + " (D1 blocks it until the import ends). "
                            + "Cancel now only stops Patina waiting: D1 finishes the import.");
                }
            });
            D1Client.ImportResult r = importer.importInto(check, typed, d1PollEvery, message -> {
                if (cancelled) {
                    throw new CancellationException("cancelled");
                }
                executor.executeOnGuiThread(() -> {
                    if (state.get() == RunState.RUNNING) {
                        status.set("D1: " + message);
                    }
                });
            });
            return new D1Imported(name, id, r.statements(), r.finalBookmark(), sent, check.statements(),
                    check.bytes(), check.tables());
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
        if (cancelled && result instanceof RestoreReport r && r.previousFile() == null) {
            cleanUpAfterCancel(r); // a new file only: taking it back loses nothing
            return;
        }
        // anything else that finished before the cancel took effect stays: a replaced file (its old version is the
        // .bak beside it) or an export over a chosen file cannot be taken back without losing data
        progress.set(1);
        state.set(RunState.SUCCEEDED);
        if (result instanceof RestoreReport r) {
            report.set(r);
            resultFile.set(r.target());
            status.set("Restored into " + r.target() + late());
        } else if (result instanceof DownloadService.Downloaded d) {
            resultFile.set(d.file());
            status.set("Exported to " + d.file() + late());
        } else if (result instanceof ExportedMember e) {
            resultFile.set(e.file());
            status.set("Exported to " + e.file() + late());
        } else if (result instanceof D1Imported d) {
            d1Result.set(d);
            status.set("Imported into D1 database " + d.database() + late());
        }
        resultText.set(describe(result));
    }

    private void failed(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        boolean wasCancel = cancelled || cause instanceof CancellationException
                || cause.getCause() instanceof CancellationException;
        Instant sent = d1SentAt;
        if (wasCancel) {
            state.set(RunState.CANCELLED);
            status.set(sent == null ? "Cancelled; nothing was written."
                    : "Stopped waiting for D1. The file had been sent to D1 database " + d1Database.get() + " at "
                    + sent + ": D1 runs the import to its end (all of it or nothing) and Patina cannot stop it. "
                    + "Check the database; to undo, use D1 Time Travel with a timestamp before " + sent + ".");
            resultText.set(sent == null ? "" : status.get());
            return;
        }
        state.set(RunState.FAILED);
        status.set("Failed: " + Messages.of(cause) + (sent == null || cause instanceof D1ApiException
                && Messages.of(cause).contains("D1 ran nothing") ? "" : " — the file had been sent to D1 database "
                + d1Database.get() + " at " + sent + "; D1 imports all or nothing: check the database."));
        resultText.set(status.get());
    }

    /** " (it had finished before the cancel took effect)" after a late cancel, else nothing. */
    private String late() {
        return cancelled ? " (it had finished before the cancel took effect)" : "";
    }

    /** A cancel that came too late to stop a restore into a new file: that file is deleted again. */
    private void cleanUpAfterCancel(RestoreReport r) {
        try {
            Files.deleteIfExists(r.target());
        } catch (IOException ignored) {
            // best effort: the file is complete and verified anyway
        }
        state.set(RunState.CANCELLED);
        status.set("Cancelled; nothing was written.");
    }

    /**
     * Cancels the wizard: stops a running download, extraction, restore or the reading of weekly manifests; their
     * temp files are deleted. An import already sent to D1 is not stopped by D1: the run's status says so.
     */
    public void cancel() {
        cancelled = true;
        closed = true;
        if (state.get() != RunState.RUNNING) {
            state.set(state.get() == RunState.SUCCEEDED ? RunState.SUCCEEDED : RunState.CANCELLED);
        }
    }

    /** Stops reading weekly manifests (the wizard was closed after a finished run). */
    public void close() {
        closed = true;
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
            if (d.previousFile() != null) {
                sb.append("Previous file kept as: ").append(d.previousFile()).append('\n');
            }
        } else if (result instanceof ExportedMember e) {
            sb.append("Member checksum (SHA-256, manifest): verified ").append(shortSha(e.sha256())).append('\n');
            sb.append("File: ").append(e.file()).append(" (").append(Bytes.formatBytes(e.bytes())).append(")\n");
            if (e.previousFile() != null) {
                sb.append("Previous file kept as: ").append(e.previousFile()).append('\n');
            }
        } else if (result instanceof D1Imported d) {
            sb.append("Imported into the Cloudflare D1 database ").append(d.database()).append(" (database id ")
                    .append(d.databaseId()).append(")\n");
            sb.append("Checked before sending: ").append(String.format(Locale.ROOT, "%,d statements, ",
                    d.checkedStatements())).append(Bytes.formatBytes(d.sqlBytes())).append(" of SQL, tables ")
                    .append(String.join(", ", d.tables())).append('\n');
            sb.append("D1 ran: ").append(String.format(Locale.ROOT, "%,d statements", d.statements())).append('\n');
            sb.append("Sent at: ").append(d.sentAt()).append(" (a Time Travel timestamp from before the import)\n");
            sb.append("Time Travel bookmark after the import: ").append(d.bookmark()).append('\n');
        }
        return sb.toString();
    }

    /** How to do the same from a shell, and how to put the data back into production. */
    public String guide() {
        BackupChoice o = backup.get();
        if (o == null) {
            return "";
        }
        String sql = o.database() + "-" + o.date() + ".sql";
        StringBuilder sb = new StringBuilder();
        String fetch;
        if (o.weekly()) {
            fetch = "  patina extract " + o.week() + ' ' + o.database() + ' ' + o.date() + " -o " + sql + " && ";
        } else {
            fetch = "  patina download " + o.date() + ' ' + o.database() + " -o " + sql + " --decompress && ";
        }
        if (mode.get() == TargetMode.D1) {
            String name = d1Database.get();
            sb.append("The same from a shell:\n").append(fetch).append("patina import-d1 ").append(sql)
                    .append(" --db ").append(name).append(" --confirm ").append(name).append('\n');
            sb.append("Or with wrangler:\n  wrangler d1 execute <D1 name> --remote --file ").append(sql).append('\n');
            D1Imported d = d1Result.get();
            sb.append("To undo the import with D1 Time Travel (the last 30 days):\n"
                    + "  wrangler d1 time-travel restore <D1 name> --timestamp ")
                    .append(d == null ? "<a time before the import>" : d.sentAt().toString()).append('\n');
            return sb.toString();
        }
        Path out = target.get() == null ? Path.of(o.database() + "-restored.sqlite") : target.get();
        sb.append("The same from a shell:\n").append(fetch).append("patina restore ").append(sql).append(' ')
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
    public static String label(BackupChoice o) {
        return o.label();
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

    /** The finished D1 import, null otherwise. */
    public ReadOnlyObjectProperty<D1Imported> d1ResultProperty() {
        return d1Result;
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
