package dev.grove.patina.ui.app;

import atlantafx.base.theme.PrimerLight;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.ui.common.FxUiExecutor;
import dev.grove.patina.ui.restore.FileChooserService;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The desktop console. {@link #init()} opens the runtime off the FX thread (a first start creates the demo
 * workspace there); {@link #start} shows the window; {@link #stop()} closes the background pool, then the runtime.
 */
public final class PatinaApp extends Application {
    private final ConsoleStartup startup;
    private PatinaRuntime runtime;
    private FxUiExecutor executor;
    private FileChooserService fileChooser;

    /** The console on the per-user default config (what {@code Application.launch} constructs). */
    public PatinaApp() {
        this(ConsoleStartup.defaults());
    }

    public PatinaApp(ConsoleStartup startup) {
        this.startup = Objects.requireNonNull(startup, "startup");
    }

    /** Answers the console's "save as" questions with {@code chooser} instead of the OS dialog (tests). */
    public PatinaApp withFileChooser(FileChooserService chooser) {
        this.fileChooser = chooser;
        return this;
    }

    @Override
    public void init() {
        runtime = startup.open(new PrintWriter(new java.io.OutputStreamWriter(System.err, Charset.defaultCharset()),
                true));
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxUiExecutor(2);
        Scene scene = new Scene(new MainWindow(runtime, executor, fileChooser).root(), 1120, 720);
        scene.getStylesheets().add(Objects.requireNonNull(PatinaApp.class.getResource("console.css")).toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Patina");
        stage.setMinWidth(760);
        stage.setMinHeight(480);
        FirstFrameProbe.installIfAsked(scene); // benchmark hook: no-op unless patina.benchmark.exitAfterFirstFrame
        stage.show();
    }

    @Override
    public void stop() {
        try {
            if (executor != null) {
                executor.close();
            }
        } finally {
            if (runtime != null) {
                runtime.close();
            }
        }
    }
}
