package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Settings tab in the real console, headless: a bad cron typed into the nightly field shows the inline error and
 * disables Save; "Test connection" answers inline. Writes settings.png (target/screenshots, or docs/screenshots with
 * {@code -Dpatina.screenshots.update=true}).
 */
class SettingsTabTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z");

    @TempDir
    Path dir;
    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        console = ConsoleFixture.start(dir, Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW)));
    }

    @AfterEach
    void stop() throws Exception {
        console.stop();
    }

    @Test
    void typingABadCronShowsTheInlineErrorAndDisablesSave() throws Exception {
        console.robot.clickOn("Settings");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.text("#nightlyCronPreview").startsWith("Every day at 02:00\nNext: Sun 29 Nov 02:00"),
                console.text("#nightlyCronPreview"));

        assertTrue(console.node("#addCluster").isVisible(), "a stand-alone config offers to add a cluster");
        assertFalse(console.node("#editCluster").isVisible(), "a stand-alone config has no cluster to edit");
        console.robot.clickOn(console.scrollIntoView("#testConnection"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> console.text("#storeResult").startsWith("Connected"));
        Screenshots.write(console.node("#saveSettings").getScene(), "settings.png");

        TextField nightly = (TextField) console.scrollIntoView("#nightlyCron");
        console.robot.doubleClickOn(nightly);
        WaitForAsyncUtils.asyncFx(nightly::clear).get(5, TimeUnit.SECONDS);
        console.robot.clickOn(nightly).write("0 2 * * *");
        WaitForAsyncUtils.waitForFxEvents();
        Node error = console.node("#nightlyCronError");
        assertTrue(error.isVisible());
        assertTrue(console.text("#nightlyCronError").contains("it has 5 fields, like a Unix cron"),
                console.text("#nightlyCronError"));
        assertTrue(console.robot.lookup("#saveSettings").<Button>query().isDisabled());

        WaitForAsyncUtils.asyncFx(nightly::clear).get(5, TimeUnit.SECONDS);
        console.robot.clickOn(nightly).write("0 30 1 * * ?");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(false, error.isVisible());
        assertEquals(false, console.robot.lookup("#saveSettings").<Button>query().isDisabled());
    }

}
