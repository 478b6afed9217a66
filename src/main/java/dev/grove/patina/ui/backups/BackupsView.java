package dev.grove.patina.ui.backups;

import atlantafx.base.theme.Styles;
import dev.grove.patina.ui.common.TableCells;
import dev.grove.patina.util.Bytes;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Backups tab, bound to a {@link BackupsViewModel}: a row of filters (database, kind, status, from / to date,
 * key text), a row with the summary and the actions on the selected backup (Verify, Restore…, Download / Export…;
 * an action that does not apply is disabled and its tooltip says why), the table, and the verify status line.
 */
public final class BackupsView {
    private final BorderPane root = new BorderPane();

    /** What the operator can do with a selected row beyond copying its key and verifying it. */
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

        /** Compares the schemas of two dailies of one database, side by side. */
        default void compareSchemas(BackupRow first, BackupRow second) {
        }
    }

    public BackupsView(BackupsViewModel model) {
        this(model, RowActions.NONE);
    }

    public BackupsView(BackupsViewModel model, RowActions actions) {
        root.setPadding(new Insets(16));
        TableView<BackupRow> table = table(model, actions);
        VBox top = new VBox(8, filters(model), actionBar(model, table, actions));
        top.setPadding(new Insets(0, 0, 12, 0));
        root.setTop(top);
        root.setCenter(table);
        root.setBottom(verifyLine(model));
    }

    public Node root() {
        return root;
    }

    private static Node filters(BackupsViewModel model) {
        ChoiceBox<String> database = new ChoiceBox<>(model.databaseChoices());
        database.setId("databaseFilter");
        database.valueProperty().bindBidirectional(model.databaseProperty());
        ChoiceBox<KindFilter> kind = new ChoiceBox<>();
        kind.getItems().setAll(KindFilter.values());
        kind.setId("kindFilter");
        kind.valueProperty().bindBidirectional(model.kindProperty());
        ChoiceBox<StatusFilter> status = new ChoiceBox<>();
        status.getItems().setAll(StatusFilter.values());
        status.setId("statusFilter");
        status.valueProperty().bindBidirectional(model.statusProperty());
        DatePicker from = datePicker("fromFilter");
        from.valueProperty().bindBidirectional(model.fromProperty());
        DatePicker to = datePicker("toFilter");
        to.valueProperty().bindBidirectional(model.toProperty());
        TextField text = new TextField();
        text.setId("keyFilter");
        text.setPromptText("Key contains…");
        text.setPrefColumnCount(16);
        text.textProperty().bindBidirectional(model.textProperty());
        HBox.setHgrow(text, Priority.SOMETIMES);
        HBox bar = new HBox(8, database, kind, status, muted("From"), from, muted("to"), to, text);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** A date picker that reads and writes ISO dates (as the table shows them); a date it cannot read is undone. */
    private static DatePicker datePicker(String id) {
        DatePicker picker = new DatePicker();
        picker.setId(id);
        picker.setPromptText("YYYY-MM-DD");
        picker.setPrefWidth(150);
        picker.setMinWidth(150);
        picker.setConverter(new StringConverter<>() {
            @Override
            public String toString(LocalDate date) {
                return date == null ? "" : DateTimeFormatter.ISO_LOCAL_DATE.format(date);
            }

            @Override
            public LocalDate fromString(String text) {
                if (text == null || text.isBlank()) {
                    return null;
                }
                try {
                    return LocalDate.parse(text.strip());
                } catch (DateTimeParseException e) {
                    return picker.getValue();
                }
            }
        });
        picker.setTooltip(new Tooltip("Inclusive; empty = no limit"));
        return picker;
    }

    private static Node actionBar(BackupsViewModel model, TableView<BackupRow> table, RowActions actions) {
        Label summary = new Label();
        summary.setId("backupsSummary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(model.summaryProperty());
        summary.managedProperty().bind(model.summaryProperty().isNotEmpty());
        Label dates = new Label();
        dates.setId("dateMessage");
        dates.getStyleClass().add(Styles.DANGER);
        dates.textProperty().bind(model.dateMessageProperty());
        dates.visibleProperty().bind(model.dateMessageProperty().isNotEmpty());
        dates.managedProperty().bind(dates.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ObservableValue<BackupRow> selected = table.getSelectionModel().selectedItemProperty();
        Node verify = button("verifyButton", "Verify", RowAction.VERIFY, selected, model,
                model::verify);
        Node restore = button("restoreButton", "Restore…", RowAction.RESTORE, selected, null, actions::restore);
        Node export = button("exportButton", "Download / Export…", RowAction.EXPORT, selected, null,
                actions::export);
        Node compare = compareButton(table, actions);
        HBox bar = new HBox(8, summary, dates, spacer, verify, restore, export, compare);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** "Compare schemas…": two dailies of one database selected (Ctrl/⌘-click); its tooltip says what to select. */
    private static Node compareButton(TableView<BackupRow> table, RowActions actions) {
        Button b = new Button("Compare schemas…");
        b.setId("compareSchemas");
        b.setMinWidth(Region.USE_PREF_SIZE);
        javafx.collections.ObservableList<BackupRow> chosen = table.getSelectionModel().getSelectedItems();
        StringBinding why = javafx.beans.binding.Bindings.createStringBinding(
                () -> SchemaCompareViewModel.unavailable(List.copyOf(chosen)), chosen);
        b.disableProperty().bind(why.isNotNull());
        b.setOnAction(e -> {
            List<BackupRow> two = List.copyOf(chosen);
            if (SchemaCompareViewModel.unavailable(two) == null) {
                actions.compareSchemas(two.get(0), two.get(1));
            }
        });
        StackPane wrapper = new StackPane(b);
        wrapper.setId("compareSchemasWrapper");
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(why);
        Tooltip.install(wrapper, tip);
        return wrapper;
    }

    /**
     * A button for {@code action} on the selected row, disabled when it does not apply; its wrapper carries the
     * tooltip that says why (a disabled control shows no tooltip of its own). With {@code model}, the button is also
     * disabled while a verify runs.
     */
    private static Node button(String id, String text, RowAction action, ObservableValue<BackupRow> selected,
                               BackupsViewModel model, Consumer<BackupRow> onAction) {
        Button b = new Button(text);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        StringBinding why = reason(action, selected, model);
        b.disableProperty().bind(why.isNotNull());
        b.setOnAction(e -> onAction.accept(selected.getValue()));
        StackPane wrapper = new StackPane(b);
        wrapper.setId(id + "Wrapper");
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(why);
        Runnable install = () -> {
            if (why.get() == null) {
                Tooltip.uninstall(wrapper, tip);
            } else {
                Tooltip.install(wrapper, tip);
            }
        };
        why.addListener((o, was, is) -> install.run());
        install.run();
        return wrapper;
    }

    /** Why {@code action} cannot be taken on the selected row now, or null when it can. */
    private static StringBinding reason(RowAction action, ObservableValue<BackupRow> selected,
                                        BackupsViewModel model) {
        if (model == null) {
            return Bindings.createStringBinding(() -> action.unavailable(selected.getValue()), selected);
        }
        return Bindings.createStringBinding(() -> model.verifyingProperty().get()
                ? "A verify is running; wait for its result" : action.unavailable(selected.getValue()),
                selected, model.verifyingProperty());
    }

    private static Node verifyLine(BackupsViewModel model) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("verifyProgress");
        spinner.setPrefSize(16, 16);
        spinner.setMaxSize(16, 16);
        spinner.visibleProperty().bind(model.verifyingProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label message = new Label();
        message.setId("verifyMessage");
        message.setWrapText(true);
        message.textProperty().bind(model.verifyMessageProperty());
        model.verifyFailedProperty().addListener((o, was, failed) -> {
            message.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
            if (!model.verifyingProperty().get()) {
                message.getStyleClass().add(failed ? Styles.DANGER : Styles.SUCCESS);
            }
        });
        model.verifyingProperty().addListener((o, was, running) -> {
            message.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
            if (!running) {
                message.getStyleClass().add(model.verifyFailedProperty().get() ? Styles.DANGER : Styles.SUCCESS);
            }
        });
        HBox line = new HBox(8, spinner, message);
        line.setAlignment(Pos.CENTER_LEFT);
        line.setPadding(new Insets(8, 0, 0, 0));
        line.visibleProperty().bind(model.verifyMessageProperty().isNotEmpty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private static TableView<BackupRow> table(BackupsViewModel model, RowActions actions) {
        TableView<BackupRow> table = new TableView<>(model.rows());
        table.setId("backupsTable");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        table.setPlaceholder(new Label("No backups match these filters"));
        TableColumn<BackupRow, LocalDate> date = column("Date", 95, BackupRow::date);
        TableColumn<BackupRow, String> database = column("Database", 120, BackupRow::database);
        TableColumn<BackupRow, String> kind = column("Kind", 65, BackupRow::kind);
        TableColumn<BackupRow, String> lock = column("\uD83D\uDD12", 34, BackupRow::lock); // encrypted (age)
        TableColumn<BackupRow, Long> size = column("Size", 85, BackupRow::size);
        size.setCellFactory(c -> TableCells.rightAligned(Bytes::formatBytes));
        TableColumn<BackupRow, Long> rows = column("Rows", 80, BackupRow::rows);
        rows.setCellFactory(c -> TableCells.rightAligned(n -> n < 0 ? "—" : String.format(Locale.ROOT, "%,d", n)));
        TableColumn<BackupRow, String> verified = column("Verified", 175, BackupRow::verified);
        TableColumn<BackupRow, BackupRow> proof = column("Test restore", 190, r -> r);
        proof.setId("proofColumn");
        proof.setComparator(java.util.Comparator.comparing(BackupRow::proof));
        proof.setCellFactory(c -> new ProofCell());
        TableColumn<BackupRow, String> status = column("Status", 140, BackupRow::status);
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item);
                setStyle(!empty && item != null && item.startsWith("deleted")
                        ? "-fx-text-fill: -color-danger-fg;" : null);
            }
        });
        TableColumn<BackupRow, String> key = column("Key", 300, BackupRow::key);
        table.getColumns().addAll(List.of(date, database, kind, lock, size, rows, verified, proof, status, key));
        // several rows may be selected (two dailies to compare); the row actions work on the focused one
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        if (model.hasReplicas()) {
            TableColumn<BackupRow, String> replicas = column("Replicas", 190, BackupRow::replicas);
            replicas.setId("replicasColumn");
            date.setMinWidth(100); // the table is narrower for each column: a date and a size stay whole
            size.setMinWidth(90);
            table.getColumns().add(table.getColumns().indexOf(key), replicas);
        }
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        keepSelectionWhenARowIsReplaced(table);

        ObservableValue<BackupRow> selected = table.getSelectionModel().selectedItemProperty();
        MenuItem why = new MenuItem();
        why.setId("whyItem");
        why.setDisable(true);
        SeparatorMenuItem whySeparator = new SeparatorMenuItem();
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
        MenuItem verify = item("verifyItem", "Verify", reason(RowAction.VERIFY, selected, model),
                () -> model.verify(selected.getValue()));
        MenuItem restore = item("restoreItem", "Restore…", reason(RowAction.RESTORE, selected, null),
                () -> actions.restore(selected.getValue()));
        MenuItem export = item("exportItem", "Download / Export…", reason(RowAction.EXPORT, selected, null),
                () -> actions.export(selected.getValue()));
        ContextMenu menu = new ContextMenu(why, whySeparator, verify, restore, export, copyKey);
        menu.setOnShowing(e -> {
            BackupRow row = selected.getValue();
            Set<String> reasons = new LinkedHashSet<>();
            if (row != null) {
                for (RowAction a : RowAction.values()) {
                    String r = a.unavailable(row);
                    if (r != null) {
                        reasons.add(r);
                    }
                }
            }
            why.setText(String.join("\n", reasons));
            why.setVisible(!reasons.isEmpty());
            whySeparator.setVisible(!reasons.isEmpty());
        });
        table.setContextMenu(menu);
        return table;
    }

    private static MenuItem item(String id, String text, StringBinding why, Runnable onAction) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.disableProperty().bind(why.isNotNull());
        item.setOnAction(e -> onAction.run());
        return item;
    }

    /**
     * A verified row is replaced in place by its refreshed self; the selection follows it, so Verify, Restore… and
     * the context menu keep working on the same backup.
     */
    private static void keepSelectionWhenARowIsReplaced(TableView<BackupRow> table) {
        String[] selectedKey = new String[1];
        table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
            if (is != null) {
                selectedKey[0] = is.key();
            }
        });
        table.getItems().addListener((ListChangeListener<BackupRow>) c -> {
            boolean replaced = false;
            while (c.next()) {
                replaced |= c.wasReplaced() && c.getAddedSize() == c.getRemovedSize() && c.getAddedSize() == 1;
            }
            BackupRow now = table.getSelectionModel().getSelectedItem();
            if (replaced && selectedKey[0] != null && (now == null || !now.key().equals(selectedKey[0]))) {
                for (int i = 0; i < table.getItems().size(); i++) {
                    if (table.getItems().get(i).key().equals(selectedKey[0])) {
                        table.getSelectionModel().clearAndSelect(i);
                        break;
                    }
                }
            }
        });
    }

    private static <T> TableColumn<BackupRow, T> column(String title, double width, Function<BackupRow, T> value) {
        TableColumn<BackupRow, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 70));
        return c;
    }
}
