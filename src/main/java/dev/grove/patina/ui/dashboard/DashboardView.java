package dev.grove.patina.ui.dashboard;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Dashboard tab: binds to a {@link DashboardViewModel}, holds no logic of its own. */
public final class DashboardView {
    private static final double CARD_WIDTH = 320;

    private final DashboardViewModel model;
    private final BorderPane root = new BorderPane();
    private final FlowPane cards = new FlowPane(12, 12);
    private final VBox lines = new VBox(2);

    private final Runnable openCleanup;
    private final Runnable connectStore;

    public DashboardView(DashboardViewModel model) {
        this(model, () -> {
        });
    }

    /** With {@code openCleanup} run when "Clean up…" is clicked (it opens the clean-up dialog). */
    public DashboardView(DashboardViewModel model, Runnable openCleanup) {
        this(model, openCleanup, null);
    }

    /**
     * With {@code connectStore} run by "Connect R2…", which shows while backups go to a local folder (null: no
     * such button).
     */
    public DashboardView(DashboardViewModel model, Runnable openCleanup, Runnable connectStore) {
        this.model = model;
        this.openCleanup = openCleanup;
        this.connectStore = connectStore;
        root.setPadding(new Insets(16));
        root.setTop(header());
        cards.setId("cards");
        cards.setPadding(new Insets(12, 0, 12, 0));
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        root.setCenter(scroll);
        root.setBottom(progressArea());
        model.cards().addListener((ListChangeListener<DatabaseCard>) c -> showCards(model.cards()));
        model.progressLines().addListener((ListChangeListener<DatabaseProgressLine>) c ->
                showLines(model.progressLines()));
        model.cardStatus().addListener((MapChangeListener<String, DatabaseProgressLine>) c -> showCards(model.cards()));
        model.runningProperty().addListener((o, was, is) -> showCards(model.cards()));
        showCards(model.cards());
    }

    public Node root() {
        return root;
    }

    private Node header() {
        Label title = new Label("Databases");
        title.getStyleClass().add(Styles.TITLE_3);
        Button backUp = new Button("Back up all now");
        backUp.setId("backUpAll");
        backUp.getStyleClass().add(Styles.ACCENT);
        backUp.setDefaultButton(true);
        backUp.disableProperty().bind(model.runningProperty());
        backUp.setOnAction(e -> model.backUpAll());
        Button weekly = new Button("Run weekly now");
        weekly.setId("runWeekly");
        weekly.disableProperty().bind(model.runningProperty());
        weekly.setOnAction(e -> model.runWeekly());
        Button cleanup = new Button("Clean up…");
        cleanup.setId("cleanUp");
        cleanup.disableProperty().bind(model.runningProperty());
        cleanup.setOnAction(e -> openCleanup.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button verify = new Button("Verify now");
        verify.setId("verifyNow");
        verify.setTooltip(new javafx.scene.control.Tooltip("Test restore of the latest backup of every database: "
                + "integrity, foreign keys, FTS and your checks (patina verify)"));
        verify.setOnAction(e -> model.verifyNow());
        HBox top = new HBox(12, title, spacer, verify, cleanup, weekly, backUp);
        if (connectStore != null && model.offerConnectStore()) {
            Button connect = new Button("Connect R2…");
            connect.setId("connectStore");
            connect.setTooltip(new javafx.scene.control.Tooltip(
                    "Backups go to a local folder now. Send them to Cloudflare R2 or another S3-compatible store."));
            connect.setOnAction(e -> connectStore.run());
            top.getChildren().add(2, connect);
        }
        top.setAlignment(Pos.CENTER_LEFT);
        Label schedule = new Label();
        schedule.setId("schedule");
        schedule.getStyleClass().add(Styles.TEXT_MUTED);
        schedule.textProperty().bind(model.scheduleProperty());
        Label lastRun = new Label();
        lastRun.setId("lastRun");
        lastRun.setWrapText(true);
        lastRun.getStyleClass().add(Styles.TEXT_MUTED);
        lastRun.textProperty().bind(model.lastRunProperty());
        Label residency = new Label();
        residency.setId("residency");
        residency.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        residency.textProperty().bind(model.residencyProperty());
        residency.visibleProperty().bind(model.residencyProperty().isNotEmpty());
        residency.managedProperty().bind(residency.visibleProperty());
        Button pause = new Button();
        pause.setId("pauseSchedules");
        pause.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        pause.textProperty().bind(javafx.beans.binding.Bindings.when(model.pausedProperty())
                .then("Resume schedules").otherwise("Pause schedules"));
        pause.visibleProperty().bind(model.schedulerAttachedProperty());
        pause.managedProperty().bind(pause.visibleProperty());
        pause.setOnAction(e -> model.togglePause());
        HBox residencyRow = new HBox(8, residency, pause);
        residencyRow.setAlignment(Pos.CENTER_LEFT);
        Label background = new Label();
        background.setId("backgroundRun");
        background.setWrapText(true);
        background.textProperty().bind(model.backgroundRunProperty());
        background.visibleProperty().bind(model.backgroundRunProperty().isNotEmpty());
        background.managedProperty().bind(background.visibleProperty());
        Label weeklyResult = new Label();
        weeklyResult.setId("weeklyResult");
        weeklyResult.setWrapText(true);
        weeklyResult.textProperty().bind(model.weeklyResultProperty());
        weeklyResult.visibleProperty().bind(model.weeklyResultProperty().isNotEmpty());
        weeklyResult.managedProperty().bind(weeklyResult.visibleProperty());
        Label replicas = new Label();
        replicas.setId("replicas");
        replicas.setWrapText(true);
        replicas.getStyleClass().add(Styles.TEXT_MUTED);
        replicas.textProperty().bind(model.replicasProperty());
        replicas.managedProperty().bind(model.replicasProperty().isNotEmpty());
        replicas.visibleProperty().bind(model.replicasProperty().isNotEmpty());
        return new VBox(4, banner(), top, schedule, lastRun, replicas, residencyRow, weeklyResult, background);
    }

    private Node banner() {
        Label text = new Label();
        text.setId("catchUpBanner");
        text.setWrapText(true);
        text.textProperty().bind(model.bannerProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button dismiss = new Button("Dismiss");
        dismiss.setId("dismissBanner");
        dismiss.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        dismiss.setOnAction(e -> model.dismissBanner());
        HBox box = new HBox(12, text, dismiss);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("catch-up-banner");
        box.setPadding(new Insets(8, 12, 8, 12));
        box.visibleProperty().bind(model.bannerProperty().isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        VBox.setMargin(box, new Insets(0, 0, 8, 0));
        return box;
    }

    private Node progressArea() {
        ProgressBar bar = new ProgressBar();
        bar.setId("backupProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.progressProperty());
        Label message = new Label();
        message.setId("runMessage");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        lines.setId("progressLines");
        ScrollPane linesScroll = new ScrollPane(lines);
        linesScroll.setFitToWidth(true);
        linesScroll.setMaxHeight(130);
        linesScroll.getStyleClass().add("edge-to-edge");
        linesScroll.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.progressLines()));
        linesScroll.managedProperty().bind(linesScroll.visibleProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancelRun");
        cancel.getStyleClass().add(Styles.SMALL);
        cancel.setTooltip(new javafx.scene.control.Tooltip(
                "Stops the running backup; databases already backed up are kept, nothing half-written is stored."));
        cancel.visibleProperty().bind(model.cancellableProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> model.cancelRuns());
        HBox.setHgrow(bar, Priority.ALWAYS);
        HBox barRow = new HBox(8, bar, cancel);
        barRow.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, message, barRow, linesScroll);
        box.setPadding(new Insets(8, 0, 0, 0));
        bar.visibleProperty().bind(model.messageProperty().isNotEmpty());
        bar.managedProperty().bind(bar.visibleProperty());
        return box;
    }

    private void showCards(List<DatabaseCard> list) {
        cards.getChildren().setAll(list.stream().map(c -> {
            VBox card = (VBox) card(c);
            DatabaseProgressLine status = model.cardStatus().get(c.name());
            if (status != null) {
                Label line = new Label(status.detail());
                line.setId("cardStatus-" + c.name());
                line.setWrapText(true);
                line.getStyleClass().addAll("card-status", status.phase().name().toLowerCase(Locale.ROOT));
                if (status.phase() == DatabaseProgressLine.Phase.FAILED) {
                    line.getStyleClass().add(Styles.DANGER);
                } else if (status.phase() == DatabaseProgressLine.Phase.OK) {
                    line.getStyleClass().add(Styles.SUCCESS);
                }
                card.getChildren().add(line);
            }
            Button backUp = new Button("Back up now");
            backUp.setId("backUp-" + c.name());
            backUp.getStyleClass().add(Styles.SMALL);
            backUp.setDisable(model.runningProperty().get());
            backUp.setOnAction(e -> model.backUp(c.name()));
            card.getChildren().add(backUp);
            return (Node) card;
        }).toList());
    }

    private void showLines(List<DatabaseProgressLine> list) {
        lines.getChildren().setAll(list.stream().map(p -> {
            Label l = new Label(p.line());
            l.getStyleClass().addAll("progress-line", p.phase().name().toLowerCase(Locale.ROOT));
            if (p.phase() == DatabaseProgressLine.Phase.FAILED) {
                l.getStyleClass().add(Styles.DANGER);
            } else if (p.phase() == DatabaseProgressLine.Phase.WAITING) {
                l.getStyleClass().add(Styles.TEXT_MUTED);
            }
            return l;
        }).toList());
    }

    static Node card(DatabaseCard c) {
        Label name = new Label(c.name());
        name.getStyleClass().add(Styles.TITLE_4);
        Label badge = new Label(c.health().label());
        badge.getStyleClass().addAll("badge", c.health().name().toLowerCase(Locale.ROOT));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(8, name, spacer, badge);
        head.setAlignment(Pos.CENTER_LEFT);
        Label reason = new Label(c.reason());
        reason.setWrapText(true);
        reason.getStyleClass().add(Styles.TEXT_MUTED);
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(2);
        facts.addRow(0, key("Last good"), new Label(c.lastGood()));
        facts.addRow(1, key("Age"), new Label(c.age()));
        facts.addRow(2, key("Size"), new Label(c.size()));
        VBox card = new VBox(8, head, reason, facts);
        if (c.damage() != null) {
            Label damage = new Label("Damaged backup: " + c.damage());
            damage.setId("damage-" + c.name());
            damage.setWrapText(true);
            damage.getStyleClass().add(Styles.DANGER);
            card.getChildren().add(damage);
        }
        if (c.proven() != null) {
            Label proven = new Label(c.proven());
            proven.setId("proven-" + c.name());
            proven.setWrapText(true);
            proven.getStyleClass().add(c.provenOld() ? Styles.WARNING : Styles.TEXT_MUTED);
            card.getChildren().add(proven);
        }
        if (c.lastError() != null) {
            Label error = new Label("Last nightly failed: " + c.lastError());
            error.setWrapText(true);
            error.getStyleClass().add(Styles.DANGER);
            card.getChildren().add(error);
        }
        card.setId("card-" + c.name());
        card.getStyleClass().addAll("db-card", c.health().name().toLowerCase(Locale.ROOT));
        card.setPrefWidth(CARD_WIDTH);
        card.setMinWidth(CARD_WIDTH);
        card.setMaxWidth(CARD_WIDTH);
        return card;
    }

    private static Label key(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        return l;
    }
}
