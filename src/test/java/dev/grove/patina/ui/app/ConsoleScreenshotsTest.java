package dev.grove.patina.ui.app;


import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes dashboard.png and backups.png (one backup just verified) from the real console after a backup of the
 * demo: to target/screenshots in every build, and to docs/screenshots (the README's) with
 * {@code -Dpatina.screenshots.update=true}, so an ordinary build does not rewrite tracked files.
 */
class ConsoleScreenshotsTest {
    /** A fixed moment, so the pictures show stable dates and times. */
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
    void writesScreenshotsOfDashboardAndBackups() throws Exception {
        console.backUpAllAndWait();
        Screenshots.write(console.node("#backUpAll").getScene(), "dashboard.png");
        console.robot.clickOn("Backups");
        TableView<?> table = console.robot.lookup("#backupsTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 6);
        WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().select(0)).get(5, TimeUnit.SECONDS);
        console.robot.clickOn("#verifyButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> console.text("#verifyMessage").startsWith("Verified "));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(table.getScene(), "backups.png");
    }

}
