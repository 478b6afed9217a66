package dev.grove.patina.ui.settings;

import atlantafx.base.theme.Styles;
import dev.grove.patina.ui.settings.StorageEditorViewModel.StorageField;
import dev.grove.patina.ui.settings.StorageEditorViewModel.StorageKind;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** "Edit storage": binds to a {@link StorageEditorViewModel}; Save stays open until it saved. */
final class StorageDialog extends Dialog<Void> {
    static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
    private static final double KEY_WIDTH = 150;

    StorageDialog(Window owner, StorageEditorViewModel model) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Edit storage");
        setHeaderText("Where backups go");
        setResizable(true);

        ToggleGroup kinds = new ToggleGroup();
        HBox kindBox = new HBox(18);
        kindBox.setAlignment(Pos.CENTER_LEFT);
        for (StorageKind k : StorageKind.values()) {
            RadioButton b = new RadioButton(k.toString());
            b.setId("storeKind" + k.name());
            b.setUserData(k);
            b.setToggleGroup(kinds);
            kindBox.getChildren().add(b);
            if (model.kindProperty().get() == k) {
                kinds.selectToggle(b);
            }
        }
        kinds.selectedToggleProperty().addListener((o, was, is) -> {
            if (is != null) {
                model.kindProperty().set((StorageKind) is.getUserData());
            }
        });
        GridPane kindGrid = Forms.grid(KEY_WIDTH, 10);
        Forms.row(kindGrid, 0, "Type", "storeKind", kindBox, null, null);

        GridPane local = Forms.grid(KEY_WIDTH, 10);
        Forms.field(local, 0, "Folder", "storePath", model.pathProperty(), 0, model.errorProperty(StorageField.PATH),
                DatabaseDialog.constant("A folder on this machine or a mounted share; created when missing"));

        GridPane r2 = Forms.grid(KEY_WIDTH, 10);
        Forms.field(r2, 0, "Account id", "storeAccountId", model.accountIdProperty(), 0,
                model.errorProperty(StorageField.ACCOUNT_ID), Bindings.createStringBinding(
                        () -> "Endpoint " + model.effectiveEndpoint() + ", region auto", model.accountIdProperty(),
                        model.kindProperty()));

        GridPane s3 = Forms.grid(KEY_WIDTH, 10);
        int row = Forms.field(s3, 0, "Endpoint", "storeEndpoint", model.endpointProperty(), 0,
                model.errorProperty(StorageField.ENDPOINT), null);
        Forms.field(s3, row, "Region", "storeRegion", model.regionProperty(), 160,
                model.errorProperty(StorageField.REGION), null);

        GridPane bucket = Forms.grid(KEY_WIDTH, 10);
        row = Forms.field(bucket, 0, "Bucket", "storeBucket", model.bucketProperty(), 0,
                model.errorProperty(StorageField.BUCKET), null);
        row = Forms.field(bucket, row, "Access key id", "storeAccessKeyId", model.accessKeyIdProperty(), 0,
                model.errorProperty(StorageField.ACCESS_KEY_ID), null);
        Forms.field(bucket, row, "Secret access key", "storeSecretKey", model.secretKeyProperty(), 0,
                model.errorProperty(StorageField.SECRET_KEY), DatabaseDialog.constant(
                        "A reference, never the key: env:NAME, file:/path (chmod 600) or keyring:NAME"));

        GridPane prefix = Forms.grid(KEY_WIDTH, 10);
        Forms.field(prefix, 0, "Key prefix", "storePrefix", model.prefixProperty(), 260, null,
                DatabaseDialog.constant("Optional: Patina's objects go under it"));

        showWhen(local, model.kindProperty().isEqualTo(StorageKind.LOCAL));
        showWhen(r2, model.kindProperty().isEqualTo(StorageKind.R2));
        showWhen(s3, model.kindProperty().isEqualTo(StorageKind.S3));
        showWhen(bucket, model.kindProperty().isNotEqualTo(StorageKind.LOCAL));

        Button test = new Button("Test connection");
        test.setId("storeTestConnection");
        test.disableProperty().bind(model.busyProperty());
        test.setOnAction(e -> model.testConnection());
        Label status = Forms.result("storeStatus", model.statusProperty(), model.statusOkProperty());
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox testBox = new HBox(12, test, status);
        testBox.setAlignment(Pos.CENTER_LEFT);

        Label restart = new Label("Patina uses a new store after a restart; backups already made stay where they"
                + " are.");
        restart.setWrapText(true);
        restart.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        VBox content = new VBox(12, kindGrid, local, r2, s3, bucket, prefix, testBox, restart);
        Forms.finishDialog(this, content, "storageDialog", "storeSave", SAVE, model, model::save);
    }

    private static void showWhen(Node node, ObservableBooleanValue shown) {
        node.visibleProperty().bind(shown);
        node.managedProperty().bind(shown);
        node.visibleProperty().addListener((o, was, is) -> {
            if (node.getScene() != null && node.getScene().getWindow() != null) {
                node.getScene().getWindow().sizeToScene();
            }
        });
    }
}
