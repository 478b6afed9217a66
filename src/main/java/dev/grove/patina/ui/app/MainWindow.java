package dev.grove.patina.ui.app;

import atlantafx.base.theme.Styles;
import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.restore.ConfiguredTargets;
import dev.grove.patina.restore.RestoreChoices;
import dev.grove.patina.restore.RestoreWorkflow;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.ui.backups.BackupRow;
import dev.grove.patina.ui.backups.BackupsView;
import dev.grove.patina.ui.backups.SchemaCompareDialog;
import dev.grove.patina.ui.backups.SchemaCompareViewModel;
import dev.grove.patina.ui.backups.BackupsViewModel;
import dev.grove.patina.ui.charts.ChartsView;
import dev.grove.patina.ui.charts.ChartsViewModel;
import dev.grove.patina.ui.common.FxNotifier;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.ui.common.UiNotifier;
import dev.grove.patina.ui.dashboard.CleanupDialog;
import dev.grove.patina.ui.dashboard.CleanupDialogViewModel;
import dev.grove.patina.ui.dashboard.DashboardView;
import dev.grove.patina.ui.dashboard.DashboardViewModel;
import dev.grove.patina.ui.restore.FileChooserService;
import dev.grove.patina.ui.restore.FxFileChooserService;
import dev.grove.patina.ui.restore.RestoreWizard;
import dev.grove.patina.ui.restore.RestoreWizardViewModel;
import dev.grove.patina.ui.restore.TargetMode;
import dev.grove.patina.ui.restore.WizardStores;
import dev.grove.patina.ui.settings.SettingsView;
import dev.grove.patina.ui.settings.SettingsViewModel;
import dev.grove.patina.ui.runs.RunsView;
import dev.grove.patina.ui.runs.RunsViewModel;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

/**
 * The console's window content: a title bar and the Dashboard, Backups, Runs, Charts and Settings tabs; each tab
 * reloads when shown. Built deferred (the console's start, ADR 0025), only the Dashboard's content exists at first:
 * {@link #buildDeferredTabs} makes the others after the first frame, one FX event each; selecting a tab whose content
 * is not made yet makes it at once.
 */
public final class MainWindow {
    private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));
    private final BorderPane root = new BorderPane();
    private final DashboardViewModel dashboard;
    /** Tabs whose content is still to be made, in tab order, each with what makes it (deferred mode only). */
    private final java.util.Map<Tab, Runnable> pending = new java.util.LinkedHashMap<>();
    /** The Dashboard's first load, when deferred to {@link #buildDeferredTabs}. */
    private Runnable deferredRefresh;
    private final javafx.beans.property.ReadOnlyBooleanWrapper complete =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "complete");

    public MainWindow(PatinaRuntime runtime, UiExecutor executor) {
        this(runtime, executor, null);
    }

    /** With the service that asks for files to write (null: the OS save dialog). */
    public MainWindow(PatinaRuntime runtime, UiExecutor executor, FileChooserService chooser) {
        this(runtime, executor, chooser, null, null, UiNotifier.none());
    }

    /**
     * The window of the console that runs the schedule.
     *
     * @param scheduler     the scheduler running in this process, or null
     * @param scheduleRunBy who runs the schedule when this process does not, or null
     * @param alsoNotify    told of every finished or failed run besides the in-window notification (the tray)
     */
    public MainWindow(PatinaRuntime runtime, UiExecutor executor, FileChooserService chooser,
                      dev.grove.patina.schedule.SchedulerService scheduler, String scheduleRunBy,
                      UiNotifier alsoNotify) {
        this(runtime, executor, chooser, scheduler, scheduleRunBy, alsoNotify, false);
    }

    /**
     * As above; with {@code deferTabs}, only the Dashboard's content is made now and the Backups history is not
     * searched yet: {@link #buildDeferredTabs} (after the first frame) or selecting a tab makes the rest.
     */
    public MainWindow(PatinaRuntime runtime, UiExecutor executor, FileChooserService chooser,
                      dev.grove.patina.schedule.SchedulerService scheduler, String scheduleRunBy,
                      UiNotifier alsoNotify, boolean deferTabs) {
        FileChooserService files = chooser != null ? chooser
                : new FxFileChooserService(() -> root.getScene() == null ? null : root.getScene().getWindow());
        UiNotifier inWindow = new FxNotifier(() -> root.getScene() == null ? null : root.getScene().getWindow());
        UiNotifier notifier = (title, text, failed) -> {
            inWindow.notify(title, text, failed);
            alsoNotify.notify(title, text, failed);
        };
        dev.grove.patina.run.RunQueue queue = clusterQueue(runtime);
        DashboardViewModel dashboard = new DashboardViewModel(new dev.grove.patina.ui.dashboard.DashboardSources(
                runtime.runs(), runtime.catalog(), runtime.config().schedule(), runtime.backups().databaseNames(),
                runtime.config().store() instanceof dev.grove.patina.config.LocalStoreConfig, runtime.clock(),
                runtime.replicaSync()::summary, queue),
                executor, notifier, scheduler, scheduleRunBy);
        this.dashboard = dashboard;
        TabPane[] tabsRef = new TabPane[1];
        Tab[] settingsRef = new Tab[1];
        Runnable[] connectStore = new Runnable[1];
        BackupsViewModel backups = new BackupsViewModel(runtime.catalog(), runtime.runs(), queue,
                runtime.backups().databaseNames(), runtime.config().schedule().timezone(), executor,
                runtime.config().replicas().stream().map(dev.grove.patina.config.ReplicaConfig::name).toList());
        Tab dashboardTab = new Tab("Dashboard", new DashboardView(dashboard, () -> {
            CleanupDialogViewModel cleanup = new CleanupDialogViewModel(runtime.runs(), queue, () -> runtime.cleanup()
                    .plan(new dev.grove.patina.backup.retention.RetentionPolicy(
                            runtime.config().retention().dailyDays(), runtime.config().retention().weeklyWeeks()),
                            java.time.LocalDate.ofInstant(
                            runtime.clock().instant(), runtime.config().schedule().timezone())), executor, notifier);
            cleanup.load();
            new CleanupDialog(root.getScene() == null ? null : root.getScene().getWindow(), cleanup).showAndWait();
            dashboard.refresh();
            backups.search();
        }, () -> {
            tabsRef[0].getSelectionModel().select(settingsRef[0]);
            connectStore[0].run();
        }).root());
        dashboardTab.setId("dashboardTab");
        RestoreWorkflow restores = restoreWorkflow(runtime);
        BackupsView.RowActions actions = new BackupsView.RowActions() {
            @Override
            public void restore(BackupRow row) {
                openWizard(restores, runtime, executor, files, row, TargetMode.NEW_FILE);
                backups.search();
            }

            @Override
            public void export(BackupRow row) {
                openWizard(restores, runtime, executor, files, row, TargetMode.EXPORT_SQL);
            }

            @Override
            public void compareSchemas(BackupRow first, BackupRow second) {
                SchemaCompareViewModel compare = new SchemaCompareViewModel(runtime.schemaComparer(), executor);
                compare.compare(first, second);
                new SchemaCompareDialog(root.getScene() == null ? null : root.getScene().getWindow(), compare).show();
            }
        };
        Tab backupsTab = new Tab("Backups");
        backupsTab.setId("backupsTab");
        content(backupsTab, deferTabs, () -> {
            backupsTab.setContent(new BackupsView(backups, actions).root());
            backups.search();
        });
        RunsViewModel runs = new RunsViewModel(runtime.catalog(), runtime.config().schedule().timezone(), executor);
        Tab runsTab = new Tab("Runs");
        runsTab.setId("runsTab");
        content(runsTab, deferTabs, () -> runsTab.setContent(new RunsView(runs).root()));
        ChartsViewModel charts = new ChartsViewModel(runtime.catalog(), runtime.backups().databaseNames(), executor);
        Tab chartsTab = new Tab("Charts");
        chartsTab.setId("chartsTab");
        content(chartsTab, deferTabs, () -> chartsTab.setContent(new ChartsView(charts).root()));
        Tab settingsTab = new Tab("Settings");
        settingsRef[0] = settingsTab;
        settingsTab.setId("settingsTab");
        SettingsView[] settingsView = new SettingsView[1];
        content(settingsTab, deferTabs, () -> {
            settingsView[0] = new SettingsView(new SettingsViewModel(runtime.config(),
                    new SettingsSaver(runtime.core().configLoader()), runtime.clock(),
                    StoreProbe.of(runtime.store()), runtime.notifier(), executor,
                    new dev.grove.patina.ui.settings.EncryptionTools(runtime.catalog(), runtime.verifier(), files,
                            new dev.grove.patina.crypt.IdentityFiles())));
            settingsTab.setContent(settingsView[0].root());
        });
        connectStore[0] = () -> {
            made(settingsTab);
            settingsView[0].connectR2();
        };
        TabPane tabs = new TabPane(dashboardTab, backupsTab, runsTab, chartsTab, settingsTab);
        tabsRef[0] = tabs;
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
            made(is); // a tab chosen before the deferred ones were made: its content now
            if (is == dashboardTab) {
                dashboard.refresh();
            } else if (is == backupsTab) {
                backups.search();
            } else if (is == runsTab) {
                runs.refresh();
            } else if (is == chartsTab) {
                charts.refresh();
            }
        });
        root.setTop(titleBar(runtime));
        root.setCenter(tabs);
        if (deferTabs) {
            deferredRefresh = dashboard::refresh; // its catalog reads would compete with the first frame for the CPU
        } else {
            dashboard.refresh();
        }
        complete.set(pending.isEmpty());
    }

    /** Makes {@code tab}'s content now ({@code make} also runs its first load), or keeps it for later when deferred. */
    private void content(Tab tab, boolean defer, Runnable make) {
        if (defer) {
            pending.put(tab, make);
        } else {
            make.run();
        }
    }

    /** Makes {@code tab}'s content if it is still pending. */
    private void made(Tab tab) {
        Runnable make = pending.remove(tab);
        if (make != null) {
            make.run();
            complete.set(pending.isEmpty());
        }
    }

    /**
     * Makes the tabs' content still to be made (deferred mode), one tab per FX event so the window keeps answering
     * between them; nothing when all are made. Call on the FX thread.
     */
    public void buildDeferredTabs() {
        Runnable refresh = deferredRefresh;
        deferredRefresh = null;
        if (refresh != null) {
            refresh.run();
        }
        java.util.Iterator<Tab> next = pending.keySet().iterator();
        if (!next.hasNext()) {
            return;
        }
        made(next.next());
        javafx.application.Platform.runLater(this::buildDeferredTabs);
    }

    /** True once every tab's content has been made. */
    public javafx.beans.property.ReadOnlyBooleanProperty completeProperty() {
        return complete.getReadOnlyProperty();
    }

    /** The restore workflow over the runtime's parts; its runs fetch into the system's temp folder. */
    private static RestoreWorkflow restoreWorkflow(PatinaRuntime runtime) {
        return new RestoreWorkflow(runtime.downloads(), runtime.weeklyArchiver(), runtime::d1Importer,
                new ConfiguredTargets(runtime.catalog().clustered() ? runtime.config().catalog().path() // ADR 0020
                        : runtime.catalog().file(), runtime.config()), runtime.clock(), TEMP);
    }

    private void openWizard(RestoreWorkflow restores, PatinaRuntime runtime, UiExecutor executor,
                            FileChooserService files, BackupRow row, TargetMode mode) {
        if (row == null) {
            return;
        }
        java.util.Map<String, RestoreWorkflow> byStore = new java.util.LinkedHashMap<>();
        byStore.put(dev.grove.patina.config.ReplicaConfig.PRIMARY, restores);
        for (dev.grove.patina.config.ReplicaConfig r : runtime.config().replicas()) {
            byStore.put(r.name(), new RestoreWorkflow(runtime.downloadsFrom(r.name()),
                    runtime.weeklyArchiverFrom(r.name()), runtime::d1Importer, restores.targets(), runtime.clock(),
                    TEMP));
        }
        RestoreWizardViewModel model = new RestoreWizardViewModel(new WizardStores(byStore),
                new RestoreChoices(runtime.catalog(), runtime.weeklyArchiver(), TEMP), executor, files);
        model.modeProperty().set(mode);
        model.load(row.database(), row.key());
        new RestoreWizard(root.getScene() == null ? null : root.getScene().getWindow(), model).showAndWait();
    }

    public Parent root() {
        return root;
    }

    /** The dashboard's view model: the tray's "Back up all now" and the quit check use it. */
    public DashboardViewModel dashboard() {
        return dashboard;
    }

    private static HBox titleBar(PatinaRuntime runtime) {
        Label name = new Label("Patina");
        name.getStyleClass().add(Styles.TITLE_3);
        Label config = new Label(runtime.config().file() == null ? "" : runtime.config().file().toString());
        config.setId("configFile");
        config.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox bar = new HBox(12, name, config);
        bar.setAlignment(Pos.BASELINE_LEFT);
        bar.setPadding(new Insets(10, 16, 6, 16));
        return bar;
    }

    /**
     * With {@code [cluster]}: the cluster's queue the Dashboard's run buttons order into (ADR 0035) — never run here.
     * It holds no thread and no connection of its own (the runtime's pool), so it lives as long as the process.
     */
    private static dev.grove.patina.run.RunQueue clusterQueue(PatinaRuntime runtime) {
        if (runtime.clusterDatabase().isEmpty() || runtime.clusterNodes().isEmpty()) {
            return null;
        }
        return dev.grove.patina.schedule.ClusterQueue.open(runtime.clusterDatabase().get(),
                runtime.clusterNodes().get(), dev.grove.patina.model.RunTrigger.queuedFrom(
                        dev.grove.patina.model.RunTrigger.CONSOLE, dev.grove.patina.schedule.ClusterQueue.who()),
                runtime.clock());
    }
}
