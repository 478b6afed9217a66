package dev.grove.patina.ui.backups;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Two backups' schemas side by side: a summary line, then one row per change — what the older backup holds on the
 * left, what the newer one holds on the right — coloured by kind (added green, dropped red, changed amber, row counts
 * muted). The same comparison as {@code patina diff}.
 */
public final class SchemaCompareDialog extends Dialog<Void> {
    public SchemaCompareDialog(Window owner, SchemaCompareViewModel model) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Compare schemas");
        headerTextProperty().bind(model.titleProperty());
        setResizable(true);

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(model.busyProperty());
        spinner.managedProperty().bind(model.busyProperty());
        Label summary = new Label();
        summary.setId("compareSummary");
        summary.setWrapText(true);
        summary.getStyleClass().add(Styles.TEXT_BOLD);
        summary.textProperty().bind(model.summaryProperty());
        Label error = new Label();
        error.setId("compareError");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        TableView<SchemaCompareViewModel.ChangeRow> table = new TableView<>(model.rows());
        table.setId("compareTable");
        table.setPlaceholder(new Label("No differences"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Change", SchemaCompareViewModel.ChangeRow::kind, 90));
        table.getColumns().add(column("Object", r -> r.objectType() + " " + r.object(), 230));
        TableColumn<SchemaCompareViewModel.ChangeRow, String> older = column("",
                SchemaCompareViewModel.ChangeRow::older, 320);
        older.textProperty().bind(model.olderLabelProperty());
        older.setId("olderColumn");
        TableColumn<SchemaCompareViewModel.ChangeRow, String> newer = column("",
                SchemaCompareViewModel.ChangeRow::newer, 320);
        newer.textProperty().bind(model.newerLabelProperty());
        newer.setId("newerColumn");
        table.getColumns().add(older);
        table.getColumns().add(newer);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(SchemaCompareViewModel.ChangeRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("change-added", "change-dropped", "change-changed", "change-rows");
                if (!empty && row != null) {
                    getStyleClass().add(row.styleClass());
                }
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        HBox head = new HBox(8, spinner, summary);
        HBox.setHgrow(summary, Priority.ALWAYS);
        VBox content = new VBox(10, head, error, table);
        content.setPadding(new Insets(4, 0, 0, 0));
        content.setPrefSize(960, 420);
        getDialogPane().setContent(content);
        getDialogPane().setPrefSize(1000, 520);
        getDialogPane().setMinSize(820, 360);
        getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        getDialogPane().getStylesheets().add(SchemaCompareDialog.class.getResource(
                "/dev/grove/patina/ui/app/console.css").toExternalForm());
    }

    private static TableColumn<SchemaCompareViewModel.ChangeRow, String> column(
            String title, Function<SchemaCompareViewModel.ChangeRow, String> value, double width) {
        TableColumn<SchemaCompareViewModel.ChangeRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }
}
