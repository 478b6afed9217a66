package dev.grove.patina.ui.backups;

import dev.grove.patina.backup.SchemaCompareService;
import dev.grove.patina.schema.SchemaChange;
import dev.grove.patina.schema.SchemaComparison;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Two daily backups of one database compared side by side: the summary line and one row per change, each with what
 * the older and the newer backup hold. The comparison runs off the FX thread (it may download two dumps when their
 * schemas were not recorded); {@link #busyProperty()} says so meanwhile.
 */
public final class SchemaCompareViewModel {
    /** One change, side by side: the older backup's side (dropped, changed) and the newer one's (added, changed). */
    public record ChangeRow(String kind, String objectType, String object, String older, String newer) {
        static ChangeRow of(SchemaChange c) {
            String kind = c.kind().name().toLowerCase(Locale.ROOT);
            return switch (c.kind()) {
                case ADDED -> new ChangeRow(kind, c.objectType(), c.object(), "", c.text());
                case DROPPED -> new ChangeRow(kind, c.objectType(), c.object(), c.text(), "");
                case CHANGED, ROWS -> {
                    // "index invoice_big WHERE Total > 10 → Total > 20": before the arrow on the left, after it right
                    int arrow = c.text().lastIndexOf(" → ");
                    yield arrow < 0 ? new ChangeRow(kind, c.objectType(), c.object(), c.text(), c.text())
                            : new ChangeRow(kind, c.objectType(), c.object(), c.text().substring(0, arrow),
                            c.text().substring(arrow + 3));
                }
            };
        }

        /** The style class of the row: added, dropped, changed or rows. */
        public String styleClass() {
            return "change-" + kind;
        }
    }

    private final SchemaCompareService compare;
    private final UiExecutor executor;
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty schemaChanged = new SimpleBooleanProperty();
    private final ObservableList<ChangeRow> rows = FXCollections.observableArrayList();
    private final StringProperty olderLabel = new SimpleStringProperty("");
    private final StringProperty newerLabel = new SimpleStringProperty("");

    public SchemaCompareViewModel(SchemaCompareService compare, UiExecutor executor) {
        this.compare = compare;
        this.executor = executor;
    }

    /** Whether the two rows can be compared: two dailies of one database, both still stored, on different days. */
    public static String unavailable(List<BackupRow> selected) {
        if (selected.size() != 2) {
            return "Select two daily backups of one database (Ctrl/⌘-click) to compare their schemas";
        }
        BackupRow a = selected.get(0);
        BackupRow b = selected.get(1);
        if (!a.daily() || !b.daily()) {
            return "Schemas are compared between daily backups, not weekly archives";
        }
        if (!a.database().equals(b.database())) {
            return "The two backups are of different databases (" + a.database() + ", " + b.database() + ")";
        }
        if (a.deleted() || b.deleted()) {
            return "One of the two backups was deleted from the store";
        }
        if (a.date().equals(b.date())) {
            return "The two rows are the same day's backup";
        }
        return null;
    }

    /** Compares the older of the two rows' backups with the newer one. */
    public void compare(BackupRow first, BackupRow second) {
        BackupRow older = first.date().isBefore(second.date()) ? first : second;
        BackupRow newer = older == first ? second : first;
        String database = older.database();
        LocalDate from = older.date();
        LocalDate to = newer.date();
        title.set(database + ": " + from + " → " + to);
        olderLabel.set(from.toString());
        newerLabel.set(to.toString());
        rows.clear();
        error.set("");
        summary.set("Comparing the schemas of " + database + " on " + from + " and " + to + "…");
        busy.set(true);
        executor.executeInBackground(() -> compare.between(database, from, to), (SchemaComparison c) -> {
            busy.set(false);
            schemaChanged.set(c.schemaChanged());
            summary.set(c.summary());
            rows.setAll(c.changes().stream().map(ChangeRow::of).toList());
        }, e -> {
            busy.set(false);
            summary.set("");
            error.set("Cannot compare " + database + " " + from + " with " + to + ": " + Messages.of(e));
        });
    }

    public ReadOnlyStringProperty titleProperty() {
        return title;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** Whether the schema differs (row counts aside), once compared. */
    public ReadOnlyBooleanProperty schemaChangedProperty() {
        return schemaChanged;
    }

    public ObservableList<ChangeRow> rows() {
        return rows;
    }

    public ReadOnlyStringProperty olderLabelProperty() {
        return olderLabel;
    }

    public ReadOnlyStringProperty newerLabelProperty() {
        return newerLabel;
    }
}
