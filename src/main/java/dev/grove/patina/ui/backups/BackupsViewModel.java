package dev.grove.patina.ui.backups;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Backups tab: the objects in the store (as the catalog records them), newest first, filtered by database,
 * kind and key text. Every change of a filter queries the catalog again in the background; only the answer to the
 * latest query is shown, however the answers arrive.
 */
public final class BackupsViewModel {
    /** The database choice that filters nothing. */
    public static final String ALL_DATABASES = "All databases";
    /** The most rows the table holds; the summary says when more match. */
    static final int PAGE = 1_000;

    private final PatinaRuntime runtime;
    private final UiExecutor executor;
    private final ObservableList<String> databaseChoices = FXCollections.observableArrayList();
    private final ObjectProperty<String> database = new SimpleObjectProperty<>(ALL_DATABASES);
    private final ObjectProperty<KindFilter> kind = new SimpleObjectProperty<>(KindFilter.ALL);
    private final StringProperty text = new SimpleStringProperty("");
    private final ObservableList<BackupRow> rows = FXCollections.observableArrayList();
    private final ObservableList<BackupRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final StringProperty summary = new SimpleStringProperty("");
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private long generation;

    public BackupsViewModel(PatinaRuntime runtime, UiExecutor executor) {
        this.runtime = runtime;
        this.executor = executor;
        List<String> choices = new ArrayList<>();
        choices.add(ALL_DATABASES);
        choices.addAll(runtime.backups().databaseNames());
        databaseChoices.setAll(choices);
        database.addListener((o, was, is) -> search());
        kind.addListener((o, was, is) -> search());
        text.addListener((o, was, is) -> search());
    }

    /** Queries the catalog with the current filters, in the background. */
    public void search() {
        long mine = ++generation;
        ObjectQuery query = query();
        ZoneId zone = runtime.config().schedule().timezone();
        loading.set(true);
        executor.executeInBackground(() -> runtime.catalog().findObjects(query), page -> {
            if (mine == generation) {
                show(page, zone);
            }
        }, e -> {
            if (mine == generation) {
                loading.set(false);
                rows.clear();
                summary.set("Cannot read the catalog: " + Messages.of(e));
            }
        });
    }

    ObjectQuery query() {
        ObjectQuery q = ObjectQuery.firstPage(PAGE).withStatus(ObjectStatus.PRESENT)
                .withKind(kind.get() == null ? null : kind.get().kind()).withText(text.get());
        String db = database.get();
        return db == null || ALL_DATABASES.equals(db) ? q : q.withDatabase(db);
    }

    private void show(Page<StoredObject> page, ZoneId zone) {
        loading.set(false);
        rows.setAll(page.items().stream().map(o -> BackupRow.of(o, zone)).toList());
        String noun = page.total() == 1 ? "backup" : "backups";
        summary.set(page.hasNext()
                ? String.format(Locale.ROOT, "Showing the newest %,d of %,d %s", rows.size(), page.total(), noun)
                : String.format(Locale.ROOT, "%,d %s", page.total(), noun));
    }

    public ObservableList<String> databaseChoices() {
        return databaseChoices;
    }

    public ObjectProperty<String> databaseProperty() {
        return database;
    }

    public ObjectProperty<KindFilter> kindProperty() {
        return kind;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ObservableList<BackupRow> rows() {
        return rowsView;
    }

    /** "6 backups", or how many of how many are shown, or why none could be read. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }
}
