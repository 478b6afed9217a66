package dev.grove.patina.ui.settings;

import atlantafx.base.theme.Styles;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.ui.settings.AlertsEditorViewModel.AlertsField;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

/** "Edit alerts": binds to an {@link AlertsEditorViewModel}; Save stays open until it saved. */
final class AlertsDialog extends Dialog<Void> {
    static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
    private static final double KEY_WIDTH = 130;

    AlertsDialog(Window owner, AlertsEditorViewModel model) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Edit alerts");
        setHeaderText("Where run reports go");
        setResizable(true);

        ToggleGroup choice = new ToggleGroup();
        RadioButton webhook = new RadioButton("Webhook");
        webhook.setId("alertsWebhook");
        webhook.setToggleGroup(choice);
        RadioButton off = new RadioButton("No alerts");
        off.setId("alertsOff");
        off.setToggleGroup(choice);
        choice.selectToggle(model.enabledProperty().get() ? webhook : off);
        choice.selectedToggleProperty().addListener((o, was, is) -> {
            if (is != null) {
                model.enabledProperty().set(is == webhook);
            }
        });
        HBox choiceBox = new HBox(18, webhook, off);
        choiceBox.setAlignment(Pos.CENTER_LEFT);
        GridPane choiceGrid = Forms.grid(KEY_WIDTH, 10);
        Forms.row(choiceGrid, 0, "Alerts", "alertsChoice", choiceBox, null, null);

        GridPane fields = Forms.grid(KEY_WIDTH, 10);
        int row = Forms.field(fields, 0, "Webhook URL", "alertWebhookUrl", model.webhookUrlProperty(), 0,
                model.errorProperty(AlertsField.WEBHOOK_URL), DatabaseDialog.constant("Where the URL is, never the URL"
                        + " (it holds a token): env:NAME, file:/path (chmod 600) or keyring:NAME"));
        ComboBox<AlertFormat> format = new ComboBox<>();
        format.setId("alertFormat");
        format.getItems().setAll(AlertFormat.values());
        format.valueProperty().bindBidirectional(model.formatProperty());
        format.setConverter(new StringConverter<>() {
            @Override
            public String toString(AlertFormat f) {
                return f == null ? "" : label(f);
            }

            @Override
            public AlertFormat fromString(String text) {
                return null;
            }
        });
        row = Forms.row(fields, row, "Format", "alertFormat", format, null, Bindings.createStringBinding(
                () -> hint(model.formatProperty().get()), model.formatProperty()));
        CheckBox onSuccess = new CheckBox("Report successful runs too (failures are always reported)");
        onSuccess.setId("alertOnSuccess");
        onSuccess.setWrapText(true);
        onSuccess.selectedProperty().bindBidirectional(model.onSuccessProperty());
        Forms.row(fields, row, "Runs", "alertRuns", onSuccess, null, null);

        Label none = new Label("Patina sends no alerts. Save removes the webhook from patina.toml.");
        none.setId("alertsOffNote");
        none.setWrapText(true);
        none.setPadding(new Insets(0, 0, 0, KEY_WIDTH + 14));

        showWhen(fields, model.enabledProperty());
        showWhen(none, model.enabledProperty().not());

        Button test = new Button("Send test alert");
        test.setId("alertSendTest");
        test.disableProperty().bind(model.busyProperty().or(model.enabledProperty().not()));
        test.setOnAction(e -> model.sendTestAlert());
        test.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label status = Forms.result("alertStatus", model.statusProperty(), model.statusOkProperty());
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox testBox = new HBox(12, test, status);
        testBox.setAlignment(Pos.CENTER_LEFT);

        Label restart = new Label("Patina uses new alerts after a restart; until then run reports go where they"
                + " went when it started.");
        restart.setWrapText(true);
        restart.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        VBox content = new VBox(12, choiceGrid, fields, none, testBox, restart);
        Forms.finishDialog(this, content, "alertsDialog", "alertSave", SAVE, model, model::save);
    }

    static String label(AlertFormat f) {
        return switch (f) {
            case SLACK -> "Slack";
            case DISCORD -> "Discord";
            case GENERIC -> "Generic JSON";
        };
    }

    private static String hint(AlertFormat f) {
        if (f == null) {
            return "";
        }
        return switch (f) {
            case SLACK -> "A Slack incoming webhook: {\"text\": …}";
            case DISCORD -> "A Discord channel webhook: {\"content\": …}, at most 2000 characters";
            case GENERIC -> "A JSON document with the run and each database's result, for any receiver";
        };
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
