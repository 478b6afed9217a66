package dev.grove.patina.ui.app;

import atlantafx.base.theme.Styles;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.ui.backups.BackupsView;
import dev.grove.patina.ui.backups.BackupsViewModel;
import dev.grove.patina.ui.charts.ChartsView;
import dev.grove.patina.ui.charts.ChartsViewModel;
import dev.grove.patina.ui.common.UiExecutor;
import dev.grove.patina.ui.dashboard.DashboardView;
import dev.grove.patina.ui.dashboard.DashboardViewModel;
import dev.grove.patina.ui.runs.RunsView;
import dev.grove.patina.ui.runs.RunsViewModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

/** The console's window content: a title bar and the Dashboard, Backups, Runs and Charts tabs; each tab reloads when shown. */
public final class MainWindow {
    private final BorderPane root = new BorderPane();

    public MainWindow(PatinaRuntime runtime, UiExecutor executor) {
        DashboardViewModel dashboard = new DashboardViewModel(runtime, executor);
        BackupsViewModel backups = new BackupsViewModel(runtime, executor);
        Tab dashboardTab = new Tab("Dashboard", new DashboardView(dashboard).root());
        dashboardTab.setId("dashboardTab");
        Tab backupsTab = new Tab("Backups", new BackupsView(backups).root());
        backupsTab.setId("backupsTab");
        RunsViewModel runs = new RunsViewModel(runtime, executor);
        Tab runsTab = new Tab("Runs", new RunsView(runs).root());
        runsTab.setId("runsTab");
        ChartsViewModel charts = new ChartsViewModel(runtime, executor);
        Tab chartsTab = new Tab("Charts", new ChartsView(charts).root());
        chartsTab.setId("chartsTab");
        TabPane tabs = new TabPane(dashboardTab, backupsTab, runsTab, chartsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
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
        dashboard.refresh();
        backups.search();
    }

    public Parent root() {
        return root;
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
}
