package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Verify now" in the real console, headless: each card says it was never proven restorable (warning style), the
 * test restore runs through the run service, and the cards then say when they were last proven restorable.
 */
class ConsoleVerifyNowTest {
    @TempDir
    Path dir;
    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        console = ConsoleFixture.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        console.stop();
    }

    @Test
    void verifyNowProvesEveryBackedUpDatabaseRestorableOnItsCard() throws Exception {
        var robot = console.robot;
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".db-card.never").queryAll().size() == 6);
        robot.clickOn("#backUpAll");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> robot.lookup(".db-card.ok").queryAll().size() == 6);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#proven-shop").tryQuery().isPresent());
        assertTrue(console.text("#proven-shop").startsWith("Never proven restorable"), console.text("#proven-shop"));
        assertTrue(console.node("#proven-shop").getStyleClass().contains("warning"), "never proven: a warning");

        robot.clickOn("#verifyNow");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#proven-shop").tryQuery().isPresent()
                && console.text("#proven-shop").startsWith("Last proven restorable"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.text("#proven-shop").endsWith("checks passed)"), console.text("#proven-shop"));
        assertFalse(console.node("#proven-shop").getStyleClass().contains("warning"), "a fresh proof is no warning");
    }
}
