package dev.grove.patina.ui.charts;

import atlantafx.base.theme.Styles;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The Charts tab: backup size and backup duration per database over time, bound to a {@link ChartsViewModel}. */
public final class ChartsView {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ROOT);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private final BorderPane root = new BorderPane();

    public ChartsView(ChartsViewModel model) {
        root.setPadding(new Insets(16));
        ChoiceBox<String> database = new ChoiceBox<>(model.databaseChoices());
        database.setId("chartsDatabaseFilter");
        database.valueProperty().bindBidirectional(model.databaseProperty());
        Label summary = new Label();
        summary.setId("chartsSummary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(model.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, database, spacer, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 0, 8, 0));
        root.setTop(bar);

        LineChart<Number, Number> size = chart("sizeChart", "Backup size per database");
        LineChart<Number, Number> duration = chart("durationChart", "Backup duration per database");
        bind(model.sizes(), size, ChartsView::sizeUnit);
        bind(model.durations(), duration, max -> new Unit("Duration (s)", 1));
        VBox charts = new VBox(8, size, duration);
        VBox.setVgrow(size, Priority.ALWAYS);
        VBox.setVgrow(duration, Priority.ALWAYS);
        root.setCenter(charts);
    }

    public Node root() {
        return root;
    }

    /** An axis label and what a raw value is divided by to be plotted in it. */
    record Unit(String label, double divisor) {
    }

    /** The binary unit the largest size reads best in: "Size (MiB)" for a few MiB, "Size (KiB)" below one. */
    static Unit sizeUnit(double maxBytes) {
        int u = 0;
        double divisor = 1;
        while (u < UNITS.length - 1 && maxBytes / divisor >= 1024) {
            divisor *= 1024;
            u++;
        }
        return new Unit("Size (" + UNITS[u] + ")", divisor);
    }

    private static LineChart<Number, Number> chart(String id, String title) {
        NumberAxis x = new NumberAxis();
        x.setAutoRanging(false);
        x.setMinorTickVisible(false);
        x.setLabel("Date");
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                double v = n.doubleValue();
                return v == Math.rint(v) ? DAY.format(LocalDate.ofEpochDay((long) v)) : "";
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(true);
        y.setMinorTickVisible(false);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId(id);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        chart.setMinHeight(180);
        return chart;
    }

    private static void bind(ObservableList<SeriesData> data, LineChart<Number, Number> chart,
                             DoubleFunction<Unit> unitFor) {
        Runnable redraw = () -> draw(data, chart, unitFor);
        data.addListener((ListChangeListener<SeriesData>) c -> redraw.run());
        redraw.run();
    }

    private static void draw(List<SeriesData> data, LineChart<Number, Number> chart, DoubleFunction<Unit> unitFor) {
        double max = data.stream().flatMap(s -> s.points().stream()).mapToDouble(SeriesData.Point::value).max()
                .orElse(0);
        Unit unit = unitFor.apply(max);
        chart.getYAxis().setLabel(unit.label());
        long first = data.stream().flatMap(s -> s.points().stream()).mapToLong(p -> p.date().toEpochDay()).min()
                .orElse(LocalDate.now().toEpochDay());
        long last = data.stream().flatMap(s -> s.points().stream()).mapToLong(p -> p.date().toEpochDay()).max()
                .orElse(first);
        NumberAxis x = (NumberAxis) chart.getXAxis();
        x.setLowerBound(first - 1);
        x.setUpperBound(last + 1);
        x.setTickUnit(Math.max(1, Math.ceil((last - first + 2) / 10.0)));
        chart.getData().setAll(data.stream().map(s -> {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(s.database());
            for (SeriesData.Point p : s.points()) {
                series.getData().add(new XYChart.Data<>(p.date().toEpochDay(), p.value() / unit.divisor()));
            }
            return series;
        }).toList());
    }
}
