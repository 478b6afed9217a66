package dev.grove.patina.ui.backups;

import atlantafx.base.theme.Styles;
import dev.grove.patina.ui.common.TableCells;
import dev.grove.patina.util.Bytes;
import java.time.LocalDate;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The Backups tab: filters over a table of stored objects, bound to a {@link BackupsViewModel}. */
public final class BackupsView {
    private final BorderPane root = new BorderPane();

    /** What the operator can do with a selected row beyond copying its key. */
    public interface RowActions {
        RowActions NONE = new RowActions() {
            @Override
            public void restore(BackupRow row) {
            }

            @Override
            public void export(BackupRow row) {
            }
        };

        /** Opens the restore wizard on this daily, or on this weekly archive (a member of it is restored). */
        void restore(BackupRow row);

        /** Downloads / exports this daily (as .sql or as stored). */
        void export(BackupRow row);
    }

    public BackupsView(BackupsViewModel model) {
        this(model, RowActions.NONE);
    }

    public BackupsView(BackupsViewModel model, RowActions actions) {
        root.setPadding(new Insets(16));
        TableView<BackupRow> table = table(model, actions);
        root.setTop(filters(model, table, actions));
        root.setCenter(table);
    }

    public Node root() {
        return root;
    }

    private static Node filters(BackupsViewModel model, TableView<BackupRow> table, RowActions actions) {
        ChoiceBox<String> database = new ChoiceBox<>(model.databaseChoices());
        database.setId("databaseFilter");
        database.valueProperty().bindBidirectional(model.databaseProperty());
        ChoiceBox<KindFilter> kind = new ChoiceBox<>();
        kind.getItems().setAll(KindFilter.values());
        kind.setId("kindFilter");
        kind.valueProperty().bindBidirectional(model.kindProperty());
        TextField text = new TextField();
        text.setId("keyFilter");
        text.setPromptText("Key contains…");
        text.setPrefColumnCount(18);
        text.textProperty().bindBidirectional(model.textProperty());
        Label summary = new Label();
        summary.setId("backupsSummary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(model.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button restore = new Button("Restore…");
        restore.setId("restoreButton");
        restore.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        restore.setOnAction(e -> actions.restore(table.getSelectionModel().getSelectedItem()));
        Button export = new Button("Download / Export…");
        export.setId("exportButton");
        export.disableProperty().bind(notDaily(table));
        export.setOnAction(e -> actions.export(table.getSelectionModel().getSelectedItem()));
        HBox bar = new HBox(8, database, kind, text, spacer, summary, restore, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 0, 12, 0));
        return bar;
    }

    private static BooleanBinding notDaily(TableView<BackupRow> table) {
        return Bindings.createBooleanBinding(() -> {
            BackupRow row = table.getSelectionModel().getSelectedItem();
            return row == null || !"daily".equals(row.kind());
        }, table.getSelectionModel().selectedItemProperty());
    }

    private static TableView<BackupRow> table(BackupsViewModel model, RowActions actions) {
        TableView<BackupRow> table = new TableView<>(model.rows());
        table.setId("backupsTable");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        table.setPlaceholder(new Label("No backups match these filters"));
        TableColumn<BackupRow, LocalDate> date = column("Date", 100, BackupRow::date);
        TableColumn<BackupRow, String> database = column("Database", 130, BackupRow::database);
        TableColumn<BackupRow, String> kind = column("Kind", 70, BackupRow::kind);
        TableColumn<BackupRow, Long> size = column("Size", 90, BackupRow::size);
        size.setCellFactory(c -> TableCells.rightAligned(Bytes::formatBytes));
        TableColumn<BackupRow, Long> rows = column("Rows", 90, BackupRow::rows);
        rows.setCellFactory(c -> TableCells.rightAligned(n -> n < 0 ? "—" : String.format(Locale.ROOT, "%,d", n)));
        TableColumn<BackupRow, String> verified = column("Verified", 150, BackupRow::verified);
        TableColumn<BackupRow, String> key = column("Key", 320, BackupRow::key);
        table.getColumns().addAll(java.util.List.of(date, database, kind, size, rows, verified, key));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        MenuItem copyKey = new MenuItem("Copy key");
        copyKey.setId("copyKey");
        copyKey.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        copyKey.setOnAction(e -> {
            BackupRow row = table.getSelectionModel().getSelectedItem();
            if (row != null) {
                ClipboardContent content = new ClipboardContent();
                content.putString(row.key());
                Clipboard.getSystemClipboard().setContent(content);
            }
        });
        MenuItem restore = new MenuItem("Restore…");
        restore.setId("restoreItem");
        restore.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        restore.setOnAction(e -> actions.restore(table.getSelectionModel().getSelectedItem()));
        MenuItem export = new MenuItem("Download / Export…");
        export.setId("exportItem");
        export.disableProperty().bind(notDaily(table));
        export.setOnAction(e -> actions.export(table.getSelectionModel().getSelectedItem()));
        table.setContextMenu(new ContextMenu(restore, export, copyKey));
        return table;
    }

    private static <T> TableColumn<BackupRow, T> column(String title, double width, Function<BackupRow, T> value) {
        TableColumn<BackupRow, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 70));
        return c;
    }
}
