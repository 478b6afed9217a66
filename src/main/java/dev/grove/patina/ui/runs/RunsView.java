package dev.grove.patina.ui.runs;

import atlantafx.base.theme.Styles;
import dev.grove.patina.ui.common.TableCells;
import dev.grove.patina.util.Bytes;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Runs tab: the run history above, the selected run's databases and log below, bound to a {@link RunsViewModel}. */
public final class RunsView {
    private final BorderPane root = new BorderPane();

    public RunsView(RunsViewModel model) {
        root.setPadding(new Insets(16));
        Label title = new Label("Run history");
        title.getStyleClass().add(Styles.TITLE_4);
        Label summary = new Label();
        summary.setId("runsSummary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(model.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, title, spacer, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 0, 8, 0));
        root.setTop(bar);

        SplitPane split = new SplitPane(runsTable(model), details(model));
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        root.setCenter(split);
    }

    public Node root() {
        return root;
    }

    private static Node runsTable(RunsViewModel model) {
        TableView<RunHistoryRow> table = new TableView<>(model.runs());
        table.setId("runsTable");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        table.setPlaceholder(new Label("No runs yet"));
        TableColumn<RunHistoryRow, String> kind = column("Kind", 80, RunHistoryRow::kind);
        TableColumn<RunHistoryRow, String> trigger = column("Trigger", 90, RunHistoryRow::trigger);
        TableColumn<RunHistoryRow, LocalDate> date = column("Date", 100, RunHistoryRow::date);
        TableColumn<RunHistoryRow, String> started = column("Started", 150, RunHistoryRow::started);
        TableColumn<RunHistoryRow, String> duration = column("Duration", 90, RunHistoryRow::duration);
        TableColumn<RunHistoryRow, String> status = column("Status", 90, RunHistoryRow::status);
        TableColumn<RunHistoryRow, String> catchUp = column("Catch-up", 220, RunHistoryRow::catchUp);
        started.setMinWidth(175); // the resize policy made room for the Node column by cutting "… 02:00 U…"
        // wide enough for "node-b (recovered)": at 120 the recovered mark was cut off ("node-b (re…")
        TableColumn<RunHistoryRow, String> node = column("Node", 160, RunHistoryRow::node);
        node.setMinWidth(150);
        node.setId("runNode");
        node.visibleProperty().bind(model.nodesProperty()); // only for a catalog whose runs name nodes
        table.getColumns().addAll(List.of(kind, trigger, date, started, duration, status, node, catchUp));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // The table's selection drives the model's; a refresh that keeps (or drops) the run drives it back.
        table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
            if (is != null || !model.runs().contains(model.selectedProperty().get())) {
                model.selectedProperty().set(is);
            }
        });
        model.selectedProperty().addListener((o, was, is) -> {
            if (is == null) {
                table.getSelectionModel().clearSelection();
            } else if (is != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(is);
            }
        });
        return table;
    }

    /** Where the databases table ends and the log begins when the Node column shows. */
    private static final double WITH_NODES = 0.66;

    private static Node details(RunsViewModel model) {
        Label detail = new Label();
        detail.setId("runDetail");
        detail.getStyleClass().add(Styles.TEXT_BOLD);
        detail.textProperty().bind(model.detailProperty());

        TableView<OutcomeRow> outcomes = new TableView<>(model.outcomes());
        outcomes.setId("outcomesTable");
        outcomes.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        outcomes.setPlaceholder(new Label("No databases in this run"));
        TableColumn<OutcomeRow, String> database = column("Database", 100, OutcomeRow::database);
        database.setMinWidth(100);
        TableColumn<OutcomeRow, String> status = column("Status", 64, OutcomeRow::status);
        TableColumn<OutcomeRow, Long> rows = column("Rows", 76, OutcomeRow::rows);
        rows.setCellFactory(c -> TableCells.rightAligned(n -> String.format(Locale.ROOT, "%,d", n)));
        TableColumn<OutcomeRow, Long> size = column("Size", 80, OutcomeRow::size);
        size.setCellFactory(c -> TableCells.rightAligned(Bytes::formatBytes));
        TableColumn<OutcomeRow, String> duration = column("Duration", 86, OutcomeRow::duration);
        duration.setMinWidth(86);
        TableColumn<OutcomeRow, String> node = column("Node", 150, OutcomeRow::node);
        node.setMinWidth(150);
        node.setId("outcomeNode");
        node.visibleProperty().bind(model.nodesProperty());
        TableColumn<OutcomeRow, String> error = column("Error", 120, OutcomeRow::error);
        outcomes.getColumns().addAll(List.of(database, status, rows, size, duration, node, error));
        outcomes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        // A read-only text area: long lines wrap, and the operator can select and copy them.
        TextArea log = new TextArea();
        log.setId("runLog");
        log.setEditable(false);
        log.setWrapText(true);
        log.setPromptText("No log lines");
        log.setStyle("-fx-font-family: monospace; -fx-font-size: 0.9em;");
        Runnable fill = () -> log.setText(String.join("\n", model.log()));
        model.log().addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        Label logTitle = new Label("Log");
        logTitle.getStyleClass().add(Styles.TEXT_MUTED);
        VBox logBox = new VBox(4, logTitle, log);
        VBox.setVgrow(log, Priority.ALWAYS);

        SplitPane split = new SplitPane(outcomes, logBox);
        // the Node column needs room: with it, the databases table takes more of the width, else it squeezed every
        // column ("Datab…", "12.1 …", "node-b …")
        split.setDividerPositions(model.nodesProperty().get() ? WITH_NODES : 0.5);
        model.nodesProperty().addListener((o, was, is) -> split.setDividerPositions(is ? WITH_NODES : 0.5));
        VBox box = new VBox(8, detail, split);
        box.setPadding(new Insets(10, 0, 0, 0));
        VBox.setVgrow(split, Priority.ALWAYS);
        return box;
    }

    private static <R, T> TableColumn<R, T> column(String title, double width, Function<R, T> value) {
        TableColumn<R, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 60));
        return c;
    }
}
