package dev.grove.patina.ui.settings;

import atlantafx.base.theme.Styles;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The form pieces the Settings tab and its dialogs share: a key column, fields with a hint and an inline error. */
final class Forms {
    private Forms() {
    }

    /** Two columns: keys of {@code keyWidth}, values taking the rest. */
    static GridPane grid(double keyWidth) {
        return grid(keyWidth, 4);
    }

    /** Like {@link #grid(double)} with {@code vgap} between rows (dialogs breathe a little more). */
    static GridPane grid(double keyWidth, double vgap) {
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(vgap);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(keyWidth);
        keys.setPrefWidth(keyWidth);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(keys, values);
        return grid;
    }

    /** A text field bound to {@code text}, {@code width} wide (0: as wide as the column). */
    static TextField textField(String id, StringProperty text, double width) {
        TextField field = new TextField();
        field.setId(id);
        if (width > 0) {
            field.setPrefWidth(width);
            field.setMaxWidth(width);
        } else {
            field.setMaxWidth(Double.MAX_VALUE);
        }
        field.textProperty().bindBidirectional(text);
        return field;
    }

    /**
     * Puts {@code key} and {@code control} in {@code row}, with {@code preview} (muted, may be null) and the inline
     * {@code error} (red, hidden while empty; the field is marked red meanwhile) under the control. Returns the
     * next row.
     */
    static int row(GridPane grid, int row, String key, String id, javafx.scene.Node control,
                   ObservableStringValue error, ObservableStringValue preview) {
        Label k = key(key);
        GridPane.setValignment(k, VPos.TOP);
        k.setPadding(new Insets(5, 0, 0, 0));
        VBox box = new VBox(3, control);
        if (preview != null) {
            Label p = new Label();
            p.setId(id + "Preview");
            p.setWrapText(true);
            p.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            p.textProperty().bind(preview);
            hideWhenEmpty(p);
            box.getChildren().add(p);
        }
        if (error != null) {
            Label e = new Label();
            e.setId(id + "Error");
            e.setWrapText(true);
            e.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
            e.textProperty().bind(error);
            hideWhenEmpty(e);
            box.getChildren().add(e);
            error.addListener((o, was, is) -> control.pseudoClassStateChanged(Styles.STATE_DANGER, !is.isEmpty()));
            control.pseudoClassStateChanged(Styles.STATE_DANGER, !error.get().isEmpty());
        }
        grid.add(k, 0, row);
        grid.add(box, 1, row);
        return row + 1;
    }

    /** A text field row; returns the next row. */
    static int field(GridPane grid, int row, String label, String id, StringProperty text, double width,
                     ObservableStringValue error, ObservableStringValue preview) {
        return row(grid, row, label, id, textField(id, text, width), error, preview);
    }

    static void hideWhenEmpty(Label l) {
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
    }

    static Label key(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** A wrapping label bound to {@code text}, green or red by {@code ok}. */
    static Label result(String id, ObservableStringValue text, javafx.beans.value.ObservableBooleanValue ok) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.setMaxWidth(Double.MAX_VALUE);
        if (ok != null) {
            ok.addListener((o, was, is) -> colour(l, is));
            text.addListener((o, was, is) -> colour(l, ok.get()));
        }
        return l;
    }

    /** Green when ok, red when not; no colour while work runs ("Testing…") or when there is nothing to say. */
    static void colour(Label l, boolean ok) {
        l.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        String text = l.getText() == null ? "" : l.getText();
        if (!text.isEmpty() && !text.endsWith("…")) {
            l.getStyleClass().add(ok ? Styles.SUCCESS : Styles.DANGER);
        }
    }

    /**
     * Finishes an editor dialog the same way for every editor: {@code content} padded and locked while the model
     * tests or saves in the background (what is checked is what is saved), Save (accent, enabled only when every
     * field is valid and nothing runs) and Cancel. Save keeps the dialog open: {@code save} gets the action that
     * closes it once the save succeeded; problems show under their fields.
     */
    static void finishDialog(javafx.scene.control.Dialog<?> dialog, javafx.scene.layout.Region content,
                             String paneId, String saveId, javafx.scene.control.ButtonType saveType,
                             EditorViewModel<?> model, java.util.function.Consumer<Runnable> save) {
        content.setPadding(new javafx.geometry.Insets(8, 14, 0, 14));
        content.disableProperty().bind(model.busyProperty());
        javafx.scene.control.DialogPane pane = dialog.getDialogPane();
        pane.setContent(content);
        pane.setMinWidth(780);
        pane.setPrefWidth(780);
        pane.setId(paneId);
        pane.getButtonTypes().setAll(saveType, javafx.scene.control.ButtonType.CANCEL);
        javafx.scene.control.Button button = (javafx.scene.control.Button) pane.lookupButton(saveType);
        button.setId(saveId);
        button.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        button.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.busyProperty().get() || !model.validProperty().get(), model.busyProperty(),
                model.validProperty()));
        button.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            save.accept(dialog::close);
        });
        dialog.setResultConverter(b -> null);
    }
}
