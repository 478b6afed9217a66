package dev.grove.patina.ui.settings;

import atlantafx.base.theme.Styles;
import dev.grove.patina.ui.settings.ClusterEditorViewModel.ClusterField;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** "Cluster": binds to a {@link ClusterEditorViewModel}; Save stays open until it saved. */
final class ClusterDialog extends Dialog<Void> {
    static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
    private static final double KEY_WIDTH = 130;

    ClusterDialog(Window owner, ClusterEditorViewModel model) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle(model.adding() ? "Add cluster" : "Edit cluster");
        setHeaderText("The PostgreSQL this node shares its schedule and catalog on");
        setResizable(true);

        GridPane fields = Forms.grid(KEY_WIDTH, 10);
        int row = Forms.field(fields, 0, "JDBC URL", "clusterJdbcUrl", model.jdbcUrlProperty(), 0,
                model.errorProperty(ClusterField.JDBC_URL),
                DatabaseDialog.constant("jdbc:postgresql://host:port/database — no password in it"));
        row = Forms.field(fields, row, "User", "clusterUser", model.userProperty(), 260,
                model.errorProperty(ClusterField.USER), null);
        row = Forms.field(fields, row, "Password", "clusterPassword", model.passwordProperty(), 0,
                model.errorProperty(ClusterField.PASSWORD), DatabaseDialog.constant(
                        "A reference, never the password: env:NAME, file:/path (chmod 600) or keyring:NAME"));
        Forms.field(fields, row, "Node name", "clusterNode", model.nodeProperty(), 260,
                model.errorProperty(ClusterField.NODE), DatabaseDialog.constant(
                        "Empty: this machine's host name. Unique in the cluster (Quartz's instance id)"));

        Button test = new Button("Test connection");
        test.setId("clusterTestConnection");
        test.disableProperty().bind(model.busyProperty());
        test.setOnAction(e -> model.testConnection());
        test.setMinWidth(Region.USE_PREF_SIZE);
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("clusterProgress");
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(model.busyProperty());
        progress.managedProperty().bind(model.busyProperty());
        Label status = Forms.result("clusterStatus", model.statusProperty(), model.statusOkProperty());
        Forms.hideWhenEmpty(status);
        status.setMinHeight(Region.USE_PREF_SIZE);
        // the answer takes several lines (server, schema, a line per node): the window grows to show it whole
        status.textProperty().addListener((o, was, is) -> javafx.application.Platform.runLater(() -> {
            if (status.getScene() != null && status.getScene().getWindow() != null) {
                status.getScene().getWindow().sizeToScene();
            }
        }));
        HBox buttons = new HBox(12, test, progress);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox testBox = new VBox(8, buttons, status);

        Label restart = new Label("Takes effect at the next start of the console and of patina daemon (ADR 0029):"
                + " with it the console shows the cluster's catalog and runs no schedule of its own, and the daemon"
                + " runs as a node of the cluster.");
        restart.setWrapText(true);
        restart.setMinHeight(Region.USE_PREF_SIZE);
        restart.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        VBox content = new VBox(12, fields, testBox, restart);
        Forms.finishDialog(this, content, "clusterDialog", "clusterSave", SAVE, model, model::save);
    }
}
