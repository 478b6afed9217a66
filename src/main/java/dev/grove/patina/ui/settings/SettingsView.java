package dev.grove.patina.ui.settings;

import atlantafx.base.theme.Styles;
import dev.grove.patina.compress.Compression;
import java.util.List;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Settings tab: binds to a {@link SettingsViewModel}, holds no logic of its own. */
public final class SettingsView {
    private static final double LEFT_WIDTH = 620;
    private static final double KEY_WIDTH = 170;

    private final SettingsViewModel model;
    private final BorderPane root = new BorderPane();

    public SettingsView(SettingsViewModel model) {
        this.model = model;
        VBox left = new VBox(18, scheduleSection(), retentionSection());
        left.setMinWidth(LEFT_WIDTH);
        left.setPrefWidth(LEFT_WIDTH);
        VBox right = new VBox(18, storeSection(), alertsSection());
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox sections = new HBox(28, left, right);
        sections.setPadding(new Insets(16));
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        root.setCenter(scroll);
        root.setBottom(saveBar());
    }

    public Node root() {
        return root;
    }

    private Node scheduleSection() {
        GridPane grid = grid();
        int row = 0;
        row = field(grid, row, "Nightly (cron)", "nightlyCron", model.nightlyProperty(), 260,
                model.nightlyErrorProperty(), model.nightlyPreviewProperty());
        row = field(grid, row, "Weekly (cron)", "weeklyCron", model.weeklyProperty(), 260,
                model.weeklyErrorProperty(), model.weeklyPreviewProperty());
        row = field(grid, row, "Time zone", "timezone", model.timezoneProperty(), 260,
                model.timezoneErrorProperty(), null);
        field(grid, row, "Concurrency", "concurrency", model.concurrencyProperty(), 80,
                model.concurrencyErrorProperty(), null);
        return section("Schedule", "Quartz cron: seconds minutes hours day-of-month month day-of-week, e.g. "
                + "\"0 0 2 * * ?\"", grid);
    }

    private Node retentionSection() {
        GridPane grid = grid();
        int row = field(grid, 0, "Keep dailies (days)", "dailyDays", model.dailyDaysProperty(), 80,
                model.dailyDaysErrorProperty(), null);
        row = field(grid, row, "Keep weeklies (weeks)", "weeklyWeeks", model.weeklyWeeksProperty(), 80,
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
        grid.add(key("Compression"), 0, row);
        grid.add(compression, 1, row);
        return section("Retention and compression", null, grid);
    }

    private Node storeSection() {
        GridPane grid = readOnly(model.storeRows());
        Button test = new Button("Test connection");
        test.setId("testConnection");
        test.disableProperty().bind(model.testingStoreProperty());
        test.setOnAction(e -> model.testConnection());
        Label result = result("storeResult", model.storeResultProperty());
        model.storeOkProperty().addListener((o, was, ok) -> colour(result, ok));
        VBox actions = new VBox(6, test, result);
        return section("Storage", "Edit the store in patina.toml; secrets are shown only by where they come from.",
                new VBox(10, grid, actions));
    }

    private Node alertsSection() {
        GridPane grid = readOnly(model.alertRows());
        Button send = new Button("Send test alert");
        send.setId("sendTestAlert");
        send.setDisable(!model.canSendTestAlert());
        model.sendingAlertProperty().addListener((o, was, is) -> send.setDisable(is || !model.canSendTestAlert()));
        send.setOnAction(e -> model.sendTestAlert());
        Label result = result("alertResult", model.alertResultProperty());
        model.alertOkProperty().addListener((o, was, ok) -> colour(result, ok));
        VBox actions = new VBox(6, send, result);
        return section("Alerts", null, new VBox(10, grid, actions));
    }

    private Node saveBar() {
        Button save = new Button("Save");
        save.setId("saveSettings");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(javafx.beans.binding.Bindings.not(model.canSaveProperty()));
        save.setOnAction(e -> model.save());
        Button revert = new Button("Revert");
        revert.setId("revertSettings");
        revert.setOnAction(e -> model.revert());
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

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(4);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(KEY_WIDTH);
        keys.setPrefWidth(KEY_WIDTH);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(keys, values);
        return grid;
    }

    /** A text field in column 1 with its preview (muted) and inline error (red) under it; returns the next row. */
    private static int field(GridPane grid, int row, String label, String id, StringProperty text, double width,
                             ObservableStringValue error, ObservableStringValue preview) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefWidth(width);
        field.setMaxWidth(width);
        field.textProperty().bindBidirectional(text);
        Label key = key(label);
        GridPane.setValignment(key, VPos.TOP);
        key.setPadding(new Insets(5, 0, 0, 0));
        VBox box = new VBox(3, field);
        if (preview != null) {
            Label p = new Label();
            p.setId(id + "Preview");
            p.setWrapText(true);
            p.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            p.textProperty().bind(preview);
            hideWhenEmpty(p);
            box.getChildren().add(p);
        }
        Label e = new Label();
        e.setId(id + "Error");
        e.setWrapText(true);
        e.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        e.textProperty().bind(error);
        hideWhenEmpty(e);
        box.getChildren().add(e);
        error.addListener((o, was, is) -> {
            if (is.isEmpty()) {
                field.pseudoClassStateChanged(Styles.STATE_DANGER, false);
            } else {
                field.pseudoClassStateChanged(Styles.STATE_DANGER, true);
            }
        });
        field.pseudoClassStateChanged(Styles.STATE_DANGER, !error.get().isEmpty());
        grid.add(key, 0, row);
        grid.add(box, 1, row);
        return row + 1;
    }

    private static GridPane readOnly(List<String[]> rows) {
        GridPane grid = grid();
        for (int i = 0; i < rows.size(); i++) {
            Label value = new Label(rows.get(i)[1]);
            value.setWrapText(true);
            grid.addRow(i, key(rows.get(i)[0]), value);
        }
        return grid;
    }

    private static Node section(String title, String hint, Node body) {
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

    private static Label result(String id, ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.textProperty().bind(text);
        HBox.setHgrow(l, Priority.ALWAYS);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    private static void colour(Label l, boolean ok) {
        l.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        l.getStyleClass().add(ok ? Styles.SUCCESS : Styles.DANGER);
    }

    private static void hideWhenEmpty(Label l) {
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
    }

    private static Label key(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }
}
