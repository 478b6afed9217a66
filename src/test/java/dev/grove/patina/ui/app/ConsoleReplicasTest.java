package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.ui.backups.BackupRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console with two replicas (issue 14 §2), headless: a local folder that works and one whose folder is a file (a
 * disk not mounted). After "Back up all now" the dashboard says which replica is how far behind, and the Backups
 * table shows each object's copy on each replica.
 */
class ConsoleReplicasTest {
    @TempDir
    Path dir;
    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        Path unmounted = Files.writeString(dir.resolve("unmounted"), "not a folder");
        console = ConsoleFixture.start(dir, Clock.systemUTC(), config -> Files.writeString(config, """

                [[replicas]]
                name = "usb"
                type = "local"
                path = "%s"

                [[replicas]]
                name = "nas"
                type = "local"
                path = "%s"
                timeout_seconds = 20
                """.formatted(dir.resolve("usb"), unmounted.resolve("patina")), StandardOpenOption.APPEND));
    }

    @AfterEach
    void stop() throws Exception {
        console.stop();
    }

    @Test
    void theDashboardSaysHowFarEachReplicaIsBehindAndTheTableShowsEachCopy() throws Exception {
        var robot = console.robot;
        // nothing to copy before the first backup
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> console.text("#replicas").equals("Replicas in sync")).get(5, TimeUnit.SECONDS));

        console.backUpAllAndWait();
        int n = DemoWorkspace.DATABASES.size();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> console.text("#replicas").equals("Replicas: usb in sync; nas " + n + " behind"))
                .get(5, TimeUnit.SECONDS));
        Screenshots.write(console.node("#replicas").getScene(), "dashboard-replicas.png");

        robot.clickOn("Backups");
        TableView<BackupRow> table = robot.lookup("#backupsTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == n);
        assertTrue(table.getColumns().stream().anyMatch(c -> "Replicas".equals(c.getText())), "a Replicas column");
        for (BackupRow row : table.getItems()) {
            assertEquals("usb ok, nas pending (1 try)", row.replicas(), row.key());
            assertTrue(Files.isRegularFile(dir.resolve("usb").resolve(row.key())), row.key());
        }
        Screenshots.write(table.getScene(), "backups-replicas.png");
    }
}
