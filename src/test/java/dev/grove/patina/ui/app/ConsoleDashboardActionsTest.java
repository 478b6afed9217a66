package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A card's "Back up now" and "Run weekly now" in the real console, headless; the notification each finished run
 * shows (ControlsFX) does not get in the way.
 */
class ConsoleDashboardActionsTest {
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
    void backUpNowOnOneCardThenRunWeeklyNow() throws Exception {
        var robot = console.robot;
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".db-card.never").queryAll().size() == 6);

        robot.clickOn("#backUp-shop");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#cardStatus-shop").tryQuery().isPresent()
                && console.text("#cardStatus-shop").startsWith("ok — ")
                && robot.lookup(".db-card.ok").queryAll().size() == 1);
        // the card shows the catalog's new row; the buttons come back when the run service says the run ended,
        // which may be a moment later on a busy machine
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#backUp-jobs").<Button>query()
                .isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, robot.lookup("#card-shop.ok").queryAll().size(), "shop is backed up");
        assertEquals(5, robot.lookup(".db-card.never").queryAll().size(), "the others are not");
        assertFalse(robot.lookup("#backUp-jobs").<Button>query().isDisabled(), "the buttons are back after the run");

        robot.clickOn("#runWeekly");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> console.text("#weeklyResult").startsWith("Weekly ")
                && !robot.lookup("#runWeekly").<Button>query().isDisabled());
        assertTrue(console.text("#weeklyResult").matches("Weekly \\d{4}-W\\d{2}.*"), console.text("#weeklyResult"));
    }

    @Test
    void connectR2OpensTheStorageDialogWithR2ChosenAndCancelWritesNothing() throws Exception {
        String before = java.nio.file.Files.readString(console.config);
        assertTrue(console.node("#connectStore").isVisible(), "the demo backs up to a local folder: offer R2");
        console.robot.clickOn("#connectStore");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> console.robot.lookup("#storageDialog").tryQuery()
                .isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.robot.lookup("#storeKindR2").<javafx.scene.control.RadioButton>query().isSelected());
        assertTrue(console.node("#storeAccountId").isVisible(), "R2 asks for the account id");
        console.robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, java.nio.file.Files.readString(console.config), "Cancel writes nothing");
    }
}
