package dev.grove.patina.ui.common;

import java.util.function.Function;
import javafx.geometry.Pos;
import javafx.scene.control.TableCell;

/** Table cells shared by the console's tables. */
public final class TableCells {
    private TableCells() {
    }

    /** A right-aligned cell for numbers (sizes, row counts, durations), shown through {@code format}. */
    public static <R> TableCell<R, Long> rightAligned(Function<Long, String> format) {
        TableCell<R, Long> cell = new TableCell<>() {
            @Override
            protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        };
        cell.setAlignment(Pos.CENTER_RIGHT);
        return cell;
    }
}
