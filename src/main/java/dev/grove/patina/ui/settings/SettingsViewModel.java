package dev.grove.patina.ui.settings;

import dev.grove.patina.alert.AlertTestResult;
import dev.grove.patina.alert.Notifier;
import dev.grove.patina.alert.WebhookNotifier;
import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.AlertsConfig;
import dev.grove.patina.config.CommandKeyring;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.CompressionConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.ConfigWriter;
import dev.grove.patina.config.LocalStoreConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.QuartzCronSyntax;
import dev.grove.patina.config.RetentionConfig;
import dev.grove.patina.config.S3StoreConfig;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.config.StoreConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.schedule.CronSchedule;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.ui.common.Durations;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Settings tab: the schedule, retention and compression as editable text with inline errors and a preview of
 * the next fire times, the store and the alerts read-only (secrets only by their source, never their value) with a
 * background "Test connection" and "Send test alert", and Save, which writes {@code patina.toml} atomically through
 * {@link ConfigWriter} with secret references kept. The running daemon and console read the file again on restart.
 *
 * <p>The configured databases are a table with Add / Edit / Remove ({@link DatabaseEditorViewModel}), the store
 * has "Edit storage…" ({@link StorageEditorViewModel}) and the alerts "Edit alerts…"
 * ({@link AlertsEditorViewModel}); each writes the file at once through the same writer, and says that Patina uses
 * the change after a restart (the runtime's sources, store and notifier are built once, at start).
 */
public final class SettingsViewModel {
    static final int PREVIEW_COUNT = 3;

    private final Path file;
    private final ConfigLoader loader;
    private final Clock clock;
    private final BackupStore store;
    private final UiExecutor executor;
    /** The config the running console started with: what its store, sources and notifier were built from. */
    private final PatinaConfig running;
    private PatinaConfig saved;
    /** What the tab's "Send test alert" sends through: the running notifier, then the one of the saved alerts. */
    private Notifier notifier;

    private final StringProperty nightly = new SimpleStringProperty("");
    private final StringProperty weekly = new SimpleStringProperty("");
    private final StringProperty timezone = new SimpleStringProperty("");
    private final StringProperty concurrency = new SimpleStringProperty("");
    private final StringProperty dailyDays = new SimpleStringProperty("");
    private final StringProperty weeklyWeeks = new SimpleStringProperty("");
    private final ObjectProperty<Compression> compression = new SimpleObjectProperty<>(Compression.NONE);

    private final StringProperty nightlyError = new SimpleStringProperty("");
    private final StringProperty weeklyError = new SimpleStringProperty("");
    private final StringProperty timezoneError = new SimpleStringProperty("");
    private final StringProperty concurrencyError = new SimpleStringProperty("");
    private final StringProperty dailyDaysError = new SimpleStringProperty("");
    private final StringProperty weeklyWeeksError = new SimpleStringProperty("");
    private final StringProperty nightlyPreview = new SimpleStringProperty("");
    private final StringProperty weeklyPreview = new SimpleStringProperty("");

    private final StringProperty storeResult = new SimpleStringProperty("");
    private final BooleanProperty storeOk = new SimpleBooleanProperty();
    private final BooleanProperty testingStore = new SimpleBooleanProperty();
    private final StringProperty alertResult = new SimpleStringProperty("");
    private final BooleanProperty alertOk = new SimpleBooleanProperty();
    private final BooleanProperty sendingAlert = new SimpleBooleanProperty();
    private final BooleanProperty canSendTestAlert = new SimpleBooleanProperty();
    private final ObjectProperty<List<String[]>> alertRows = new SimpleObjectProperty<>(List.of());
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty saving = new SimpleBooleanProperty();
    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final BooleanBinding valid;
    private final BooleanBinding canSave;
    private final ObservableList<DatabaseRow> databases = FXCollections.observableArrayList();
    private final ObjectProperty<List<String[]>> storeRows = new SimpleObjectProperty<>(List.of());
    private final StringProperty restartNote = new SimpleStringProperty("");

    /** The settings of the runtime's config, tested against its store and notifier. */
    public SettingsViewModel(PatinaRuntime runtime, UiExecutor executor) {
        this(runtime.config(), runtime.clock(), runtime.store(), runtime.notifier(), executor);
    }

    /** Secret references typed into the editors resolve as the console's own start resolved them. */
    public SettingsViewModel(PatinaConfig config, Clock clock, BackupStore store, Notifier notifier,
                             UiExecutor executor) {
        this(config, new ConfigLoader(System::getenv, AppDirs.current().dataDir(), CommandKeyring.forThisSystem()),
                clock, store, notifier, executor);
    }

    /**
     * @param loader resolves the paths and secret references typed into the database and storage editors, with the
     *               environment and keyring the next start will use
     * @param store  the store in use, which "Test connection" on the tab checks
     */
    public SettingsViewModel(PatinaConfig config, ConfigLoader loader, Clock clock, BackupStore store,
                             Notifier notifier, UiExecutor executor) {
        this.file = config.file();
        this.loader = loader;
        this.clock = clock;
        this.store = store;
        this.notifier = notifier;
        this.executor = executor;
        this.running = config;
        this.saved = config;
        canSendTestAlert.set(notifier instanceof WebhookNotifier);
        valid = Bindings.createBooleanBinding(() -> nightlyError.get().isEmpty() && weeklyError.get().isEmpty()
                        && timezoneError.get().isEmpty() && concurrencyError.get().isEmpty()
                        && dailyDaysError.get().isEmpty() && weeklyWeeksError.get().isEmpty(),
                nightlyError, weeklyError, timezoneError, concurrencyError, dailyDaysError, weeklyWeeksError);
        canSave = valid.and(dirty).and(saving.not());
        for (var p : List.of(nightly, weekly, timezone, concurrency, dailyDays, weeklyWeeks)) {
            p.addListener((o, was, is) -> check());
        }
        compression.addListener((o, was, is) -> check());
        show(config);
        showDatabasesAndStore(config);
    }

    private void showDatabasesAndStore(PatinaConfig config) {
        databases.setAll(config.databases().stream().map(DatabaseRow::of).toList());
        storeRows.set(rowsOf(config.store()));
        alertRows.set(rowsOf(config.alerts()));
    }

    private void show(PatinaConfig config) {
        ScheduleConfig s = config.schedule();
        nightly.set(s.nightly());
        weekly.set(s.weekly());
        timezone.set(s.timezone().getId());
        concurrency.set(Integer.toString(s.concurrency()));
        dailyDays.set(Integer.toString(config.retention().dailyDays()));
        weeklyWeeks.set(Integer.toString(config.retention().weeklyWeeks()));
        compression.set(config.compression().daily());
        check();
    }

    /** Re-checks every field, updates the inline errors and previews, and whether anything differs from the file. */
    private void check() {
        Optional<ZoneId> zone = zone();
        timezoneError.set(zone.isPresent() ? "" : "Not a time zone: use a region id like Europe/Berlin, or UTC");
        ZoneId previewZone = zone.orElse(saved.schedule().timezone());
        checkCron(nightly.get(), RunKind.NIGHTLY, previewZone, nightlyError, nightlyPreview);
        checkCron(weekly.get(), RunKind.WEEKLY, previewZone, weeklyError, weeklyPreview);
        Optional<Integer> c = number(concurrency.get());
        concurrencyError.set(c.isPresent() && c.get() >= ScheduleConfig.MIN_CONCURRENCY
                && c.get() <= ScheduleConfig.MAX_CONCURRENCY ? ""
                : "Must be a whole number from " + ScheduleConfig.MIN_CONCURRENCY + " to "
                + ScheduleConfig.MAX_CONCURRENCY);
        Optional<Integer> d = number(dailyDays.get());
        Optional<Integer> w = number(weeklyWeeks.get());
        dailyDaysError.set(d.isPresent() && d.get() >= 1 ? "" : "Must be a whole number ≥ 1 (days of daily dumps)");
        weeklyWeeksError.set(w.isPresent() && w.get() >= 0 ? ""
                : "Must be a whole number ≥ 0 (weekly archives kept)");
        if (d.isPresent() && w.isPresent() && d.get() == 0 && w.get() == 0) {
            dailyDaysError.set("Retention would keep nothing: keep at least 1 day of dailies");
        }
        dirty.set(valid.get() && !edited().equals(saved) || !valid.get());
    }

    private void checkCron(String cron, RunKind kind, ZoneId zone, StringProperty error, StringProperty preview) {
        Optional<String> problem = QuartzCronSyntax.problem(cron);
        if (problem.isPresent()) {
            error.set("Not a valid Quartz cron expression: " + problem.get());
            preview.set("");
            return;
        }
        try {
            ScheduleConfig s = new ScheduleConfig(1, kind == RunKind.NIGHTLY ? cron : ScheduleConfig.DEFAULT_NIGHTLY,
                    kind == RunKind.WEEKLY ? cron : ScheduleConfig.DEFAULT_WEEKLY, ScheduleConfig.AFTER_WEEKLY, zone);
            CronSchedule schedule = new CronSchedule(s);
            List<String> times = new ArrayList<>();
            Instant at = clock.instant();
            for (int i = 0; i < PREVIEW_COUNT; i++) {
                Optional<Instant> next = schedule.next(kind, at);
                if (next.isEmpty()) {
                    break;
                }
                at = next.get();
                times.add(Durations.dayTime(at, zone));
            }
            if (times.isEmpty()) {
                error.set("This cron expression never fires");
                preview.set("");
                return;
            }
            error.set("");
            preview.set(CronText.describe(cron) + "\nNext: " + String.join(", ", times) + " ("
                    + Durations.zoneName(zone) + ")");
        } catch (IllegalArgumentException e) {
            error.set("Not a valid Quartz cron expression: " + Messages.of(e));
            preview.set("");
        }
    }

    private Optional<ZoneId> zone() {
        try {
            return Optional.of(ZoneId.of(timezone.get().strip()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> number(String text) {
        try {
            return Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The saved config with the edited fields; only call when {@link #validProperty()} is true. */
    PatinaConfig edited() {
        ScheduleConfig old = saved.schedule();
        ScheduleConfig schedule = new ScheduleConfig(Integer.parseInt(concurrency.get().strip()),
                nightly.get().strip(), weekly.get().strip(), old.cleanup(), ZoneId.of(timezone.get().strip()));
        return new PatinaConfig(saved.file(), saved.store(), saved.databases(), schedule,
                new RetentionConfig(Integer.parseInt(dailyDays.get().strip()),
                        Integer.parseInt(weeklyWeeks.get().strip())),
                new CompressionConfig(compression.get()), saved.alerts(), saved.catalog(), saved.api(),
                saved.warnings());
    }

    /**
     * Writes the edited settings to the config file in the background (temp file, fsync, atomic rename; secrets
     * written as their references, plain-text ones kept as the operator wrote them). Does nothing when invalid.
     */
    public void save() {
        if (!canSave.get()) {
            return;
        }
        PatinaConfig next = edited();
        saving.set(true);
        message.set("Saving…");
        executor.executeInBackground(() -> {
            new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).writeTo(next, file);
            return next;
        }, written -> {
            saving.set(false);
            saved = written;
            check();
            message.set("Saved to " + file + ". The daemon and the console use the new settings after a restart.");
        }, e -> {
            saving.set(false);
            message.set("Not saved: " + Messages.of(e));
        });
    }

    /** Puts the fields back to what the file holds. */
    public void revert() {
        show(saved);
        message.set("");
    }

    /**
     * Runs the store's access check in the background (a local folder: writable; S3/R2: the bucket can be listed
     * with these keys); the answer goes to the store result.
     */
    public void testConnection() {
        if (testingStore.get()) {
            return;
        }
        testingStore.set(true);
        storeResult.set("Testing…");
        executor.executeInBackground(() -> {
            store.checkAccess();
            return store.describe();
        }, where -> {
            testingStore.set(false);
            storeOk.set(true);
            storeResult.set("Connected: " + where + " passed the store's access check.");
        }, e -> {
            testingStore.set(false);
            storeOk.set(false);
            storeResult.set("Connection failed: " + Messages.of(e));
        });
    }

    /** True when a webhook is configured, so "Send test alert" can do something. */
    public boolean canSendTestAlert() {
        return canSendTestAlert.get();
    }

    /** {@link #canSendTestAlert()}, which changes when "Edit alerts…" saves. */
    public ReadOnlyBooleanProperty canSendTestAlertProperty() {
        return canSendTestAlert;
    }

    /** Sends a test alert in the background; the answer (never the URL) goes to the alert result. */
    public void sendTestAlert() {
        if (!(notifier instanceof WebhookNotifier webhook) || sendingAlert.get()) {
            return;
        }
        sendingAlert.set(true);
        alertResult.set("Sending…");
        executor.executeInBackground(webhook::sendTest, (AlertTestResult r) -> {
            sendingAlert.set(false);
            alertOk.set(r.ok());
            alertResult.set(r.message());
        }, e -> {
            sendingAlert.set(false);
            alertOk.set(false);
            alertResult.set("Test alert failed: " + Messages.of(e));
        });
    }

    /** The saved store as label/value rows; a secret only by its source. */
    public List<String[]> storeRows() {
        return storeRows.get();
    }

    /** The saved store's rows, replaced when "Edit storage…" saves. */
    public ReadOnlyObjectProperty<List<String[]>> storeRowsProperty() {
        return storeRows;
    }

    private static List<String[]> rowsOf(StoreConfig store) {
        List<String[]> rows = new ArrayList<>();
        if (store instanceof S3StoreConfig s3) {
            rows.add(new String[] {"Type", "S3-compatible (R2, S3, MinIO)"});
            rows.add(new String[] {"Endpoint", s3.endpoint().toString()});
            rows.add(new String[] {"Bucket", s3.bucket()});
            rows.add(new String[] {"Region", s3.region()});
            rows.add(new String[] {"Prefix", s3.prefix().isEmpty() ? "(none)" : s3.prefix()});
            rows.add(new String[] {"Access key id", s3.accessKeyId()});
            rows.add(new String[] {"Secret key", "from " + s3.secretAccessKey().source()});
        } else if (store instanceof LocalStoreConfig local) {
            rows.add(new String[] {"Type", "Local folder"});
            rows.add(new String[] {"Path", local.path().toString()});
            rows.add(new String[] {"Prefix", local.prefix().isEmpty() ? "(none)" : local.prefix()});
        }
        return List.copyOf(rows);
    }

    /** The saved alerts as label/value rows; the webhook URL only by its source. */
    public List<String[]> alertRows() {
        return alertRows.get();
    }

    /** The saved alerts' rows, replaced when "Edit alerts…" saves. */
    public ReadOnlyObjectProperty<List<String[]>> alertRowsProperty() {
        return alertRows;
    }

    private static List<String[]> rowsOf(AlertsConfig a) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Webhook", a.webhookUrl().map(u -> "from " + u.source())
                .orElse("none configured (no alerts)")});
        rows.add(new String[] {"Format", a.format().id()});
        rows.add(new String[] {"Successful runs", a.onSuccess() ? "reported too" : "not reported (failures only)"});
        return List.copyOf(rows);
    }

    /** How {@code a} sends run alerts, for example "the Slack webhook from env:HOOK (failures only)". */
    static String describe(AlertsConfig a) {
        return a.webhookUrl().map(u -> "the " + a.format().displayName() + " webhook from " + u.source()
                + (a.onSuccess() ? " (every run)" : " (failures only)")).orElse("no webhook (no alerts)");
    }

    // ---- databases and storage ----

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
        if (saving.get()) {
            return;
        }
        DatabaseConfig gone = database(name);
        PatinaConfig base = saved;
        List<DatabaseConfig> rest = base.databases().stream().filter(d -> d != gone).toList();
        PatinaConfig next = withDatabases(base, rest);
        saving.set(true);
        message.set("Saving…");
        executor.executeInBackground(() -> {
            write(next);
            return next;
        }, written -> {
            saving.set(false);
            applied(written, "Removed database " + name + " from " + file + "; its backups stay in the store."
                    + " Restart Patina to stop backing it up.");
        }, e -> {
            saving.set(false);
            message.set("Not removed: " + Messages.of(e));
        });
    }

    /** An editor for the store. */
    public StorageEditorViewModel storageEditor() {
        return new StorageEditorViewModel(this, saved.store());
    }

    /** An editor for the alerts. */
    public AlertsEditorViewModel alertsEditor() {
        return new AlertsEditorViewModel(this, saved.alerts());
    }

    /**
     * Set once the databases or the store were saved: the running console and daemon still use what they read at
     * start, and this says so until Patina restarts.
     */
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
        return loader;
    }

    Clock clock() {
        return clock;
    }

    UiExecutor executor() {
        return executor;
    }

    /** {@code base} with other databases. */
    PatinaConfig withDatabases(PatinaConfig base, List<DatabaseConfig> list) {
        return new PatinaConfig(base.file(), base.store(), list, base.schedule(), base.retention(),
                base.compression(), base.alerts(), base.catalog(), base.api(), base.warnings());
    }

    /** {@code base} with other alerts. */
    PatinaConfig withAlerts(PatinaConfig base, AlertsConfig alerts) {
        return new PatinaConfig(base.file(), base.store(), base.databases(), base.schedule(), base.retention(),
                base.compression(), alerts, base.catalog(), base.api(), base.warnings());
    }

    /** {@code base} with another store. */
    PatinaConfig withStore(PatinaConfig base, StoreConfig store) {
        return new PatinaConfig(base.file(), store, base.databases(), base.schedule(), base.retention(),
                base.compression(), base.alerts(), base.catalog(), base.api(), base.warnings());
    }

    /** Writes {@code next} to the file as Save does (atomically, secret references as references). Blocking. */
    void write(PatinaConfig next) throws IOException {
        synchronized (this) {
            new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).writeTo(next, file);
        }
    }

    /** On the GUI thread after an editor wrote {@code next}: the tab shows the file as it now is. */
    void applied(PatinaConfig next, String saidMessage) {
        saved = next;
        showDatabasesAndStore(next);
        check();
        message.set(saidMessage);
        restartNote.set(restartNote(running, next));
    }

    /** True when {@code a} and {@code b} send the same alerts: equal, or both without a webhook (no alerts). */
    private static boolean sameEffect(AlertsConfig a, AlertsConfig b) {
        return a.equals(b) || a.webhookUrl().isEmpty() && b.webhookUrl().isEmpty();
    }

    /** What the file has that the running console does not use yet, or empty when it uses all of it. */
    static String restartNote(PatinaConfig running, PatinaConfig saved) {
        List<String> parts = new ArrayList<>();
        if (!saved.databases().equals(running.databases())) {
            parts.add("databases");
        }
        if (!saved.store().equals(running.store())) {
            parts.add("storage");
        }
        if (!sameEffect(saved.alerts(), running.alerts())) {
            parts.add("alerts");
        }
        if (parts.isEmpty()) {
            return "";
        }
        String what = parts.size() == 1 ? parts.get(0) : String.join(", ", parts.subList(0, parts.size() - 1))
                + " and " + parts.get(parts.size() - 1);
        return "patina.toml has changes this console does not use yet: restart Patina to use the new " + what + ".";
    }

    /**
     * On the GUI thread after "Edit alerts…" wrote {@code next}: the tab shows the saved alerts, its "Send test
     * alert" sends through {@code saved} (the saved alerts' notifier), and the message says whether run alerts
     * already go that way or only after a restart.
     */
    void alertsApplied(PatinaConfig next, Notifier saved) {
        notifier = saved;
        canSendTestAlert.set(saved instanceof WebhookNotifier);
        alertResult.set("");
        AlertsConfig now = running.alerts();
        String said;
        if (sameEffect(next.alerts(), now)) {
            said = "Saved. Patina already runs with these alerts.";
        } else if (now.webhookUrl().isEmpty()) {
            said = "Saved. Restart Patina to use the new alerts; until then it sends no alerts.";
        } else {
            said = "Saved. Restart Patina to use the new alerts; until then run alerts still go to " + describe(now)
                    + ".";
        }
        applied(next, said);
    }

    /** On the GUI thread after "Edit storage…" wrote {@code next}. */
    void storageApplied(PatinaConfig next) {
        applied(next, "Saved. Restart Patina to use the new storage; until then backups still go to "
                + store.describe() + ".");
    }

    public StringProperty nightlyProperty() {
        return nightly;
    }

    public StringProperty weeklyProperty() {
        return weekly;
    }

    public StringProperty timezoneProperty() {
        return timezone;
    }

    public StringProperty concurrencyProperty() {
        return concurrency;
    }

    public StringProperty dailyDaysProperty() {
        return dailyDays;
    }

    public StringProperty weeklyWeeksProperty() {
        return weeklyWeeks;
    }

    public ObjectProperty<Compression> compressionProperty() {
        return compression;
    }

    public ReadOnlyStringProperty nightlyErrorProperty() {
        return nightlyError;
    }

    public ReadOnlyStringProperty weeklyErrorProperty() {
        return weeklyError;
    }

    public ReadOnlyStringProperty timezoneErrorProperty() {
        return timezoneError;
    }

    public ReadOnlyStringProperty concurrencyErrorProperty() {
        return concurrencyError;
    }

    public ReadOnlyStringProperty dailyDaysErrorProperty() {
        return dailyDaysError;
    }

    public ReadOnlyStringProperty weeklyWeeksErrorProperty() {
        return weeklyWeeksError;
    }

    /** "Every day at 02:00", then "Next: Sun 29 Nov 02:00, … (UTC)" on a second line, empty while the cron is invalid. */
    public ReadOnlyStringProperty nightlyPreviewProperty() {
        return nightlyPreview;
    }

    public ReadOnlyStringProperty weeklyPreviewProperty() {
        return weeklyPreview;
    }

    public ReadOnlyStringProperty storeResultProperty() {
        return storeResult;
    }

    public ReadOnlyBooleanProperty storeOkProperty() {
        return storeOk;
    }

    public ReadOnlyBooleanProperty testingStoreProperty() {
        return testingStore;
    }

    public ReadOnlyStringProperty alertResultProperty() {
        return alertResult;
    }

    public ReadOnlyBooleanProperty alertOkProperty() {
        return alertOk;
    }

    public ReadOnlyBooleanProperty sendingAlertProperty() {
        return sendingAlert;
    }

    /** The outcome of the last save. */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    /** True when every field is valid. */
    public ObservableBooleanValue validProperty() {
        return valid;
    }

    /** True when the fields are valid, differ from the file, and no save is running. */
    public ObservableBooleanValue canSaveProperty() {
        return canSave;
    }
}
