package dev.grove.patina.ui.settings;

import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;

/**
 * What the settings dialogs' view models (database, storage, alerts) share: one inline error per field, the answer
 * of "Test connection" or of a save, a busy flag while either runs in the background, and "valid" when no field
 * shows an error. The fields themselves and their rules are each editor's own.
 *
 * @param <F> the editor's fields
 */
public abstract class EditorViewModel<F extends Enum<F>> {
    protected final Map<F, StringProperty> errors;
    protected final StringProperty status = new SimpleStringProperty("");
    protected final BooleanProperty statusOk = new SimpleBooleanProperty();
    protected final BooleanProperty busy = new SimpleBooleanProperty();
    protected final BooleanBinding valid;

    protected EditorViewModel(Class<F> fields) {
        errors = new EnumMap<>(fields);
        for (F f : fields.getEnumConstants()) {
            errors.put(f, new SimpleStringProperty(""));
        }
        valid = Bindings.createBooleanBinding(() -> errors.values().stream().allMatch(e -> e.get().isEmpty()),
                errors.values().toArray(new StringProperty[0]));
    }

    /** The inline error under {@code field}; empty when it is fine. */
    public final ReadOnlyStringProperty errorProperty(F field) {
        return errors.get(field);
    }

    /** The answer of "Test connection", or what a save did or why it did not save. */
    public final ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public final ReadOnlyBooleanProperty statusOkProperty() {
        return statusOk;
    }

    /** True while a test or a save runs (the dialog locks its fields meanwhile). */
    public final ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** True when no field shows an error. */
    public final ObservableBooleanValue validProperty() {
        return valid;
    }

    /**
     * Starts a background save: false (and nothing happens) while one runs or a field shows an error; else busy,
     * with {@code what} ("Saving…") as the status.
     */
    protected final boolean beginSave(String what) {
        if (busy.get() || !valid.get()) {
            return false;
        }
        busy.set(true);
        statusOk.set(false);
        status.set(what);
        return true;
    }

    /** Shows each problem under its field. */
    protected final void show(Map<F, String> problems) {
        problems.forEach((field, problem) -> errors.get(field).set(problem));
    }
}
