package dev.grove.patina.ui.backups;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/**
 * The Backups table's "Test restore" cell: the badge of the row's newest test restore in words ("✔ proven …,
 * 6 checks", "✘ checks failed: …" — text, not colour alone); a failed one also takes the danger colour. The whole
 * text is the cell's tooltip (the column may cut it). Empty for an object never test-restored.
 */
final class ProofCell extends TableCell<BackupRow, BackupRow> {
    @Override
    protected void updateItem(BackupRow item, boolean empty) {
        super.updateItem(item, empty);
        boolean none = empty || item == null || item.proof().isEmpty();
        setText(none ? null : item.proof());
        setTooltip(none ? null : new Tooltip(item.proof()));
        setStyle(!none && item.proofFailed() ? "-fx-text-fill: -color-danger-fg;" : null);
        getStyleClass().remove("proof-failed");
        if (!none && item.proofFailed()) {
            getStyleClass().add("proof-failed");
        }
    }
}
