package dev.grove.patina.ui.settings;

import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.ui.settings.DatabaseEditorViewModel.DatabaseField;
import dev.grove.patina.ui.settings.DatabaseEditorViewModel.DatabaseKind;
import java.io.File;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** "Add database" / "Edit database": binds to a {@link DatabaseEditorViewModel}; Save stays open until it saved. */
final class DatabaseDialog extends Dialog<Void> {
    static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
    private static final double KEY_WIDTH = 130;

    DatabaseDialog(Window owner, DatabaseEditorViewModel model) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle(model.title());
        setHeaderText(model.isNew() ? "Add a database to back up" : model.title());
        setResizable(true);

        ToggleGroup kinds = new ToggleGroup();
        RadioButton sqlite = new RadioButton(DatabaseKind.SQLITE.toString());
        sqlite.setId("kindSqlite");
        sqlite.setToggleGroup(kinds);
        sqlite.setUserData(DatabaseKind.SQLITE);
        RadioButton d1 = new RadioButton(DatabaseKind.D1.toString());
        d1.setId("kindD1");
        d1.setToggleGroup(kinds);
        d1.setUserData(DatabaseKind.D1);
        kinds.selectToggle(model.kindProperty().get() == DatabaseKind.D1 ? d1 : sqlite);
        kinds.selectedToggleProperty().addListener((o, was, is) -> {
            if (is != null) {
                model.kindProperty().set((DatabaseKind) is.getUserData());
            }
        });
        HBox kindBox = new HBox(18, sqlite, d1);
        kindBox.setAlignment(Pos.CENTER_LEFT);

        GridPane common = Forms.grid(KEY_WIDTH, 10);
        Forms.row(common, 0, "Kind", "kind", kindBox, null, null);
        Forms.field(common, 1, "Name", "dbName", model.nameProperty(), 260, model.errorProperty(DatabaseField.NAME),
                constant("Lower-case letters, digits, '.', '_' or '-'; used in object keys"));

        GridPane sqliteGrid = Forms.grid(KEY_WIDTH, 10);
        TextField path = Forms.textField("dbPath", model.pathProperty(), 0);
        Button browse = new Button("Browse…");
        browse.setId("browseDbPath");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("SQLite file to back up");
            File chosen = chooser.showOpenDialog(getDialogPane().getScene().getWindow());
            if (chosen != null) {
                model.pathProperty().set(chosen.toPath().toString());
            }
        });
        HBox.setHgrow(path, Priority.ALWAYS);
        HBox pathBox = new HBox(8, path, browse);
        Forms.row(sqliteGrid, 0, "SQLite file", "dbPath", pathBox, model.errorProperty(DatabaseField.PATH),
                constant("Read through one read-only transaction; a WAL database keeps taking writes"));

        GridPane d1Grid = Forms.grid(KEY_WIDTH, 10);
        int row = Forms.field(d1Grid, 0, "Account id", "d1AccountId", model.accountIdProperty(), 0,
                model.errorProperty(DatabaseField.ACCOUNT_ID), null);
        row = Forms.field(d1Grid, row, "Database id", "d1DatabaseId", model.databaseIdProperty(), 0,
                model.errorProperty(DatabaseField.DATABASE_ID), null);
        row = Forms.field(d1Grid, row, "API token", "d1Token", model.tokenProperty(), 0,
                model.errorProperty(DatabaseField.TOKEN),
                constant("A reference, never the token: env:NAME, file:/path (chmod 600) or keyring:NAME"));
        row = Forms.field(d1Grid, row, "API base", "d1ApiBase", model.apiBaseProperty(), 0,
                model.errorProperty(DatabaseField.API_BASE), null);
        ComboBox<String> mode = new ComboBox<>();
        mode.setId("d1Mode");
        mode.getItems().setAll(D1DatabaseConfig.MODE_QUERY, D1DatabaseConfig.MODE_EXPORT);
        mode.valueProperty().bindBidirectional(model.modeProperty());
        Forms.row(d1Grid, row, "Mode", "d1Mode", mode, null,
                constant("query: page every table (works with FTS5); export: Cloudflare's export, one consistent"
                        + " state, blocks writers while it runs"));

        showWhen(sqliteGrid, model.kindProperty().isEqualTo(DatabaseKind.SQLITE));
        showWhen(d1Grid, model.kindProperty().isEqualTo(DatabaseKind.D1));

        Button test = new Button("Test connection");
        test.setId("dbTestConnection");
        test.disableProperty().bind(model.busyProperty());
        test.setOnAction(e -> model.testConnection());
        Label status = Forms.result("dbStatus", model.statusProperty(), model.statusOkProperty());
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox testBox = new HBox(12, test, status);
        testBox.setAlignment(Pos.CENTER_LEFT);

        VBox content = new VBox(12, common, sqliteGrid, d1Grid, testBox);
        Forms.finishDialog(this, content, "databaseDialog", "dbSave", SAVE, model, model::save);
    }

    /** Closes after a save (Cancel is there, so the dialog may close without a result). */
    private static void showWhen(javafx.scene.Node node, javafx.beans.value.ObservableBooleanValue shown) {
        node.visibleProperty().bind(shown);
        node.managedProperty().bind(shown);
        node.visibleProperty().addListener((o, was, is) -> {
            if (node.getScene() != null && node.getScene().getWindow() != null) {
                node.getScene().getWindow().sizeToScene();
            }
        });
    }

    static javafx.beans.value.ObservableStringValue constant(String text) {
        return new javafx.beans.property.ReadOnlyStringWrapper(text);
    }
}
