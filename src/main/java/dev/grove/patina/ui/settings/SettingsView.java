package dev.grove.patina.ui.settings;

import atlantafx.base.theme.Styles;
import dev.grove.patina.compress.Compression;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The Settings tab: binds to a {@link SettingsViewModel}, holds no logic of its own. */
public final class SettingsView {
    private static final double LEFT_WIDTH = 620;
    private static final double KEY_WIDTH = 170;

    private final SettingsViewModel model;
    private final BorderPane root = new BorderPane();
    private final TableView<DatabaseRow> databases;

    public SettingsView(SettingsViewModel model) {
        this.model = model;
        this.databases = databaseTable();
        VBox left = new VBox(18, scheduleSection(), retentionSection());
        left.setMinWidth(LEFT_WIDTH);
        left.setPrefWidth(LEFT_WIDTH);
        VBox right = new VBox(18, storeSection(), alertsSection(), encryptionSection(), clusterSection());
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox sections = new HBox(28, left, right);
        VBox page = new VBox(18, restartNote(), databasesSection(), sections);
        page.setPadding(new Insets(16));
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        root.setCenter(scroll);
        root.setBottom(saveBar());
    }

    public Node root() {
        return root;
    }

    /**
     * Opens "Edit storage…" (local folder, Cloudflare R2 or any S3-compatible store) and waits until it is closed;
     * a save there writes {@code patina.toml}, used after a restart. The dashboard's "Connect R2…" calls this.
     */
    public void editStorage() {
        new StorageDialog(window(), model.storageEditor()).showAndWait();
    }

    /** "Connect R2…": the storage dialog with Cloudflare R2 chosen when backups go to a local folder now. */
    public void connectR2() {
        StorageEditorViewModel editor = model.storageEditor();
        if (editor.kindProperty().get() == StorageEditorViewModel.StorageKind.LOCAL) {
            editor.kindProperty().set(StorageEditorViewModel.StorageKind.R2);
        }
        new StorageDialog(window(), editor).showAndWait();
    }

    /** Opens "Edit alerts…" and waits until it is closed; a save there writes {@code patina.toml}. */
    public void editAlerts() {
        new AlertsDialog(window(), model.alertsEditor()).showAndWait();
    }

    /** Opens "Encryption…" (keys, identity export, test decrypt) and waits until it is closed. */
    public void editEncryption() {
        model.encryptionEditor().ifPresent(m -> new EncryptionDialog(window(), m).showAndWait());
    }

    /** Opens "Add database" and waits until it is closed. */
    public void addDatabase() {
        new DatabaseDialog(window(), model.newDatabase()).showAndWait();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private void editSelectedDatabase() {
        DatabaseRow row = databases.getSelectionModel().getSelectedItem();
        if (row != null) {
            new DatabaseDialog(window(), model.editDatabase(row.name())).showAndWait();
        }
    }

    private void removeSelectedDatabase() {
        DatabaseRow row = databases.getSelectionModel().getSelectedItem();
        if (row == null) {
            return;
        }
        ButtonType remove = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, model.removeQuestion(row.name()), remove,
                ButtonType.CANCEL);
        if (window() != null) {
            confirm.initOwner(window());
        }
        confirm.setTitle("Remove database");
        confirm.setHeaderText("Remove " + row.name() + "?");
        confirm.getDialogPane().setId("removeDatabaseConfirm");
        confirm.getDialogPane().setMinWidth(520);
        ((Button) confirm.getDialogPane().lookupButton(remove)).getStyleClass().add(Styles.DANGER);
        if (confirm.showAndWait().filter(b -> b == remove).isPresent()) {
            model.removeDatabase(row.name());
        }
    }

    private Node restartNote() {
        Label note = new Label();
        note.setId("restartNote");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.WARNING, Styles.TEXT_BOLD);
        note.textProperty().bind(model.restartNoteProperty());
        Forms.hideWhenEmpty(note);
        return note;
    }

    private TableView<DatabaseRow> databaseTable() {
        TableView<DatabaseRow> table = new TableView<>(model.databases());
        table.setId("databaseTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Name", DatabaseRow::name, 150));
        table.getColumns().add(column("Kind", DatabaseRow::kind, 70));
        table.getColumns().add(column("Source", DatabaseRow::source, 580));
        table.getColumns().add(column("Secret", DatabaseRow::secret, 260));
        table.setPlaceholder(new Label("No databases configured: Add… one to back it up."));
        table.setPrefHeight(262);
        table.setMinHeight(120);
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<DatabaseRow> r = new javafx.scene.control.TableRow<>();
            r.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !r.isEmpty()) {
                    editSelectedDatabase();
                }
            });
            return r;
        });
        return table;
    }

    private static TableColumn<DatabaseRow, String> column(String title, Function<DatabaseRow, String> value,
                                                          double width) {
        TableColumn<DatabaseRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private Node databasesSection() {
        Button add = new Button("Add…");
        add.setId("addDatabase");
        add.setOnAction(e -> addDatabase());
        Button edit = new Button("Edit…");
        edit.setId("editDatabase");
        edit.setOnAction(e -> editSelectedDatabase());
        Button remove = new Button("Remove…");
        remove.setId("removeDatabase");
        remove.setOnAction(e -> removeSelectedDatabase());
        var none = databases.getSelectionModel().selectedItemProperty().isNull();
        edit.disableProperty().bind(none);
        remove.disableProperty().bind(none);
        HBox buttons = new HBox(8, add, edit, remove);
        buttons.setAlignment(Pos.CENTER_LEFT);
        return section("Databases", "What is backed up. Secrets are shown only by where they come from.",
                new VBox(8, databases, buttons));
    }

    private Node scheduleSection() {
        GridPane grid = Forms.grid(KEY_WIDTH);
        int row = 0;
        row = Forms.field(grid, row, "Nightly (cron)", "nightlyCron", model.nightlyProperty(), 260,
                model.nightlyErrorProperty(), model.nightlyPreviewProperty());
        row = Forms.field(grid, row, "Weekly (cron)", "weeklyCron", model.weeklyProperty(), 260,
                model.weeklyErrorProperty(), model.weeklyPreviewProperty());
        row = Forms.field(grid, row, "Time zone", "timezone", model.timezoneProperty(), 260,
                model.timezoneErrorProperty(), null);
        Forms.field(grid, row, "Concurrency", "concurrency", model.concurrencyProperty(), 80,
                model.concurrencyErrorProperty(), null);
        return section("Schedule", "Quartz cron: seconds minutes hours day-of-month month day-of-week, e.g. "
                + "\"0 0 2 * * ?\"", grid);
    }

    private Node retentionSection() {
        GridPane grid = Forms.grid(KEY_WIDTH);
        int row = Forms.field(grid, 0, "Keep dailies (days)", "dailyDays", model.dailyDaysProperty(), 80,
                model.dailyDaysErrorProperty(), null);
        row = Forms.field(grid, row, "Keep weeklies (weeks)", "weeklyWeeks", model.weeklyWeeksProperty(), 80,
                model.weeklyWeeksErrorProperty(), null);
        ComboBox<Compression> compression = new ComboBox<>();
        compression.setId("compression");
        compression.getItems().setAll(Compression.values());
        compression.valueProperty().bindBidirectional(model.compressionProperty());
        compression.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Compression c) {
                return c == null ? "" : c.id();
            }

            @Override
            public Compression fromString(String text) {
                return Compression.parse(text);
            }
        });
        grid.add(Forms.key("Compression"), 0, row);
        grid.add(compression, 1, row);
        return section("Retention and compression", null, grid);
    }

    private Node storeSection() {
        VBox rows = new VBox();
        rows.getChildren().setAll(readOnly(model.storeRows()));
        model.storeRowsProperty().addListener((o, was, is) -> rows.getChildren().setAll(readOnly(is)));
        Button test = new Button("Test connection");
        test.setId("testConnection");
        test.disableProperty().bind(model.testingStoreProperty());
        test.setOnAction(e -> model.testConnection());
        Button edit = new Button("Edit storage…");
        edit.setId("editStorage");
        edit.setOnAction(e -> editStorage());
        Label result = Forms.result("storeResult", model.storeResultProperty(), model.storeOkProperty());
        HBox buttons = new HBox(8, test, edit);
        VBox actions = new VBox(6, buttons, result);
        return section("Storage", "Where backups go; secrets are shown only by where they come from.",
                new VBox(10, rows, actions));
    }

    private Node alertsSection() {
        VBox rows = new VBox();
        rows.getChildren().setAll(readOnly(model.alertRows()));
        model.alertRowsProperty().addListener((o, was, is) -> rows.getChildren().setAll(readOnly(is)));
        Button send = new Button("Send test alert");
        send.setId("sendTestAlert");
        send.disableProperty().bind(model.sendingAlertProperty().or(model.canSendTestAlertProperty().not()));
        send.setOnAction(e -> model.sendTestAlert());
        Button edit = new Button("Edit alerts…");
        edit.setId("editAlerts");
        edit.setOnAction(e -> editAlerts());
        Label result = Forms.result("alertResult", model.alertResultProperty(), model.alertOkProperty());
        VBox actions = new VBox(6, new HBox(8, send, edit), result);
        return section("Alerts", "Where run reports go; the webhook is shown only by where it comes from.",
                new VBox(10, rows, actions));
    }

    private Node encryptionSection() {
        VBox rows = new VBox();
        rows.getChildren().setAll(readOnly(model.encryptionRowsProperty().get()));
        model.encryptionRowsProperty().addListener((o, was, is) -> rows.getChildren().setAll(readOnly(is)));
        Button edit = new Button("Encryption…");
        edit.setId("editEncryption");
        edit.setDisable(model.encryptionEditor().isEmpty());
        edit.setOnAction(e -> editEncryption());
        return section("Encryption", "New backups encrypted in the age format: public keys and the identity's path"
                + " only, never a secret key.", new VBox(10, rows, edit));
    }

    /**
     * {@code [cluster]} (ADR 0029): its rows, the password by its source only, with "Edit cluster…" and "Remove
     * cluster…"; on a stand-alone config one row saying so and "Add cluster…".
     */
    private Node clusterSection() {
        VBox rows = new VBox();
        rows.getChildren().setAll(readOnly(model.clusterRowsProperty().get()));
        model.clusterRowsProperty().addListener((o, was, is) -> rows.getChildren().setAll(readOnly(is)));
        Button add = new Button("Add cluster…");
        add.setId("addCluster");
        add.setOnAction(e -> editCluster());
        Button edit = new Button("Edit cluster…");
        edit.setId("editCluster");
        edit.setOnAction(e -> editCluster());
        Button remove = new Button("Remove cluster…");
        remove.setId("removeCluster");
        remove.setOnAction(e -> removeCluster());
        var standAlone = model.hasClusterProperty().not();
        add.visibleProperty().bind(standAlone);
        add.managedProperty().bind(standAlone);
        edit.visibleProperty().bind(model.hasClusterProperty());
        edit.managedProperty().bind(model.hasClusterProperty());
        remove.visibleProperty().bind(model.hasClusterProperty());
        remove.managedProperty().bind(model.hasClusterProperty());
        Node section = section("Cluster", "Several patina daemons sharing one schedule and catalog on PostgreSQL;"
                + " the password is shown only by where it comes from. Used from the next start.",
                new VBox(10, rows, new HBox(8, add, edit, remove)));
        section.setId("clusterSection");
        return section;
    }

    /** Opens the cluster dialog (add or edit {@code [cluster]}) and waits until it is closed. */
    public void editCluster() {
        new ClusterDialog(window(), model.clusterEditor()).showAndWait();
    }

    private void removeCluster() {
        ButtonType remove = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, model.removeClusterQuestion(), remove,
                ButtonType.CANCEL);
        if (window() != null) {
            confirm.initOwner(window());
        }
        confirm.setTitle("Remove cluster");
        confirm.setHeaderText("Make this config stand-alone again?");
        confirm.getDialogPane().setId("removeClusterConfirm");
        confirm.getDialogPane().setMinWidth(560);
        ((Button) confirm.getDialogPane().lookupButton(remove)).getStyleClass().add(Styles.DANGER);
        if (confirm.showAndWait().filter(b -> b == remove).isPresent()) {
            model.removeCluster();
        }
    }

    private Node saveBar() {
        Button save = new Button("Save");
        save.setId("saveSettings");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(Bindings.not(model.canSaveProperty()));
        save.setOnAction(e -> model.save());
        Button revert = new Button("Revert");
        revert.setId("revertSettings");
        revert.setOnAction(e -> model.revert());
        save.setMinWidth(Region.USE_PREF_SIZE);
        revert.setMinWidth(Region.USE_PREF_SIZE);
        Label message = new Label();
        message.setId("settingsMessage");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox bar = new HBox(12, message, revert, save);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.setPadding(new Insets(10, 16, 12, 16));
        bar.getStyleClass().add("settings-save-bar");
        return bar;
    }

    private static GridPane readOnly(List<String[]> rows) {
        GridPane grid = Forms.grid(KEY_WIDTH);
        for (int i = 0; i < rows.size(); i++) {
            Label value = new Label(rows.get(i)[1]);
            value.setWrapText(true);
            grid.addRow(i, Forms.key(rows.get(i)[0]), value);
        }
        return grid;
    }

    static Node section(String title, String hint, Node body) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_4);
        VBox box = new VBox(8, t);
        if (hint != null) {
            Label h = new Label(hint);
            h.setWrapText(true);
            h.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            box.getChildren().add(h);
        }
        box.getChildren().add(body);
        return box;
    }
}
