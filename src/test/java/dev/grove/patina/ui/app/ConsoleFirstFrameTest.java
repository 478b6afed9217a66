package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.FxUiExecutor;
import dev.grove.patina.ui.common.UiNotifier;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console's start (ADR 0025): it logs its first painted frame once, and the tabs it makes after that frame all
 * end up made and filled; in deferred mode a tab is empty until then, and choosing it makes it at once.
 */
class ConsoleFirstFrameTest {
    @TempDir
    Path dir;

    @Test
    void theFirstPaintedFrameIsLoggedOnceAndEveryTabIsMadeAfterIt() throws Exception {
        Logger probe = (Logger) LoggerFactory.getLogger(FirstFrameProbe.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        probe.addAppender(seen);
        ConsoleFixture console = null;
        try {
            console = ConsoleFixture.start(dir); // returns once every tab is made (it waits for that)
            List<String> lines = seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, lines.size(), "one first-frame line: " + lines);
            assertTrue(lines.get(0).matches("console: first frame painted \\d+ ms after JVM start"), lines.get(0));
            assertEquals("INFO", seen.list.get(0).getLevel().toString());

            TabPane tabs = (TabPane) console.node(".tab-pane");
            for (Tab tab : tabs.getTabs()) {
                assertNotNull(tab.getContent(), tab.getText() + " has its content");
            }
            assertNotNull(console.node("#databaseFilter"), "the Backups tab's filters");
            assertTrue(console.node("#sizeChart") instanceof LineChart<?, ?>, "the Charts tab's charts");
            // the Backups history was searched once its tab was made: its summary says how many backups it found
            ConsoleFixture started = console;
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                    () -> started.text("#backupsSummary").contains("backup")).get(10, TimeUnit.SECONDS));
        } finally {
            probe.detachAppender(seen);
            if (console != null) {
                console.stop();
            }
        }
    }

    @Test
    void deferredTabsAreEmptyUntilMadeAndAChosenTabIsMadeAtOnce() throws Exception {
        FxToolkit.registerPrimaryStage();
        DemoWorkspace demo = new DemoWorkspace(dir.resolve("demo"));
        demo.create();
        try (PatinaRuntime runtime = UiFixtures.open(demo.configFile(), Clock.systemUTC());
             FxUiExecutor executor = new FxUiExecutor(2)) {
            MainWindow window = WaitForAsyncUtils.asyncFx(() -> new MainWindow(runtime, executor, null, null, null,
                    UiNotifier.none(), true)).get(30, TimeUnit.SECONDS);
            TabPane tabs = (TabPane) ((javafx.scene.layout.BorderPane) window.root()).getCenter();
            WaitForAsyncUtils.asyncFx(() -> {
                assertNotNull(tabs.getTabs().get(0).getContent(), "the Dashboard is made at once");
                for (Tab tab : tabs.getTabs().subList(1, tabs.getTabs().size())) {
                    assertNull(tab.getContent(), tab.getText() + " waits");
                }
                assertFalse(window.completeProperty().get());
                tabs.getSelectionModel().select(3); // Charts, chosen before the deferred tabs were made
                assertTrue(tabs.getTabs().get(3).getContent().lookup("#sizeChart") instanceof LineChart<?, ?>);
                assertNull(tabs.getTabs().get(1).getContent(), "Backups still waits");
                window.buildDeferredTabs();
            }).get(30, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                    () -> window.completeProperty().get()).get(10, TimeUnit.SECONDS));
            WaitForAsyncUtils.asyncFx(() -> {
                for (Tab tab : tabs.getTabs()) {
                    assertNotNull(tab.getContent(), tab.getText() + " is made");
                }
                assertNotNull(tabs.getTabs().get(1).getContent().lookup("#databaseFilter"), "the Backups filters");
                assertNotNull(tabs.getTabs().get(4).getContent(), "the Settings form");
            }).get(30, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }
}
