package dev.grove.patina.ui.restore;

import atlantafx.base.theme.Styles;
import dev.grove.patina.catalog.StoredObject;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.Button;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.BooleanProperty;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.controlsfx.dialog.Wizard;
import org.controlsfx.dialog.WizardPane;

/**
 * The restore wizard's pages (ControlsFX {@link Wizard}), all bound to one {@link RestoreWizardViewModel}: backup,
 * target, tables, plan, run, result. Each page's Next/Finish is enabled by the model's validity for that page;
 * closing or cancelling the wizard cancels the model, which leaves nothing behind.
 */
public final class RestoreWizard {
    private final RestoreWizardViewModel model;
    private final Wizard wizard;

    public RestoreWizard(Window owner, RestoreWizardViewModel model) {
        this.model = model;
        this.wizard = new Wizard(owner, "Restore a backup");
        wizard.setFlow(new Wizard.LinearFlow(
                page("Choose a backup", backupPage(), model.backupValidProperty()),
                page("Where to", targetPage(), model.targetValidProperty()),
                page("Tables", optionsPage(), model.optionsValidProperty()),
                planPage(),
                runPage(),
                page("Result", resultPage(), new SimpleBooleanProperty(true))));
    }

    /** Shows the wizard and waits; cancels the model unless it was finished. */
    public Optional<ButtonType> showAndWait() {
        Optional<ButtonType> result = wizard.showAndWait();
        if (model.stateProperty().get() != RestoreWizardViewModel.RunState.SUCCEEDED) {
            model.cancel();
        }
        return result;
    }

    private WizardPane page(String header, Node content, ObservableBooleanValue valid) {
        WizardPane pane = new WizardPane() {
            @Override
            public void onEnteringPage(Wizard w) {
                w.invalidProperty().unbind();
                w.invalidProperty().bind(Bindings.not(valid));
            }
        };
        pane.setHeaderText(header);
        pane.setContent(content);
        pane.setPrefSize(720, 460);
        return pane;
    }

    private Node backupPage() {
        ListView<StoredObject> list = new ListView<>(model.backups());
        list.setId("backupList");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(StoredObject item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : RestoreWizardViewModel.label(item));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
            if (is != null) {
                model.backupProperty().set(is);
            }
        });
        model.backupProperty().addListener((o, was, is) -> list.getSelectionModel().select(is));
        list.getSelectionModel().select(model.backupProperty().get());
        Label details = new Label();
        details.setId("backupDetails");
        details.setWrapText(true);
        details.textProperty().bind(Bindings.createStringBinding(() -> {
            StoredObject b = model.backupProperty().get();
            return b == null ? "Choose a daily backup." : b.key() + "\nSHA-256 " + b.sha256()
                    + (b.verifiedAt() == null ? "\nNot verified yet" : "\nVerified " + b.verifiedAt());
        }, model.backupProperty()));
        return box(list, details);
    }

    private Node targetPage() {
        ChoiceBox<TargetMode> mode = new ChoiceBox<>();
        mode.getItems().setAll(TargetMode.values());
        mode.setId("targetMode");
        mode.valueProperty().bindBidirectional(model.modeProperty());
        Label path = new Label();
        path.setId("targetPath");
        path.textProperty().bind(Bindings.createStringBinding(() -> model.targetProperty().get() == null
                ? "(no file chosen)" : model.targetProperty().get().toString(), model.targetProperty()));
        Button choose = new Button("Choose file…");
        choose.setId("chooseTarget");
        choose.setOnAction(e -> model.chooseTarget());
        CheckBox confirm = new CheckBox("Yes, replace the existing file (the old one is kept as .bak)");
        confirm.setId("confirmOverwrite");
        confirm.selectedProperty().bindBidirectional(model.overwriteConfirmedProperty());
        Label problem = new Label();
        problem.setId("targetProblem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.textProperty().bind(model.targetProblemProperty());
        HBox file = new HBox(8, choose, path);
        return box(mode, file, confirm, problem);
    }

    private Node optionsPage() {
        CheckBox all = new CheckBox("All tables");
        all.setId("allTables");
        all.selectedProperty().bindBidirectional(model.allTablesProperty());
        ListView<String> tables = new ListView<>(model.tables());
        tables.setId("tableList");
        tables.disableProperty().bind(model.allTablesProperty());
        tables.setCellFactory(CheckBoxListCell.forListView(name -> {
            BooleanProperty on = new SimpleBooleanProperty(model.selectedTables().contains(name));
            on.addListener((o, was, is) -> {
                if (is) {
                    model.selectedTables().add(name);
                } else {
                    model.selectedTables().remove(name);
                }
            });
            return on;
        }));
        CheckBox skip = new CheckBox("Skip d1_migrations");
        skip.setId("skipMigrations");
        skip.selectedProperty().bindBidirectional(model.skipMigrationsProperty());
        return box(all, tables, skip);
    }

    private WizardPane planPage() {
        Label plan = new Label();
        plan.setId("planText");
        plan.setWrapText(true);
        plan.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label warnings = new Label();
        warnings.setId("planWarnings");
        warnings.setWrapText(true);
        warnings.getStyleClass().add(Styles.WARNING);
        WizardPane pane = new WizardPane() {
            @Override
            public void onEnteringPage(Wizard w) {
                w.invalidProperty().unbind();
                w.invalidProperty().set(false);
                model.recheckTarget();
                plan.setText(model.planText());
                warnings.setText(model.warnings().isEmpty() ? "No warnings."
                        : "⚠ " + String.join("\n⚠ ", model.warnings()));
            }
        };
        pane.setHeaderText("The plan");
        pane.setContent(box(plan, warnings));
        pane.setPrefSize(720, 460);
        return pane;
    }

    private WizardPane runPage() {
        ProgressBar bar = new ProgressBar();
        bar.setId("runProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.progressProperty());
        Label status = new Label();
        status.setId("runStatus");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        WizardPane pane = new WizardPane() {
            @Override
            public void onEnteringPage(Wizard w) {
                w.invalidProperty().unbind();
                w.invalidProperty().bind(model.stateProperty().isNotEqualTo(RestoreWizardViewModel.RunState.SUCCEEDED));
                if (model.stateProperty().get() != RestoreWizardViewModel.RunState.SUCCEEDED) {
                    model.run();
                }
            }
        };
        pane.setHeaderText("Running");
        pane.setContent(box(bar, status));
        pane.setPrefSize(720, 460);
        return pane;
    }

    private Node resultPage() {
        Label result = new Label();
        result.setId("resultText");
        result.setWrapText(true);
        result.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        result.textProperty().bind(model.resultTextProperty());
        TextArea guide = new TextArea();
        guide.setId("restoreGuide");
        guide.setEditable(false);
        guide.setWrapText(true);
        model.resultTextProperty().addListener((o, was, is) -> guide.setText(model.guide()));
        return box(result, new Label("Restore guide"), guide);
    }

    private static VBox box(Node... nodes) {
        VBox box = new VBox(10, nodes);
        box.setPadding(new Insets(8, 4, 4, 4));
        return box;
    }

    /** The file a finished run wrote, if any. */
    public Optional<Path> resultFile() {
        return Optional.ofNullable(model.resultFileProperty().get());
    }
}
