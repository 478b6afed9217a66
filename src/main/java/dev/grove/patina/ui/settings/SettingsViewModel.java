package dev.grove.patina.ui.settings;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.schedule.cluster.ClusterProbe;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.ui.common.UiExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Settings tab's screen state: the schedule, retention and compression fields ({@link ScheduleForm}), the store
 * and alerts read-only (secrets only by their source) with "Test connection" and "Send test alert"
 * ({@link SettingsProbes}), the databases with Add / Edit / Remove ({@link DatabaseEditorViewModel}), "Edit storage…"
 * and "Edit alerts…". Save and every editor save through the one {@link SettingsSaver} ({@link SettingsWrites}), in
 * the background; Patina uses the change after a restart (the runtime's sources, store and notifier are built once,
 * at start).
 */
public final class SettingsViewModel {
    private final Path file;
    private final SettingsWrites writes;
    private final Clock clock;
    private final UiExecutor executor;
    /** The config the running console started with: what its store, sources and notifier were built from. */
    private final PatinaConfig running;
    private PatinaConfig saved;
    private final ScheduleForm form;
    private final SettingsProbes probes;

    private final ObjectProperty<List<String[]>> alertRows = new SimpleObjectProperty<>(List.of());
    private final BooleanBinding canSave;
    private final ObservableList<DatabaseRow> databases = FXCollections.observableArrayList();
    private final ObjectProperty<List<String[]>> storeRows = new SimpleObjectProperty<>(List.of());
    private final StringProperty restartNote = new SimpleStringProperty("");
    private final ObjectProperty<List<String[]>> encryptionRows = new SimpleObjectProperty<>(List.of());
    private final ObjectProperty<List<String[]>> clusterRows = new SimpleObjectProperty<>(List.of());
    private final BooleanProperty hasCluster = new SimpleBooleanProperty();
    /** What the encryption dialog works with; null: the tab shows the encryption but offers no dialog. */
    private final EncryptionTools encryption;

    /**
     * @param saver  saves the file; its loader resolves the paths and secret references typed into the database and
     *               storage editors, with the environment and keyring the next start will use
     * @param store  the store in use, which "Test connection" on the tab checks
     */
    public SettingsViewModel(PatinaConfig config, SettingsSaver saver, Clock clock, StoreProbe store,
                             Notifier notifier, UiExecutor executor) {
        this(config, saver, clock, store, notifier, executor, null);
    }

    /** @param encryption what "Encryption…" works with (catalog, verifier, "save as", identity files); null: none */
    public SettingsViewModel(PatinaConfig config, SettingsSaver saver, Clock clock, StoreProbe store,
                             Notifier notifier, UiExecutor executor, EncryptionTools encryption) {
        this.encryption = encryption;
        this.file = config.file();
        this.writes = new SettingsWrites(file, saver, executor);
        this.clock = clock;
        this.executor = executor;
        this.running = config;
        this.saved = config;
        this.form = new ScheduleForm(clock, () -> saved);
        this.probes = new SettingsProbes(store, notifier, executor);
        canSave = form.valid.and(form.dirty).and(writes.saving.not());
        form.show(config);
        showDatabasesAndStore(config);
    }

    private void showDatabasesAndStore(PatinaConfig config) {
        databases.setAll(config.databases().stream().map(DatabaseRow::of).toList());
        storeRows.set(SettingsRows.of(config.store()));
        alertRows.set(SettingsRows.of(config.alerts()));
        encryptionRows.set(SettingsRows.of(config.encryption()));
        clusterRows.set(SettingsRows.of(config.cluster()));
        hasCluster.set(config.cluster().isPresent());
    }

    /** The saved config with the edited fields; only call when {@link #validProperty()} is true. */
    PatinaConfig edited() {
        return form.edited();
    }

    /** Saves the edited settings through {@link SettingsSaver}, in the background. Does nothing when invalid. */
    public void save() {
        if (!canSave.get()) {
            return;
        }
        writes.save(form.edited(), done -> {
            saved = done;
            form.check();
        });
    }

    /** Puts the fields back to what the file holds. */
    public void revert() {
        form.show(saved);
        writes.message.set("");
    }

    /** Runs the store's access check in the background; the answer goes to the store result. */
    public void testConnection() {
        probes.testConnection();
    }

    /** True when a webhook is configured, so "Send test alert" can do something. */
    public boolean canSendTestAlert() {
        return probes.canSendTestAlert.get();
    }

    /** {@link #canSendTestAlert()}, which changes when "Edit alerts…" saves. */
    public ReadOnlyBooleanProperty canSendTestAlertProperty() {
        return probes.canSendTestAlert;
    }

    /** Sends a test alert in the background; the answer (never the URL) goes to the alert result. */
    public void sendTestAlert() {
        probes.sendTestAlert();
    }

    /** The saved store as label/value rows; a secret only by its source. */
    public List<String[]> storeRows() {
        return storeRows.get();
    }

    /** The saved store's rows, replaced when "Edit storage…" saves. */
    public ReadOnlyObjectProperty<List<String[]>> storeRowsProperty() {
        return storeRows;
    }

    /** The saved alerts as label/value rows; the webhook URL only by its source. */
    public List<String[]> alertRows() {
        return alertRows.get();
    }

    /** The saved alerts' rows, replaced when "Edit alerts…" saves. */
    public ReadOnlyObjectProperty<List<String[]>> alertRowsProperty() {
        return alertRows;
    }

    /** The configured databases (as saved in the file), one row each. */
    public ObservableList<DatabaseRow> databases() {
        return databases;
    }

    /** An editor for a new database. */
    public DatabaseEditorViewModel newDatabase() {
        return new DatabaseEditorViewModel(this, null);
    }

    /** An editor for the configured database {@code name}. */
    public DatabaseEditorViewModel editDatabase(String name) {
        return new DatabaseEditorViewModel(this, database(name));
    }

    private DatabaseConfig database(String name) {
        return saved.database(name).orElseThrow(() -> new IllegalArgumentException("no database named " + name
                + " in " + file));
    }

    /** What "Remove" asks before it removes {@code name}. */
    public String removeQuestion(String name) {
        return "Remove database " + name + " from " + file.getFileName() + "? Patina stops backing it up after a"
                + " restart. Its existing backups stay in the store and in the catalog; nothing is deleted.";
    }

    /** Removes the database {@code name} from the file in the background; the result goes to the message. */
    public void removeDatabase(String name) {
        if (writes.saving.get()) {
            return;
        }
        DatabaseConfig gone = database(name);
        List<DatabaseConfig> rest = saved.databases().stream().filter(d -> d != gone).toList();
        writes.writeInBackground(ConfigEdits.withDatabases(saved, rest), "Not removed: ", written -> applied(written,
                "Removed database " + name + " from " + file + "; its backups stay in the store. Restart Patina to"
                        + " stop backing it up."));
    }

    /** An editor for the store. */
    public StorageEditorViewModel storageEditor() {
        return new StorageEditorViewModel(this, saved.store());
    }

    /** An editor for the alerts. */
    public AlertsEditorViewModel alertsEditor() {
        return new AlertsEditorViewModel(this, saved.alerts());
    }

    /** An editor for the encryption; empty when this tab was built without the encryption tools. */
    public java.util.Optional<EncryptionEditorViewModel> encryptionEditor() {
        return java.util.Optional.ofNullable(encryption).map(t -> new EncryptionEditorViewModel(this, t));
    }

    /** {@code [cluster]} as rows (the password by its source only); a stand-alone config says so in one row. */
    public ReadOnlyObjectProperty<List<String[]>> clusterRowsProperty() {
        return clusterRows;
    }

    /** True when the saved file has a {@code [cluster]} table (Edit and Remove), false when stand-alone (Add). */
    public ReadOnlyBooleanProperty hasClusterProperty() {
        return hasCluster;
    }

    /** An editor for {@code [cluster]}: the saved one, or an empty one that adds it to a stand-alone config. */
    public ClusterEditorViewModel clusterEditor() {
        return new ClusterEditorViewModel(this, saved.cluster().orElse(null), new ClusterProbe(clock), clock);
    }

    /** What "Remove cluster…" asks before it removes {@code [cluster]}: what the next start then does. */
    public String removeClusterQuestion() {
        String where = saved.cluster().map(ClusterConfig::hostPort).orElse("the cluster");
        return "Remove [cluster] from " + file.getFileName() + "? From the next start this console uses its local"
                + " catalog (" + saved.catalog().path() + ") and runs the schedule itself, and a patina daemon started"
                + " with this file runs alone instead of as a node of the cluster at " + where + ". The runs in the"
                + " cluster's catalog stay on PostgreSQL and are not copied here; nothing is deleted.";
    }

    /** Removes {@code [cluster]} from the file in the background; the result goes to the message. */
    public void removeCluster() {
        if (writes.saving.get() || saved.cluster().isEmpty()) {
            return;
        }
        String where = saved.cluster().get().hostPort();
        writes.writeInBackground(ConfigEdits.withCluster(saved, Optional.empty()), "Not removed: ", written ->
                applied(written, "Removed [cluster] (" + where + ") from " + file + ". At the next start of the"
                        + " console and of patina daemon they use the local catalog and run alone; until then "
                        + runningCluster() + "."));
    }

    /** On the GUI thread after the cluster dialog wrote {@code next}. */
    void clusterApplied(PatinaConfig next, boolean added) {
        String where = next.cluster().map(ClusterConfig::hostPort).orElse("");
        applied(next, (added ? "Added [cluster] (" : "Saved [cluster] (") + where + ") to " + file + ". It takes"
                + " effect at the next start of the console and of patina daemon; until then " + runningCluster()
                + ".");
    }

    /** What this console uses until it restarts, in words. */
    private String runningCluster() {
        return running.cluster().map(c -> "this console shows the cluster's catalog at " + c.hostPort())
                .orElse("this console keeps its local catalog and schedule");
    }

    /** The saved encryption as label/value rows: public keys and fingerprints, references and paths only. */
    public ReadOnlyObjectProperty<List<String[]>> encryptionRowsProperty() {
        return encryptionRows;
    }

    /** On the GUI thread after the encryption dialog wrote {@code next}. */
    void encryptionApplied(PatinaConfig next) {
        applied(next, "Saved the encryption settings. Restart Patina to use them; they apply to new backups only.");
    }

    PatinaConfig running() {
        return running;
    }

    /** Set once the databases or the store were saved, until Patina restarts: it still uses what it read. */
    public ReadOnlyStringProperty restartNoteProperty() {
        return restartNote;
    }

    PatinaConfig saved() {
        return saved;
    }

    Path file() {
        return file;
    }

    ConfigLoader loader() {
        return writes.loader();
    }

    Clock clock() {
        return clock;
    }

    UiExecutor executor() {
        return executor;
    }

    /** Saves {@code next} as Save does, through the one {@link SettingsSaver}. Blocking; for the editors. */
    void write(PatinaConfig next) throws IOException {
        writes.write(next);
    }

    /** On the GUI thread after an editor wrote {@code next}: the tab shows the file as it now is. */
    void applied(PatinaConfig next, String saidMessage) {
        saved = next;
        showDatabasesAndStore(next);
        form.check();
        writes.message.set(saidMessage);
        restartNote.set(SettingsRows.restartNote(running, next));
    }

    /**
     * On the GUI thread after "Edit alerts…" wrote {@code next}: the tab shows the saved alerts, its "Send test
     * alert" sends through {@code saved} (the saved alerts' notifier), and the message says whether run alerts
     * already go that way or only after a restart.
     */
    void alertsApplied(PatinaConfig next, Notifier saved) {
        probes.useNotifier(saved);
        probes.alertResult.set("");
        applied(next, SettingsRows.alertsSaved(next.alerts(), running.alerts()));
    }

    /** On the GUI thread after "Edit storage…" wrote {@code next}. */
    void storageApplied(PatinaConfig next) {
        applied(next, "Saved. Restart Patina to use the new storage; until then backups still go to "
                + probes.storeDescription() + ".");
    }

    public StringProperty nightlyProperty() {
        return form.nightly;
    }

    public StringProperty weeklyProperty() {
        return form.weekly;
    }

    public StringProperty timezoneProperty() {
        return form.timezone;
    }

    public StringProperty concurrencyProperty() {
        return form.concurrency;
    }

    public StringProperty dailyDaysProperty() {
        return form.dailyDays;
    }

    public StringProperty weeklyWeeksProperty() {
        return form.weeklyWeeks;
    }

    public ObjectProperty<Compression> compressionProperty() {
        return form.compression;
    }

    public ReadOnlyStringProperty nightlyErrorProperty() {
        return form.nightlyError;
    }

    public ReadOnlyStringProperty weeklyErrorProperty() {
        return form.weeklyError;
    }

    public ReadOnlyStringProperty timezoneErrorProperty() {
        return form.timezoneError;
    }

    public ReadOnlyStringProperty concurrencyErrorProperty() {
        return form.concurrencyError;
    }

    public ReadOnlyStringProperty dailyDaysErrorProperty() {
        return form.dailyDaysError;
    }

    public ReadOnlyStringProperty weeklyWeeksErrorProperty() {
        return form.weeklyWeeksError;
    }

    /** "Every day at 02:00", then "Next: Sun 29 Nov 02:00, … (UTC)" on a second line, empty while the cron is invalid. */
    public ReadOnlyStringProperty nightlyPreviewProperty() {
        return form.nightlyPreview;
    }

    public ReadOnlyStringProperty weeklyPreviewProperty() {
        return form.weeklyPreview;
    }

    public ReadOnlyStringProperty storeResultProperty() {
        return probes.storeResult;
    }

    public ReadOnlyBooleanProperty storeOkProperty() {
        return probes.storeOk;
    }

    public ReadOnlyBooleanProperty testingStoreProperty() {
        return probes.testingStore;
    }

    public ReadOnlyStringProperty alertResultProperty() {
        return probes.alertResult;
    }

    public ReadOnlyBooleanProperty alertOkProperty() {
        return probes.alertOk;
    }

    public ReadOnlyBooleanProperty sendingAlertProperty() {
        return probes.sendingAlert;
    }

    /** The outcome of the last save. */
    public ReadOnlyStringProperty messageProperty() {
        return writes.message;
    }

    /** True when every field is valid. */
    public ObservableBooleanValue validProperty() {
        return form.valid;
    }

    /** True when the fields are valid, differ from the file, and no save is running. */
    public ObservableBooleanValue canSaveProperty() {
        return canSave;
    }
}
