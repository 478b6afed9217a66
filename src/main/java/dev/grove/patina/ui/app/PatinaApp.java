package dev.grove.patina.ui.app;

import dev.grove.patina.ui.tray.TrayPort;
import atlantafx.base.theme.PrimerLight;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.ui.common.FxUiExecutor;
import dev.grove.patina.ui.restore.FileChooserService;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.ui.tray.AwtTray;
import java.time.Duration;
import java.util.Optional;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The desktop console. {@link #init()} opens the runtime off the FX thread (a first start creates the demo
 * workspace there); {@link #start} shows the window; {@link #stop()} closes the background pool, then the runtime.
 */
public final class PatinaApp extends Application {
    /** Null when launched by {@code Application.launch}: then read from the launch parameters in {@link #init()}. */
    private ConsoleStartup startup;
    private PatinaRuntime runtime;
    private Residency residency = Residency.none();
    private FxUiExecutor executor;
    private FileChooserService fileChooser;
    private Runnable exit = javafx.application.Platform::exit;
    private boolean offerTray = true;
    private WindowLifecycle lifecycle;
    private MainWindow window;

    /** A runtime being opened while the toolkit starts ({@link #openAhead}), for the next {@link #init()}. */
    private record Ahead(ConsoleStartup startup, java.util.concurrent.CompletableFuture<PatinaRuntime> runtime) {
    }

    private static final java.util.concurrent.atomic.AtomicReference<Ahead> AHEAD =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Starts opening {@code startup}'s runtime on a thread of its own, so that it overlaps the toolkit's start (ADR
     * 0025); the {@link #init()} of the console that {@code Application.launch} makes next takes it.
     */
    static void openAhead(ConsoleStartup startup, PrintWriter err) {
        java.util.concurrent.CompletableFuture<PatinaRuntime> opening = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                opening.complete(startup.open(err));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "patina-console-open");
        t.setDaemon(true);
        t.start();
        AHEAD.set(new Ahead(startup, opening));
    }

    /** Closes a runtime {@link #openAhead} opened that no console took (the toolkit did not start). */
    static void discardAhead() {
        Ahead ahead = AHEAD.getAndSet(null);
        if (ahead != null) {
            try {
                ahead.runtime().join().close();
            } catch (RuntimeException ignored) {
                // it did not open: nothing to close
            }
        }
    }

    /** The console on the per-user default config (what {@code Application.launch} constructs). */
    public PatinaApp() {
        this.startup = null;
    }

    public PatinaApp(ConsoleStartup startup) {
        this.startup = Objects.requireNonNull(startup, "startup");
    }

    /** {@code --config=FILE} and {@code --tray} as {@link ConsoleLauncher} passes them. */
    static ConsoleStartup fromParameters(java.util.Map<String, String> named, java.util.List<String> unnamed) {
        String config = named.get("config");
        return ConsoleStartup.of(config == null ? null : java.nio.file.Path.of(config), unnamed.contains("--tray"));
    }

    /** Answers the console's "save as" questions with {@code chooser} instead of the OS dialog (tests). */
    public PatinaApp withFileChooser(FileChooserService chooser) {
        this.fileChooser = chooser;
        return this;
    }

    /** Runs {@code exit} instead of {@code Platform.exit()} when the console quits (tests keep the toolkit). */
    public PatinaApp withExit(Runnable exit) {
        this.exit = exit;
        return this;
    }

    /** Never puts an icon in the system tray (tests of the no-tray behaviour on a desktop that has one). */
    public PatinaApp withoutTray() {
        this.offerTray = false;
        return this;
    }

    @Override
    public void init() {
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, Charset.defaultCharset()), true);
        Ahead ahead = startup == null ? AHEAD.getAndSet(null) : null;
        if (ahead != null) {
            startup = ahead.startup();
            try {
                runtime = ahead.runtime().join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        } else {
            if (startup == null) {
                startup = fromParameters(getParameters().getNamed(), getParameters().getUnnamed());
            }
            runtime = startup.open(err);
        }
        if (startup.resident()) {
            try {
                residency = Residency.take(runtime);
            } catch (RuntimeException e) {
                runtime.close();
                runtime = null;
                if (e instanceof Residency.AlreadyOpenException) {
                    throw new ConsoleStartException(e.getMessage(), e, true);
                }
                throw new ConsoleStartException("the schedule cannot start: "
                        + dev.grove.patina.ui.common.Messages.of(e), e);
            }
            Residency held = residency;
            // a logout or SIGTERM: stop the runs cleanly (they are marked interrupted) and release the lock
            Runtime.getRuntime().addShutdownHook(new Thread(() -> held.stop(Duration.ofSeconds(10)),
                    "patina-console-shutdown"));
        }
    }

    /** What a close, the tray menu and a second start do (tests drive it). */
    WindowLifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxUiExecutor(2);
        TrayPort[] trayRef = new TrayPort[1];
        dev.grove.patina.ui.common.UiNotifier trayNotifier = (title, text, failed) -> {
            if (failed && trayRef[0] != null) {
                trayRef[0].showMessage(title, text, true);
            }
        };
        // only the Dashboard's content before the first frame; the other tabs right after it (ADR 0025)
        MainWindow window = new MainWindow(runtime, executor, fileChooser, null,
                residency.runBy(), trayNotifier, true);
        this.window = window;
        Scene scene = new Scene(window.root(), 1120, 720);
        scene.getStylesheets().add(Objects.requireNonNull(PatinaApp.class.getResource("console.css")).toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Patina");
        stage.setMinWidth(760);
        stage.setMinHeight(480);
        stage.getIcons().add(new javafx.scene.image.Image(Objects.requireNonNull(
                PatinaApp.class.getResourceAsStream("patina.png"))));
        lifecycle = new WindowLifecycle(stage, residency, window, executor, exit);
        if (!residency.runsSchedule()) {
            FirstFrameProbe.install(scene, window::buildDeferredTabs);
            stage.show();
            return;
        }
        javafx.application.Platform.setImplicitExit(false); // closing the window must not stop the schedules
        window.dashboard().scheduleStarting("Starting the schedules…");
        // at once, so a second start during a slow scheduler start finds this window instead of opening another
        residency.listenForActivation(() -> javafx.application.Platform.runLater(lifecycle::open), runtime.runs());
        Runnable startSchedule = () -> executor.executeInBackground(() -> {
            SchedulerService scheduler = residency.start(runtime);
            Optional<TrayPort> tray = offerTray ? AwtTray.install(lifecycle, scheduler.isPaused()) : Optional.empty();
            return new Started(scheduler, tray);
        }, started -> {
            if (lifecycle.quitting()) {
                started.tray().ifPresent(TrayPort::remove); // a quit came first: it stops what just started
                return;
            }
            lifecycle.useTray(started.tray());
            trayRef[0] = started.tray().orElse(null);
            window.dashboard().attachScheduler(started.scheduler());
            if (residency.apiProblem() != null) {
                window.dashboard().say("The local API is off: " + residency.apiProblem());
            }
            if (startup.hidden() && started.tray().isEmpty()) {
                stage.setIconified(true); // --tray where there is no tray: a minimised window instead
                stage.show();
            }
        }, e -> {
            if (lifecycle.quitting()) {
                return; // the quit stopped the residency before the scheduler was up
            }
            // nothing runs: give the catalog back (a daemon or a later start can take it) and let closing quit
            residency.stop(Duration.ZERO);
            javafx.application.Platform.setImplicitExit(true);
            String why = "The schedules could not start: " + dev.grove.patina.ui.common.Messages.of(e);
            window.dashboard().scheduleStarting(why);
            window.dashboard().say(why);
            window.dashboard().notifier().notify("Schedules not running", why, true);
            stage.show();
        });
        if (startup.hidden()) {
            FirstFrameProbe.install(scene, window::buildDeferredTabs); // whenever the window is first shown
            startSchedule.run();
        } else {
            // the window first: the scheduler's start competes for the CPU and can wait on a remote store
            FirstFrameProbe.install(scene, () -> {
                startSchedule.run(); // in the background; the tabs are made on the FX thread meanwhile
                window.buildDeferredTabs();
            });
            stage.show();
        }
    }

    /** True once the window's every tab has its content (the deferred ones come after the first frame). */
    boolean windowComplete() {
        return window != null && window.completeProperty().get();
    }

    /** The scheduler once started, and the tray icon if this desktop has one. */
    private record Started(SchedulerService scheduler, Optional<TrayPort> tray) {
    }

    @Override
    public void stop() {
        try {
            if (executor != null) {
                executor.close();
            }
            residency.stop(Duration.ofSeconds(30)); // after a quit it has stopped already: idempotent
            if (lifecycle != null) {
                lifecycle.tray().ifPresent(TrayPort::remove);
            }
        } finally {
            if (runtime != null) {
                runtime.close();
            }
        }
    }
}
