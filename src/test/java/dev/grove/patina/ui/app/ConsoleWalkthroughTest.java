package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.ui.backups.BackupRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** The console as an operator meets it, headless: the real app, a real demo workspace, real clicks. */
class ConsoleWalkthroughTest {
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
    void backUpAllThenFindEachDatabaseInTheBackupsTab() throws Exception {
        var robot = console.robot;
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup(".db-card.never").queryAll().size() == DemoWorkspace.DATABASES.size());
        assertTrue(console.text("#schedule").startsWith("Next nightly "), console.text("#schedule"));

        console.backUpAllAndWait();
        assertTrue(console.text("#runMessage").startsWith("Backup finished: 6 of 6 ok"), console.text("#runMessage"));
        assertFalse(robot.lookup("#backUpAll").<Button>query().isDisabled(), "the button is back once the run ends");
        List<String> lines = robot.lookup("#progressLines .label").<Label>queryAll().stream().map(Label::getText)
                .toList();
        assertEquals(6, lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.contains(": ok — ")), lines.toString());

        robot.clickOn("Backups");
        TableView<BackupRow> table = robot.lookup("#backupsTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 6);
        assertEquals(DemoWorkspace.DATABASES.stream().sorted().toList(),
                table.getItems().stream().map(BackupRow::database).sorted().toList(), "one row per database");

        robot.clickOn("#databaseFilter");
        robot.clickOn(menuItem("jobs"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertEquals("jobs", table.getItems().get(0).database());
        assertEquals("1 backup", console.text("#backupsSummary"));
    }

    @Test
    void verifyASelectedBackupThenFindItUnderVerified() throws Exception {
        var robot = console.robot;
        console.backUpAllAndWait();
        robot.clickOn("Backups");
        TableView<BackupRow> table = robot.lookup("#backupsTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 6);
        assertTrue(robot.lookup("#verifyButton").<Button>query().isDisabled(), "nothing selected yet");

        String key = table.getItems().get(1).key();
        robot.clickOn(robot.lookup((Node n) -> n instanceof TableCell<?, ?> c && key.equals(c.getText()))
                .<Node>query());
        assertEquals(key, table.getSelectionModel().getSelectedItem().key());
        assertEquals("no", table.getSelectionModel().getSelectedItem().verified());
        robot.clickOn("#verifyButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> console.text("#verifyMessage").startsWith("Verified "));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.text("#verifyMessage").startsWith("Verified " + key + ": checksum ok, "),
                console.text("#verifyMessage"));
        BackupRow row = table.getItems().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
        assertFalse("no".equals(row.verified()), "the Verified column shows when: " + row.verified());
        assertTrue(robot.lookup((Node n) -> n instanceof TableCell<?, ?> c && row.verified().equals(c.getText()))
                .tryQuery().isPresent(), "the new verified time is on screen");
        assertEquals(key, table.getSelectionModel().getSelectedItem().key(), "the row stays selected");
        assertFalse(robot.lookup("#verifyButton").<Button>query().isDisabled());

        robot.clickOn("#statusFilter");
        robot.clickOn(menuItem("Verified"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertEquals(key, table.getItems().get(0).key());
        robot.clickOn("#statusFilter");
        robot.clickOn(menuItem("Not verified"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 5);
        assertTrue(table.getItems().stream().noneMatch(r -> r.key().equals(key)));
        String gone = table.getItems().get(0).key();
        try (Catalog catalog = Catalog.open(dir.resolve("demo").resolve("catalog.sqlite"), Clock.systemUTC())) {
            assertTrue(catalog.markDeleted(gone, Instant.parse("2026-11-20T03:00:00Z")), "as retention would");
        }
        robot.clickOn("#statusFilter");
        robot.clickOn(menuItem("Deleted"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertEquals(gone, table.getItems().get(0).key());
        assertEquals("1 backup", console.text("#backupsSummary"));
        robot.clickOn(robot.lookup((Node n) -> n instanceof TableCell<?, ?> c && gone.equals(c.getText()))
                .<Node>query());
        assertTrue(robot.lookup((Node n) -> n instanceof TableCell<?, ?> c && "deleted 2026-11-20".equals(c.getText()))
                .tryQuery().isPresent(), "the Status column marks the deleted backup");
        for (String button : List.of("#verifyButton", "#restoreButton", "#exportButton")) {
            assertTrue(robot.lookup(button).<Button>query().isDisabled(), button + " is off for a deleted backup");
            Node wrapper = robot.lookup(button + "Wrapper").query();
            Tooltip tip = (Tooltip) wrapper.getProperties().get("javafx.scene.control.Tooltip");
            assertTrue(tip != null && tip.getText().contains(gone) && tip.getText().contains("2026-11-20"),
                    button + "'s tooltip says why: " + (tip == null ? null : tip.getText()));
        }
        robot.moveTo("#verifyButtonWrapper");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.listWindows().stream()
                .anyMatch(w -> w instanceof Tooltip t && t.isShowing() && t.getText().contains(gone)));
        // Leave no tooltip showing: left behind, it broke the next console test's click on Restore… (in one JVM).
        robot.moveTo("#backupsSummary");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.listWindows().stream()
                .noneMatch(w -> w instanceof Tooltip t && t.isShowing()));
    }

    /** The label of a ChoiceBox's popup entry (not a card or a table cell with the same text). */
    private Node menuItem(String text) {
        return console.robot.lookup((Node n) -> n instanceof Label l && text.equals(l.getText())
                && n.getScene() != null && n.getScene().getWindow() instanceof ContextMenu).query();
    }
}
