package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** Writes docs/screenshots/dashboard.png and backups.png from the real console after a backup of the demo. */
class ConsoleScreenshotsTest {
    private static final Path SHOTS = Path.of("docs", "screenshots");

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
    void writesScreenshotsOfDashboardAndBackups() throws Exception {
        console.backUpAllAndWait();
        write(console.node("#backUpAll").getScene(), "dashboard.png");
        console.robot.clickOn("Backups");
        TableView<?> table = console.robot.lookup("#backupsTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 6);
        WaitForAsyncUtils.waitForFxEvents();
        write(table.getScene(), "backups.png");
    }

    private static void write(Scene scene, String name) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Files.createDirectories(SHOTS);
        Path file = SHOTS.resolve(name);
        assertTrue(ImageIO.write(png, "png", file.toFile()), "no PNG writer");
        assertTrue(Files.size(file) > 10_000, file + " is suspiciously small");
    }
}
