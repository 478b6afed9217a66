package dev.grove.patina.ui.restore;

import atlantafx.base.theme.Styles;
import dev.grove.patina.restore.BackupChoice;
import dev.grove.patina.util.Bytes;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Button;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.BooleanProperty;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
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
        model.close();
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
        size(pane);
        return pane;
    }

    private Node backupPage() {
        ListView<BackupChoice> list = new ListView<>(model.backups());
        list.setId("backupList");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(BackupChoice item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.label());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
            if (is != null) {
                model.backupProperty().set(is);
            }
        });
        model.backupProperty().addListener((o, was, is) -> {
            list.getSelectionModel().select(is);
            if (is != null) {
                list.scrollTo(is);
            }
        });
        list.getSelectionModel().select(model.backupProperty().get());
        Label reading = new Label();
        reading.setId("sourceStatus");
        reading.setWrapText(true);
        reading.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        reading.textProperty().bind(model.sourceStatusProperty());
        reading.managedProperty().bind(reading.textProperty().isNotEmpty());
        reading.visibleProperty().bind(reading.managedProperty());
        Label details = new Label();
        details.setId("backupDetails");
        details.setWrapText(true);
        details.setMinHeight(Region.USE_PREF_SIZE);
        details.textProperty().bind(Bindings.createStringBinding(() -> details(model.backupProperty().get()),
                model.backupProperty()));
        VBox.setVgrow(list, Priority.ALWAYS);
        return box(list, reading, details, chainLabel("backupChain"));
    }

    private static String details(BackupChoice b) {
        if (b == null) {
            return "Choose a daily backup or a member of a weekly archive.";
        }
        String verified = b.verifiedAt() == null ? "Not verified yet" : "Verified " + b.verifiedAt();
        if (!b.weekly()) {
            return b.key() + "\nSHA-256 " + b.sha256() + "\n" + verified;
        }
        return b.key() + " → " + b.member().path() + " (" + Bytes.formatBytes(b.size()) + " of SQL; SHA-256 "
                + "from the manifest)\nSHA-256 " + b.sha256() + "\n" + verified + " (the daily it was archived from, "
                + b.member().sourceKey() + ")";
    }

    private Node targetPage() {
        ChoiceBox<TargetMode> mode = new ChoiceBox<>(model.modes());
        mode.setId("targetMode");
        mode.valueProperty().bindBidirectional(model.modeProperty());
        model.modes().addListener((javafx.collections.ListChangeListener<TargetMode>) c ->
                mode.setValue(model.modeProperty().get()));
        BooleanBinding d1 = model.modeProperty().isEqualTo(TargetMode.D1);

        Label path = new Label();
        path.setId("targetPath");
        path.textProperty().bind(Bindings.createStringBinding(() -> model.targetProperty().get() == null
                ? "(no file chosen)" : model.targetProperty().get().toString(), model.targetProperty()));
        Button choose = new Button("Choose file…");
        choose.setId("chooseTarget");
        choose.setOnAction(e -> model.chooseTarget());
        CheckBox confirm = new CheckBox("Yes, replace the existing file (the old one is kept as .bak, or .bak.1, … — "
                + "never overwritten)");
        confirm.setId("confirmOverwrite");
        confirm.selectedProperty().bindBidirectional(model.overwriteConfirmedProperty());
        HBox file = new HBox(8, choose, path);
        file.setAlignment(Pos.CENTER_LEFT);
        VBox fileTarget = new VBox(10, file, confirm);
        show(fileTarget, d1.not());

        ChoiceBox<String> d1Database = new ChoiceBox<>(model.d1Databases());
        d1Database.setId("d1Database");
        d1Database.valueProperty().bindBidirectional(model.d1DatabaseProperty());
        Label d1Id = new Label();
        d1Id.getStyleClass().add(Styles.TEXT_MUTED);
        d1Id.textProperty().bind(Bindings.createStringBinding(() -> model.d1DatabaseIdText(),
                model.d1DatabaseProperty()));
        HBox which = new HBox(8, new Label("D1 database:"), d1Database, d1Id);
        which.setAlignment(Pos.CENTER_LEFT);
        Label explain = new Label("The import adds the dump's tables to the live D1 database and blocks it while "
                + "it runs.");
        explain.setWrapText(true);
        explain.setMinHeight(Region.USE_PREF_SIZE);
        Label typeIt = new Label();
        typeIt.textProperty().bind(Bindings.createStringBinding(() -> "To confirm, type "
                + model.d1DatabaseProperty().get() + ":", model.d1DatabaseProperty()));
        TextField typed = new TextField();
        typed.setId("d1Confirmation");
        typed.setPromptText("the D1 database's name");
        typed.setPrefColumnCount(20);
        typed.textProperty().bindBidirectional(model.d1ConfirmationProperty());
        HBox confirmD1 = new HBox(8, typeIt, typed);
        confirmD1.setAlignment(Pos.CENTER_LEFT);
        VBox d1Target = new VBox(10, which, explain, confirmD1);
        show(d1Target, d1);

        Label problem = new Label();
        problem.setId("targetProblem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.textProperty().bind(model.targetProblemProperty());
        return box(mode, fileTarget, d1Target, problem);
    }

    private static void show(Node node, ObservableBooleanValue when) {
        node.managedProperty().bind(Bindings.createBooleanBinding(when::get, when));
        node.visibleProperty().bind(node.managedProperty());
    }

    private Node optionsPage() {
        CheckBox all = new CheckBox("All tables");
        all.setId("allTables");
        all.selectedProperty().bindBidirectional(model.allTablesProperty());
        ListView<String> tables = new ListView<>(model.tables());
        tables.setId("tableList");
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
        skip.setMnemonicParsing(false); // "_" is part of the name, not a mnemonic marker
        skip.selectedProperty().bindBidirectional(model.skipMigrationsProperty());
        Label d1 = new Label("D1 imports the whole dump: every table, d1_migrations included. To bring back only "
                + "some tables, restore into a SQLite file first.");
        d1.setId("d1AllTables");
        d1.setWrapText(true);
        d1.setMinHeight(Region.USE_PREF_SIZE);
        d1.getStyleClass().add(Styles.WARNING);
        show(d1, Bindings.not(model.tableChoiceProperty()));
        all.disableProperty().bind(Bindings.not(model.tableChoiceProperty()));
        skip.disableProperty().bind(Bindings.not(model.tableChoiceProperty()));
        tables.disableProperty().bind(model.allTablesProperty().or(Bindings.not(model.tableChoiceProperty())));
        return box(d1, all, tables, skip);
    }

    /** "Restores the chain: full … + differential …" for a differential daily (ADR 0016); hidden otherwise. */
    private Label chainLabel(String id) {
        Label chain = new Label();
        chain.setId(id);
        chain.setWrapText(true);
        chain.setMinHeight(Region.USE_PREF_SIZE);
        chain.getStyleClass().add(Styles.ACCENT);
        chain.textProperty().bind(Bindings.createStringBinding(() -> model.chainProperty().get().isEmpty() ? ""
                : "Restores the chain: " + model.chainProperty().get(), model.chainProperty()));
        chain.managedProperty().bind(chain.textProperty().isNotEmpty());
        chain.visibleProperty().bind(chain.managedProperty());
        return chain;
    }

    private WizardPane planPage() {
        Label plan = new Label();
        plan.setId("planText");
        plan.setWrapText(true);
        plan.setMinHeight(Region.USE_PREF_SIZE);
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
        ScrollPane scroll = new ScrollPane(box(chainLabel("planChain"), plan, warnings));
        scroll.setFitToWidth(true);
        scroll.setId("planScroll");
        scroll.getStyleClass().add("edge-to-edge");
        scroll.setStyle("-fx-background: transparent; -fx-background-color: transparent;");
        pane.setContent(scroll);
        size(pane);
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
        pane.setContent(box(bar, status, readFrom()));
        size(pane);
        return pane;
    }

    /** "Read from [primary|replica]  Run again", and the offer of a replica after a failure: only with replicas. */
    private Node readFrom() {
        WizardStores stores = model.stores();
        Label offer = new Label();
        offer.setId("replicaOffer");
        offer.setWrapText(true);
        offer.textProperty().bind(stores.offerProperty());
        offer.managedProperty().bind(offer.textProperty().isNotEmpty());
        offer.visibleProperty().bind(offer.managedProperty());
        javafx.scene.control.ChoiceBox<String> from = new javafx.scene.control.ChoiceBox<>(
                javafx.collections.FXCollections.observableArrayList(stores.names()));
        from.setId("readFrom");
        from.valueProperty().bindBidirectional(stores.fromProperty());
        javafx.scene.control.Button again = new javafx.scene.control.Button("Run again");
        again.setId("runAgain");
        again.disableProperty().bind(model.stateProperty().isEqualTo(RestoreWizardViewModel.RunState.RUNNING)
                .or(model.stateProperty().isEqualTo(RestoreWizardViewModel.RunState.SUCCEEDED)));
        again.setOnAction(e -> model.run());
        javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(8, new Label("Read from"), from, again);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox box = new VBox(8, offer, row);
        box.setManaged(stores.hasReplicas());
        box.setVisible(stores.hasReplicas());
        return box;
    }

    private Node resultPage() {
        Label result = new Label();
        result.setId("resultText");
        result.setWrapText(true);
        result.setMinHeight(Region.USE_PREF_SIZE);
        result.textProperty().bind(model.resultTextProperty());
        TextArea guide = new TextArea();
        guide.setId("restoreGuide");
        guide.setEditable(false);
        guide.setWrapText(true);
        model.resultTextProperty().addListener((o, was, is) -> guide.setText(model.guide()));
        return box(result, new Label("Restore guide"), guide);
    }

    /** Every page the same size, wide enough for a weekly member's label and a SHA-256 on one line. */
    private static void size(WizardPane pane) {
        pane.setPrefSize(760, 560);
        pane.setMinSize(760, 560);
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
