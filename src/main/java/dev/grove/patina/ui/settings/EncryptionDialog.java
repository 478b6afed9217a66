package dev.grove.patina.ui.settings;

import atlantafx.base.theme.Styles;
import dev.grove.patina.crypt.X25519Recipient;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * "Encryption": binds to an {@link EncryptionEditorViewModel}. Shows the recipients (each with Remove) and the identity,
 * generates a key pair (its public key selectable, with Copy), turns encryption off, exports the identity (or says
 * why not) and tests decrypting the newest encrypted daily. Every change asks first. Never shows a secret key.
 */
final class EncryptionDialog extends Dialog<Void> {
    static final String WARNING = "Without the identity file (or a copy of it) the backups encrypted to its key cannot"
            + " be restored — by you, by Patina, by anyone. Keep a copy offline (a USB stick in a drawer, a password"
            + " manager), away from this machine.";
    static final String NEW_OBJECTS_ONLY = "Turning encryption on or off, or changing the keys, affects new backups"
            + " only: backups already stored stay as they are, encrypted or not, and open as before. Patina uses"
            + " saved changes after a restart; patina rekey re-encrypts stored backups to the current keys.";
    private static final double KEY_WIDTH = 130;

    EncryptionDialog(Window owner, EncryptionEditorViewModel model) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Encryption");
        setHeaderText("Backups encrypted in the age format, on this machine, before upload");
        setResizable(true);

        VBox rows = new VBox();
        rows.setId("encryptionRows");
        rows.getChildren().setAll(grid(model));
        model.rowsProperty().addListener((o, was, is) -> rows.getChildren().setAll(grid(model)));

        Label warning = new Label(WARNING);
        warning.setId("encryptionWarning");
        warning.setWrapText(true);
        warning.getStyleClass().addAll(Styles.WARNING, Styles.TEXT_BOLD);

        Button generate = new Button("Generate key pair…");
        generate.setId("encGenerate");
        generate.disableProperty().bind(model.busyProperty().or(model.canGenerateProperty().not()));
        generate.setOnAction(e -> model.generateKeyPair());
        Button export = new Button("Export identity…");
        export.setId("encExport");
        export.disableProperty().bind(model.busyProperty().or(model.canExportProperty().not()));
        export.setOnAction(e -> model.exportIdentity());
        export.setTooltip(new Tooltip(model.exportHintProperty().get()));
        model.exportHintProperty().addListener((o, was, is) -> export.getTooltip().setText(is));
        Button off = new Button("Turn encryption off…");
        off.setId("encTurnOff");
        off.disableProperty().bind(model.busyProperty());
        off.visibleProperty().bind(model.encryptsProperty());
        off.managedProperty().bind(off.visibleProperty());
        off.setOnAction(e -> confirm("turnOffConfirm", "Turn encryption off", "Store new backups unencrypted?",
                model.turnOffQuestion(), "Turn encryption off", model::turnEncryptionOff));
        HBox keyButtons = new HBox(8, generate, export, off);
        keyButtons.setAlignment(Pos.CENTER_LEFT);
        Label exportHint = new Label();
        exportHint.setId("encExportHint");
        exportHint.setWrapText(true);
        exportHint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        exportHint.textProperty().bind(model.exportHintProperty());
        Label status = Forms.result("encStatus", model.statusProperty(), model.statusOkProperty());
        Forms.hideWhenEmpty(status);

        TextField publicKey = new TextField();
        publicKey.setId("encPublicKey");
        publicKey.setEditable(false);
        publicKey.textProperty().bind(model.publicKeyProperty());
        HBox.setHgrow(publicKey, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setId("encCopyKey");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.publicKeyProperty().get());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        Button add = new Button("Add to recipients");
        add.setId("encAddRecipient");
        add.getStyleClass().add(Styles.ACCENT);
        add.disableProperty().bind(model.busyProperty());
        add.setOnAction(e -> confirmAdd(model));
        for (Button b : List.of(generate, export, off, copy, add)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox keyLine = new HBox(8, publicKey, copy, add);
        keyLine.setAlignment(Pos.CENTER_LEFT);
        Label keyHint = new Label("The public key (safe to share): new backups encrypted to it open only with the"
                + " identity file just written.");
        keyHint.setWrapText(true);
        keyHint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox generated = new VBox(4, keyLine, keyHint);
        generated.setId("encGenerated");
        generated.visibleProperty().bind(model.publicKeyProperty().isNotEmpty());
        generated.managedProperty().bind(generated.visibleProperty());

        Button test = new Button("Test decrypt latest");
        test.setId("encTestDecrypt");
        test.setMinWidth(Region.USE_PREF_SIZE);
        test.disableProperty().bind(model.testingProperty());
        test.setOnAction(e -> model.testDecryptLatest());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("encTesting");
        progress.setPrefSize(22, 22);
        progress.visibleProperty().bind(model.testingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Label result = Forms.result("encTestResult", model.testResultProperty(), model.testOkProperty());
        HBox.setHgrow(result, Priority.ALWAYS);
        HBox testLine = new HBox(10, test, progress, result);
        testLine.setAlignment(Pos.CENTER_LEFT);
        Label testHint = new Label("Opens the newest encrypted daily with the identity Patina started with and"
                + " restores it into a temporary file, as patina verify --decrypt does.");
        testHint.setWrapText(true);
        testHint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        Label newOnly = new Label(NEW_OBJECTS_ONLY);
        newOnly.setId("encNewObjectsOnly");
        newOnly.setWrapText(true);
        newOnly.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        for (Label l : List.of(warning, exportHint, status, keyHint, result, testHint, newOnly)) {
            l.setMinHeight(Region.USE_PREF_SIZE); // wrapped text takes the lines it needs, never "…"
        }
        VBox keys = new VBox(4, keyButtons, exportHint);
        VBox content = new VBox(12, rows, warning, keys, generated, status, testLine, testHint, newOnly);
        content.setPadding(new javafx.geometry.Insets(8, 14, 0, 14));
        DialogPane pane = getDialogPane();
        pane.setContent(content);
        pane.setMinWidth(820);
        pane.setPrefWidth(820);
        pane.setId("encryptionDialog");
        pane.getButtonTypes().setAll(new ButtonType("Close", ButtonBar.ButtonData.CANCEL_CLOSE));
        for (javafx.beans.value.ObservableValue<?> grows : List.of(model.publicKeyProperty(), model.statusProperty(),
                model.testResultProperty(), model.rowsProperty())) {
            grows.addListener((o, was, is) -> {
                if (pane.getScene() != null && pane.getScene().getWindow() != null) {
                    pane.getScene().getWindow().sizeToScene();
                }
            });
        }
        setResultConverter(b -> null);
    }

    private void confirmAdd(EncryptionEditorViewModel model) {
        confirm("addRecipientConfirm", "Add to recipients", "Encrypt new backups to this key?",
                model.addQuestion() + "\n\n" + WARNING, "Add", model::addGeneratedToRecipients);
    }

    /** "Remove" on a recipient: asks to remove it, or — the last one while encryption is on — to turn it off. */
    private void confirmRemove(EncryptionEditorViewModel model, X25519Recipient r) {
        if (model.isLastRecipient(r)) {
            confirm("lastRecipientConfirm", "Remove the last key", "This is the only key new backups are encrypted to",
                    model.removeQuestion(r), "Turn encryption off", model::turnEncryptionOff);
        } else {
            confirm("removeRecipientConfirm", "Remove a public key", "Stop encrypting new backups to this key?",
                    model.removeQuestion(r), "Remove", () -> model.removeRecipient(r));
        }
    }

    /** Asks {@code question}; runs {@code then} when the operator answers {@code yes}. */
    private void confirm(String id, String title, String header, String question, String yes, Runnable then) {
        ButtonType ok = new ButtonType(yes, ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, question, ok, ButtonType.CANCEL);
        confirm.initOwner(getDialogPane().getScene().getWindow());
        confirm.setTitle(title);
        confirm.setHeaderText(header);
        confirm.getDialogPane().setId(id);
        confirm.getDialogPane().setMinWidth(600);
        if (confirm.showAndWait().filter(b -> b == ok).isPresent()) {
            then.run();
        }
    }

    /** The summary rows, with the recipients (each with Remove) after the first ("New objects"). */
    private GridPane grid(EncryptionEditorViewModel model) {
        GridPane grid = Forms.grid(KEY_WIDTH);
        List<String[]> rows = model.summaryRowsProperty().get();
        List<X25519Recipient> recipients = model.recipientsProperty().get();
        int row = 0;
        for (int i = 0; i < rows.size(); i++) {
            grid.addRow(row++, Forms.key(rows.get(i)[0]), wrapped(rows.get(i)[1]));
            for (int k = 0; i == 0 && k < recipients.size(); k++) {
                X25519Recipient r = recipients.get(k);
                Label key = wrapped(r.encoded() + "\nfingerprint " + r.fingerprint());
                key.setMaxWidth(Double.MAX_VALUE); // every Remove at the right edge, one below the other
                HBox.setHgrow(key, Priority.ALWAYS);
                Button remove = new Button("Remove");
                remove.setId("encRemove-" + r.fingerprint());
                remove.setMinWidth(Region.USE_PREF_SIZE);
                remove.disableProperty().bind(model.busyProperty());
                remove.setOnAction(e -> confirmRemove(model, r));
                HBox line = new HBox(10, key, remove);
                line.setAlignment(Pos.CENTER_LEFT);
                grid.addRow(row++, Forms.key(k == 0 ? "Recipients" : ""), line);
            }
        }
        return grid;
    }

    private static Label wrapped(String text) {
        Label value = new Label(text);
        value.setWrapText(true);
        return value;
    }
}
