package dev.grove.patina.ui.runs;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.LogLine;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Runs tab: the history of runs, newest first; the selected run's per-database results and its log. Every
 * catalog read happens in the background; only the answer to the latest request is shown.
 */
public final class RunsViewModel {
    /** The most runs the history holds. */
    static final int LIMIT = 500;
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final Catalog catalog;
    private final ZoneId zone;
    private final UiExecutor executor;
    private final ObservableList<RunHistoryRow> runs = FXCollections.observableArrayList();
    private final ObservableList<OutcomeRow> outcomes = FXCollections.observableArrayList();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<RunHistoryRow> runsView = FXCollections.unmodifiableObservableList(runs);
    private final ObservableList<OutcomeRow> outcomesView = FXCollections.unmodifiableObservableList(outcomes);
    private final ObservableList<String> logView = FXCollections.unmodifiableObservableList(log);
    private final ObjectProperty<RunHistoryRow> selected = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty("");
    /** Whether the listed runs name cluster nodes: the Node columns show only then (ADR 0034). */
    private final javafx.beans.property.BooleanProperty nodes = new javafx.beans.property.SimpleBooleanProperty();
    private final StringProperty detail = new SimpleStringProperty("Select a run to see its databases and log");
    private long runsGeneration;
    private long logGeneration;

    /** @param zone the schedule's time zone, in which times are shown */
    public RunsViewModel(Catalog catalog, ZoneId zone, UiExecutor executor) {
        this.catalog = catalog;
        this.zone = zone;
        this.executor = executor;
        selected.addListener((o, was, is) -> showRun(is));
    }

    /** Reads the run history again, keeping the selected run selected when it is still listed. */
    public void refresh() {
        long mine = ++runsGeneration;
        ZoneId zone = zone();
        executor.executeInBackground(() -> catalog.recentRuns(LIMIT), list -> {
            if (mine == runsGeneration) {
                showRuns(list, zone);
            }
        }, e -> {
            if (mine == runsGeneration) {
                runs.clear();
                summary.set("Cannot read the catalog: " + Messages.of(e));
            }
        });
    }

    private void showRuns(List<RunSummary> list, ZoneId zone) {
        String keep = selected.get() == null ? null : selected.get().id();
        runs.setAll(list.stream().map(r -> RunHistoryRow.of(r, zone)).toList());
        nodes.set(list.stream().anyMatch(r -> r.node() != null || r.recovered()
                || r.databases().stream().anyMatch(d -> d.node() != null)));
        summary.set(String.format(Locale.ROOT, "%,d %s", runs.size(), runs.size() == 1 ? "run" : "runs"));
        RunHistoryRow again = runs.stream().filter(r -> r.id().equals(keep)).findFirst().orElse(null);
        RunHistoryRow before = selected.get();
        selected.set(again);
        if (again != null && again.equals(before)) {
            showRun(again);
        }
    }

    private void showRun(RunHistoryRow row) {
        long mine = ++logGeneration;
        if (row == null) {
            outcomes.clear();
            log.clear();
            detail.set("Select a run to see its databases and log");
            return;
        }
        RunSummary run = row.run();
        outcomes.setAll(run.databases().stream().map(OutcomeRow::of).toList());
        long ok = run.databases().stream().filter(d -> d.status() == dev.grove.patina.model.RunStatus.OK).count();
        detail.set(String.format(Locale.ROOT, "%s run of %s (%s): %d of %d databases ok", row.kind(), row.date(),
                row.trigger(), ok, run.databases().size()));
        ZoneId zone = zone();
        executor.executeInBackground(() -> catalog.runLog(run.id()), lines -> {
            if (mine == logGeneration) {
                log.setAll(lines.stream().map(l -> line(l, zone)).toList());
            }
        }, e -> {
            if (mine == logGeneration) {
                log.setAll(List.of("Cannot read the log: " + Messages.of(e)));
            }
        });
    }

    private static String line(LogLine l, ZoneId zone) {
        return LOG_TIME.format(l.at().atZone(zone)) + "  " + String.format(Locale.ROOT, "%-5s", l.level()) + "  "
                + l.message();
    }

    private ZoneId zone() {
        return zone;
    }

    public ObservableList<RunHistoryRow> runs() {
        return runsView;
    }

    public ObservableList<OutcomeRow> outcomes() {
        return outcomesView;
    }

    /** The selected run's log lines, oldest first: {@code "02:00:01  INFO   alpha: ok …"}. */
    public ObservableList<String> log() {
        return logView;
    }

    /** The run whose details are shown; the view binds its table's selection to it. */
    public ObjectProperty<RunHistoryRow> selectedProperty() {
        return selected;
    }

    /**
     * True when a listed run or one of its databases names a cluster node: a cluster's catalog (or a history moved
     * into one). A desktop's catalog names none, and its Runs tab shows no Node column.
     */
    public javafx.beans.property.ReadOnlyBooleanProperty nodesProperty() {
        return nodes;
    }

    /** "12 runs", or why none could be read. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    /** One line about the selected run. */
    public ReadOnlyStringProperty detailProperty() {
        return detail;
    }
}
