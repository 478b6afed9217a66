package dev.grove.patina.ui.app;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.ui.restore.FileChooserService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real console headless (Monocle) on a demo workspace in a temp folder, and stops it. */
final class ConsoleFixture {
    final Path config;
    final PatinaApp app;
    final FxRobot robot = new FxRobot();

    private ConsoleFixture(Path config, PatinaApp app) {
        this.config = config;
        this.app = app;
    }

    static ConsoleFixture start(Path dir) throws Exception {
        return start(dir, Clock.systemUTC());
    }

    /** The console on {@code clock} (a ticking clock: the backup's progress and durations stay real). */
    static ConsoleFixture start(Path dir, Clock clock) throws Exception {
        return start(dir, clock, null, config -> {
        });
    }

    /** The console on {@code clock}, its "save as" questions answered by {@code files} (null: the OS dialog). */
    static ConsoleFixture start(Path dir, Clock clock, FileChooserService files) throws Exception {
        return start(dir, clock, files, config -> {
        });
    }

    /** Work on the demo's config file before the console opens it (earlier backups, say). */
    interface Seed {
        void accept(Path config) throws Exception;
    }

    /** The console on {@code clock}, once {@code seed} has run on the freshly created demo workspace. */
    static ConsoleFixture start(Path dir, Clock clock, Seed seed) throws Exception {
        return start(dir, clock, null, seed);
    }

    /** The console on {@code clock}, with {@code files} answering "save as" and {@code seed} run first. */
    static ConsoleFixture start(Path dir, Clock clock, FileChooserService files, Seed seed) throws Exception {
        DemoWorkspace demo = new DemoWorkspace(dir.resolve("demo"));
        demo.create();
        seed.accept(demo.configFile());
        FxToolkit.registerPrimaryStage();
        PatinaApp app = (PatinaApp) FxToolkit.setupApplication(() -> new PatinaApp(new ConsoleStartup(
                demo.configFile(), clock, AppDirs.current())).withFileChooser(files));
        awaitComplete(app);
        return new ConsoleFixture(demo.configFile(), app);
    }

    /**
     * The console as an operator runs it — running the schedule (scheduler, instance lock), with no tray — on the
     * demo workspace after {@code seed}; {@code exit} replaces {@code Platform.exit()} so the toolkit survives.
     */
    static ConsoleFixture startResident(Path dir, Seed seed, Runnable exit) throws Exception {
        DemoWorkspace demo = new DemoWorkspace(dir.resolve("demo"));
        demo.create();
        seed.accept(demo.configFile());
        FxToolkit.registerPrimaryStage();
        PatinaApp app = (PatinaApp) FxToolkit.setupApplication(() -> new PatinaApp(new ConsoleStartup(
                demo.configFile(), Clock.systemUTC(), AppDirs.current(), true, false)).withoutTray().withExit(exit));
        awaitComplete(app);
        return new ConsoleFixture(demo.configFile(), app);
    }

    /**
     * The console started again on {@code config} (a workspace an earlier {@link #start} made, then {@link #stop}ped):
     * an operator's restart, so the runtime reads what the Settings tab saved.
     */
    static ConsoleFixture restart(Path config, Clock clock, FileChooserService files) throws Exception {
        FxToolkit.registerPrimaryStage();
        PatinaApp app = (PatinaApp) FxToolkit.setupApplication(() -> new PatinaApp(new ConsoleStartup(
                config, clock, AppDirs.current())).withFileChooser(files));
        awaitComplete(app);
        return new ConsoleFixture(config, app);
    }

    /** Waits until the window's every tab has its content: the console makes all but the Dashboard after its first frame. */
    static void awaitComplete(PatinaApp app) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(app::windowComplete)
                .get(10, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
    }

    void stop() throws TimeoutException {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    /** Clicks "Back up all now" and waits (polling, no sleeps) until the run has finished and the cards show it. */
    void backUpAllAndWait() throws TimeoutException {
        robot.clickOn("#backUpAll");
        // the condition reads the scene graph, so it runs on the FX thread: a lookup from the test thread while the
        // dashboard rebuilds its cards raced the FX thread (IndexOutOfBoundsException in Parent.lookupAll)
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> text("#runMessage").startsWith("Backup finished")
                        && robot.lookup(".db-card.ok").queryAll().size() == DemoWorkspace.DATABASES.size())
                .get(10, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
    }

    String text(String query) {
        return robot.lookup(query).<Labeled>query().getText();
    }

    Node node(String query) {
        return robot.lookup(query).query();
    }

    /** Scrolls the page that holds {@code query}'s node until the node is in view, as an operator would; returns it. */
    Node scrollIntoView(String query) throws Exception {
        Node node = node(query);
        WaitForAsyncUtils.asyncFx(() -> {
            Node n = node.getParent();
            while (n != null && !(n instanceof javafx.scene.control.ScrollPane)) {
                n = n.getParent();
            }
            if (n instanceof javafx.scene.control.ScrollPane scroll) {
                double content = scroll.getContent().getBoundsInLocal().getHeight();
                double viewport = scroll.getViewportBounds().getHeight();
                double y = scroll.getContent().sceneToLocal(node.localToScene(0, 0)).getY();
                scroll.setVvalue(Math.min(1, Math.max(0, (y - 40) / Math.max(1, content - viewport))));
            }
        }).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return node;
    }
}
