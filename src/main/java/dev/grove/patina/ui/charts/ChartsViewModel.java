package dev.grove.patina.ui.charts;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Charts tab: each database's backup size by date (from the catalog's daily objects, deleted ones included, as
 * history) and backup duration by date (from the successful databases of nightly runs; the latest run of a date
 * counts), filtered by database. The catalog is read in the background; the filter works on what was read.
 */
public final class ChartsViewModel {
    /** The database choice that filters nothing. */
    public static final String ALL_DATABASES = "All databases";
    /** The most objects and runs read. */
    static final int LIMIT = ObjectQuery.MAX_LIMIT;

    private final Catalog catalog;
    private final UiExecutor executor;
    private final ObservableList<String> databaseChoices = FXCollections.observableArrayList();
    private final ObjectProperty<String> database = new SimpleObjectProperty<>(ALL_DATABASES);
    private final ObservableList<SeriesData> sizes = FXCollections.observableArrayList();
    private final ObservableList<SeriesData> durations = FXCollections.observableArrayList();
    private final ObservableList<SeriesData> sizesView = FXCollections.unmodifiableObservableList(sizes);
    private final ObservableList<SeriesData> durationsView = FXCollections.unmodifiableObservableList(durations);
    private final StringProperty summary = new SimpleStringProperty("");
    private LoadedSeries loaded = new LoadedSeries(List.of(), List.of());
    private long generation;

    private record LoadedSeries(List<SeriesData> sizes, List<SeriesData> durations) {
    }

    /** @param databases the configured databases' names, for the database filter */
    public ChartsViewModel(Catalog catalog, List<String> databases, UiExecutor executor) {
        this.catalog = catalog;
        this.executor = executor;
        List<String> choices = new ArrayList<>();
        choices.add(ALL_DATABASES);
        choices.addAll(databases);
        databaseChoices.setAll(choices);
        database.addListener((o, was, is) -> show());
    }

    /** Reads sizes and durations from the catalog again, in the background. */
    public void refresh() {
        long mine = ++generation;
        executor.executeInBackground(this::load, data -> {
            if (mine == generation) {
                loaded = data;
                show();
            }
        }, e -> {
            if (mine == generation) {
                loaded = new LoadedSeries(List.of(), List.of());
                sizes.clear();
                durations.clear();
                summary.set("Cannot read the catalog: " + Messages.of(e));
            }
        });
    }

    private LoadedSeries load() {
        Map<String, TreeMap<LocalDate, Double>> size = new TreeMap<>();
        for (StoredObject o : catalog.findObjects(ObjectQuery.firstPage(LIMIT).withKind(ObjectKind.DAILY))
                .items()) {
            size.computeIfAbsent(o.database(), k -> new TreeMap<>()).putIfAbsent(o.date(), (double) o.size());
        }
        Map<String, TreeMap<LocalDate, Double>> duration = new TreeMap<>();
        // newest first: the first outcome seen for a database and date is the latest run's
        for (RunSummary run : catalog.recentRuns(LIMIT)) {
            if (run.kind() != RunKind.NIGHTLY) {
                continue;
            }
            for (DatabaseOutcome d : run.databases()) {
                if (d.status() == RunStatus.OK && d.duration() != null) {
                    duration.computeIfAbsent(d.database(), k -> new TreeMap<>())
                            .putIfAbsent(run.runDate(), d.duration().toMillis() / 1000.0);
                }
            }
        }
        return new LoadedSeries(series(size), series(duration));
    }

    private static List<SeriesData> series(Map<String, TreeMap<LocalDate, Double>> byDatabase) {
        return byDatabase.entrySet().stream().map(e -> new SeriesData(e.getKey(), e.getValue().entrySet().stream()
                .map(p -> new SeriesData.Point(p.getKey(), p.getValue())).toList())).toList();
    }

    private void show() {
        String db = database.get();
        boolean all = db == null || ALL_DATABASES.equals(db);
        sizes.setAll(loaded.sizes().stream().filter(s -> all || s.database().equals(db)).toList());
        durations.setAll(loaded.durations().stream().filter(s -> all || s.database().equals(db)).toList());
        LocalDate first = sizes.stream().flatMap(s -> s.points().stream()).map(SeriesData.Point::date)
                .min(Comparator.naturalOrder()).orElse(null);
        LocalDate last = sizes.stream().flatMap(s -> s.points().stream()).map(SeriesData.Point::date)
                .max(Comparator.naturalOrder()).orElse(null);
        summary.set(first == null ? "No backups yet"
                : sizes.size() + (sizes.size() == 1 ? " database, " : " databases, ") + first + " to " + last);
    }

    public ObservableList<String> databaseChoices() {
        return databaseChoices;
    }

    public ObjectProperty<String> databaseProperty() {
        return database;
    }

    /** Stored size in bytes per database by date. */
    public ObservableList<SeriesData> sizes() {
        return sizesView;
    }

    /** Backup duration in seconds per database by date. */
    public ObservableList<SeriesData> durations() {
        return durationsView;
    }

    /** "3 databases, 2026-11-25 to 2026-11-28", "No backups yet", or why the catalog could not be read. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }
}
