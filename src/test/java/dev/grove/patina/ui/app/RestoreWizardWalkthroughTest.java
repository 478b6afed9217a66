package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.ui.backups.BackupRow;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The restore wizard as an operator meets it, headless: back up the demo, pick a daily in the Backups tab, restore
 * it into a new file through every page, and find the restored file equal to the source. Writes a screenshot of each
 * step (target/screenshots, or docs/screenshots with {@code -Dpatina.screenshots.update=true}).
 */
class RestoreWizardWalkthroughTest {
    private static final Path SHOTS = Boolean.getBoolean("patina.screenshots.update") ? Path.of("docs", "screenshots")
            : Path.of("target", "screenshots");
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z");

    @TempDir
    Path dir;
    private ConsoleFixture console;
    private Path out;
    private final List<String> asked = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        out = Files.createDirectories(dir.resolve("out")).resolve("shop-restored.sqlite");
        console = ConsoleFixture.start(dir, Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW)),
                (title, suggested) -> {
                    asked.add(title + " " + suggested.getFileName());
                    return Optional.of(out);
                });
    }

    @AfterEach
    void stop() throws Exception {
        console.stop();
    }

    @Test
    void restoreADailyFromTheBackupsTabIntoANewFile() throws Exception {
        var robot = console.robot;
        console.backUpAllAndWait();
        robot.clickOn("Backups");
        TableView<BackupRow> table = robot.lookup("#backupsTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 6);
        BackupRow shop = table.getItems().stream().filter(r -> r.database().equals("shop")).findFirst().orElseThrow();
        robot.interact(() -> table.getSelectionModel().select(shop));
        robot.clickOn("#restoreButton");

        ListView<?> backups = robot.lookup("#backupList").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> backups.getSelectionModel().getSelectedItem() != null);
        assertTrue(console.text("#backupDetails").startsWith(shop.key()), console.text("#backupDetails"));
        shot("wizard-1-backup.png");
        robot.clickOn(button(ButtonData.NEXT_FORWARD));

        robot.clickOn("#chooseTarget");
        assertEquals(List.of("Restore into shop-" + shop.date() + "-restored.sqlite"), asked);
        assertEquals(out.toString(), console.text("#targetPath"));
        assertEquals("", console.text("#targetProblem"));
        shot("wizard-2-target.png");
        robot.clickOn(button(ButtonData.NEXT_FORWARD));

        shot("wizard-3-tables.png");
        robot.clickOn(button(ButtonData.NEXT_FORWARD));

        assertTrue(console.text("#planText").contains(shop.key()), console.text("#planText"));
        shot("wizard-4-plan.png");
        robot.clickOn(button(ButtonData.NEXT_FORWARD));

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> console.text("#runStatus").startsWith("Restored into"));
        WaitForAsyncUtils.waitForFxEvents();
        shot("wizard-5-run.png");
        robot.clickOn(button(ButtonData.NEXT_FORWARD));

        String result = console.text("#resultText");
        assertTrue(result.contains("Dump checksum (SHA-256 footer): verified"), result);
        assertTrue(result.contains("Row counts: match the dump"), result);
        assertTrue(result.contains(out.toString()), result);
        shot("wizard-6-result.png");
        robot.clickOn(button(ButtonData.FINISH));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#backupList").tryQuery().isEmpty(), "the wizard is closed");

        DatabaseComparator.assertSameDatabase(new DemoWorkspace(dir.resolve("demo")).database("shop"), out);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temp files beside the restored file");
        }
    }

    /** The wizard's button with this role (the Finish button's text is "Finish " — find it by its data). */
    private Node button(ButtonData data) {
        return console.robot.lookup((Node n) -> n instanceof Button b && ButtonBar.getButtonData(b) == data
                && b.getScene() != null && b.isVisible() && !b.isDisabled()).query();
    }

    private void shot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Scene current = button(ButtonData.CANCEL_CLOSE).getScene();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> current.snapshot(null)).get(10, TimeUnit.SECONDS);
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Files.createDirectories(SHOTS);
        Path file = SHOTS.resolve(name);
        assertTrue(ImageIO.write(png, "png", file.toFile()), "no PNG writer");
        assertTrue(Files.size(file) > 5_000, file + " is suspiciously small");
    }
}
