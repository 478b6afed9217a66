package dev.grove.patina.ui.dashboard;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The "Clean up…" dialog: the retention plan, one row per object with KEEP or REMOVE and why, then "Remove" to
 * apply it (the dialog stays open and shows what was done) or Cancel, which deletes nothing.
 */
public final class CleanupDialog extends Dialog<Void> {
    public static final ButtonType REMOVE = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);

    public CleanupDialog(Window owner, CleanupDialogViewModel model) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Clean up");
        setHeaderText("Retention clean-up: what is removed and why");
        setResizable(true);

        TableView<CleanupRow> table = new TableView<>(model.rows());
        table.setId("cleanupTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Action", r -> r.safety() ? "KEEP (safety)" : r.action(), "action", 80));
        table.getColumns().add(column("Database", CleanupRow::database, "database", 100));
        table.getColumns().add(column("Kind", CleanupRow::kind, "kind", 60));
        table.getColumns().add(column("Date", CleanupRow::date, "date", 95));
        table.getColumns().add(column("Size", CleanupRow::size, "size", 80));
        table.getColumns().add(column("Reason", CleanupRow::reason, "reason", 420));
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(CleanupRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("remove", "keep", "safety");
                if (!empty && row != null) {
                    getStyleClass().add(row.removes() ? "remove" : row.safety() ? "safety" : "keep");
                }
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Label summary = new Label();
        summary.setId("cleanupSummary");
        summary.setWrapText(true);
        summary.textProperty().bind(model.summaryProperty());
        Label result = new Label();
        result.setId("cleanupResult");
        result.setWrapText(true);
        result.getStyleClass().add(Styles.TEXT_BOLD);
        result.textProperty().bind(model.resultProperty());

        VBox content = new VBox(10, summary, table, result);
        content.setPadding(new Insets(4, 0, 0, 0));
        content.setPrefSize(900, 480);
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(REMOVE, ButtonType.CANCEL);

        Button remove = (Button) getDialogPane().lookupButton(REMOVE);
        remove.setId("cleanupRemove");
        remove.getStyleClass().add(Styles.DANGER);
        remove.setDefaultButton(false);
        remove.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.stageProperty().get() != CleanupDialogViewModel.Stage.PLANNED || model.removals() == 0,
                model.stageProperty()));
        remove.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // stay open: the dialog shows what was removed
            model.confirm();
        });
        Button cancel = (Button) getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setId("cleanupCancel");
        cancel.textProperty().bind(Bindings.createStringBinding(
                () -> model.stageProperty().get() == CleanupDialogViewModel.Stage.DONE ? "Close" : "Cancel",
                model.stageProperty()));
        cancel.disableProperty().bind(model.stageProperty().isEqualTo(CleanupDialogViewModel.Stage.APPLYING));
        setResultConverter(b -> null);
    }

    private static TableColumn<CleanupRow, String> column(String title, Function<CleanupRow, String> value,
                                                          String property, double width) {
        TableColumn<CleanupRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        if ("action".equals(property)) {
            c.setCellFactory(col -> new TableCell<>() {
                @Override
                protected void updateItem(String text, boolean empty) {
                    super.updateItem(text, empty);
                    getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
                    if (empty || text == null) {
                        setText(null);
                        return;
                    }
                    setText(text);
                    getStyleClass().add("REMOVE".equals(text) ? Styles.DANGER : Styles.SUCCESS);
                }
            });
        }
        return c;
    }
}
