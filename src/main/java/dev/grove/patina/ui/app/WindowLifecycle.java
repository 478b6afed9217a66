package dev.grove.patina.ui.app;

import dev.grove.patina.ui.tray.TrayPort;
import dev.grove.patina.run.RunningJob;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.ui.common.UiExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * What the window's close button, the tray menu and a second start of Patina do (see {@link ClosePolicy}): hide
 * into the tray, ask when there is none, show the window again, pause the schedules, and quit — waiting for or
 * stopping running work first, then stopping the scheduler, and only then leaving.
 */
final class WindowLifecycle implements TrayPort.Actions {
    /** How long "Wait, then quit" waits for running work at most. */
    static final Duration WAIT_AT_MOST = Duration.ofHours(12);
    /** How long "Stop and quit" gives the stopped runs to end before interrupting harder. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    static final ButtonType KEEP = new ButtonType("Keep running in the background", ButtonBar.ButtonData.YES);
    static final ButtonType QUIT = new ButtonType("Quit Patina", ButtonBar.ButtonData.NO);
    static final ButtonType WAIT = new ButtonType("Wait, then quit", ButtonBar.ButtonData.YES);
    static final ButtonType STOP = new ButtonType("Stop it and quit", ButtonBar.ButtonData.NO);
    static final ButtonType STAY = new ButtonType("Don't quit", ButtonBar.ButtonData.CANCEL_CLOSE);

    private final Stage stage;
    private final Residency residency;
    private final MainWindow window;
    private final UiExecutor executor;
    private final Runnable exit;
    private Optional<TrayPort> tray = Optional.empty();
    private boolean toldAboutTray;
    private boolean quitting;

    WindowLifecycle(Stage stage, Residency residency, MainWindow window, UiExecutor executor, Runnable exit) {
        this.stage = stage;
        this.residency = residency;
        this.window = window;
        this.executor = executor;
        this.exit = exit;
        stage.setOnCloseRequest(this::onCloseRequest);
        window.dashboard().ownWorkProperty().addListener((o, was, is) -> consoleBusy.set(is));
    }

    /** Mirrors the dashboard's own-work flag for the background thread that waits before quitting. */
    private final java.util.concurrent.atomic.AtomicBoolean consoleBusy = new java.util.concurrent.atomic.AtomicBoolean();

    void useTray(Optional<TrayPort> tray) {
        this.tray = tray;
        // the tray's Pause/Resume item follows the schedules, whether paused from the tray or the dashboard
        tray.ifPresent(t -> window.dashboard().pausedProperty().addListener((o, was, is) -> t.setPaused(is)));
    }

    Optional<TrayPort> tray() {
        return tray;
    }

    private void onCloseRequest(WindowEvent e) {
        e.consume();
        switch (ClosePolicy.onClose(residency.runsSchedule(), tray.isPresent())) {
            case QUIT -> quit();
            case HIDE_TO_TRAY -> {
                stage.hide();
                if (!toldAboutTray) {
                    toldAboutTray = true;
                    tray.get().showMessage("Patina is still running",
                            "Scheduled backups go on. Open Patina or quit it from this icon.", false);
                }
            }
            case ASK -> ask();
        }
    }

    private void ask() {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, ClosePolicy.NO_TRAY_QUESTION, KEEP, QUIT,
                ButtonType.CANCEL);
        alert.initOwner(stage);
        alert.setTitle("Keep Patina running?");
        alert.setHeaderText("Keep the scheduled backups running?");
        alert.getDialogPane().setId("keepRunningDialog");
        ((Button) alert.getDialogPane().lookupButton(KEEP)).setId("keepRunning");
        ((Button) alert.getDialogPane().lookupButton(QUIT)).setId("quitPatina");
        fitButtons(alert);
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isPresent() && answer.get() == KEEP) {
            stage.hide();
        } else if (answer.isPresent() && answer.get() == QUIT) {
            quit();
        }
    }

    @Override
    public void open() {
        if (quitting) {
            return;
        }
        stage.setIconified(false);
        stage.show();
        stage.toFront();
        stage.requestFocus();
    }

    @Override
    public void backUpAllNow() {
        window.dashboard().backUpAll();
    }

    @Override
    public void togglePause() {
        window.dashboard().togglePause();
    }

    /** Quits: asks first when work is running (wait for it, or stop it), then stops everything and exits. */
    @Override
    public void quit() {
        if (quitting) {
            return;
        }
        List<RunningJob> running = residency.running();
        List<String> work = ClosePolicy.runningWork(running, window.dashboard().ownWorkProperty().get());
        if (work.isEmpty()) {
            shutDown(false);
            return;
        }
        open();
        Alert alert = new Alert(Alert.AlertType.WARNING, ClosePolicy.quitQuestion(work), WAIT, STOP, STAY);
        alert.initOwner(stage);
        alert.setTitle("Quit Patina?");
        alert.setHeaderText("A run is still going");
        alert.getDialogPane().setId("quitWhileRunningDialog");
        ((Button) alert.getDialogPane().lookupButton(WAIT)).setId("waitThenQuit");
        ((Button) alert.getDialogPane().lookupButton(STOP)).setId("stopAndQuit");
        fitButtons(alert);
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isPresent() && answer.get() == WAIT) {
            shutDown(false);
        } else if (answer.isPresent() && answer.get() == STOP) {
            shutDown(true);
        }
    }

    /** Wide enough for the question, and no button label cut to "…". */
    private static void fitButtons(Alert alert) {
        alert.getDialogPane().setMinWidth(620);
        alert.getDialogPane().setPrefWidth(620);
        for (ButtonType type : alert.getButtonTypes()) {
            Button b = (Button) alert.getDialogPane().lookupButton(type);
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            ButtonBar.setButtonUniformSize(b, false);
        }
    }

    private void shutDown(boolean stopRuns) {
        quitting = true;
        if (stopRuns) {
            residency.scheduler().ifPresent(s -> residency.running().forEach(job -> s.runs().cancel(job.ticket())));
            window.dashboard().cancelRuns();
        }
        window.dashboard().say(stopRuns ? "Quitting: stopping the running work…"
                : "Quitting when the running work has finished…");
        executor.executeInBackground(() -> {
            if (!stopRuns) {
                long deadline = System.nanoTime() + WAIT_AT_MOST.toNanos();
                while (consoleBusy.get() && System.nanoTime() < deadline) {
                    Thread.sleep(200); // the window's own backup (not the scheduler's) is finishing
                }
            }
            return residency.stop(stopRuns ? STOP_GRACE : WAIT_AT_MOST);
        }, clean -> leave(), e -> leave());
    }

    private void leave() {
        tray.ifPresent(TrayPort::remove);
        exit.run();
    }

    /** True once a quit was decided (the window may still show while work ends). */
    boolean quitting() {
        return quitting;
    }

    /** Unused outside: the scheduler, for tests. */
    Optional<SchedulerService> scheduler() {
        return residency.scheduler();
    }
}
