package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.backups.BackupRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Backups table's "Test restore" badge, in the real console, headless: blank before any test restore; "✔ proven
 * …, N checks" once Verify proved a daily restorable; "✘ checks failed: …" naming the operator's check that failed
 * — in words, with the danger colour only on top.
 */
class BackupsProofBadgeTest {
    private static final Instant NIGHT = Instant.parse("2026-11-27T02:00:00Z");

    @TempDir
    Path dir;
    private ConsoleFixture console;

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.stop();
        }
    }

    @Test
    void theBadgeShowsTheProofAfterAVerifyAndTheFailedCheckAfterAFailingOne() throws Exception {
        console = ConsoleFixture.start(dir, Clock.fixed(Instant.parse("2026-11-28T06:30:00Z"), ZoneOffset.UTC),
                config -> {
                    // the jobs database gets an operator's check that can never pass
                    Files.writeString(config, Files.readString(config).replace("name = \"jobs\"\n",
                            "name = \"jobs\"\nchecks = [\"SELECT count(*) = -1 FROM sqlite_master\"]\n"));
                    try (PatinaRuntime runtime = UiFixtures.open(config, new UiFixtures.MovableClock(NIGHT))) {
                        runtime.backups().runNightly(NIGHT, "schedule", Set.of("shop", "jobs"), BackupProgress.NONE);
                    }
                });
        var robot = console.robot;
        robot.clickOn("#backupsTab");
        TableView<BackupRow> table = robot.lookup("#backupsTable").query();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(table.getColumns().stream().anyMatch(c -> "Test restore".equals(c.getText())));
        assertTrue(table.getItems().stream().allMatch(r -> r.proof().isEmpty()), "never test-restored: blank");
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        javafx.scene.control.Label message = robot.lookup("#verifyMessage").query();
        WaitForAsyncUtils.asyncFx(() -> message.textProperty().addListener((o, was, is) -> said.add(is)))
                .get(5, TimeUnit.SECONDS);

        verify(table, "shop");
        assertTrue(said.stream().anyMatch(t -> t.startsWith("Verifying daily/2026-11-27/shop.")
                && t.endsWith(": downloading and checking the checksum…")),
                "the test restore runs in the run queue and its progress is shown: " + said);
        try (var catalog = dev.grove.patina.catalog.Catalog.open(dir.resolve("demo/catalog.sqlite"),
                Clock.systemUTC())) {
            assertEquals("manual", catalog.lastRun(dev.grove.patina.model.RunKind.VERIFY).orElseThrow().trigger());
        }
        String shop = badge(table, "shop");
        assertTrue(shop.startsWith("\u2714 proven 2026-11-28 06:30 UTC, ") && shop.endsWith(" checks"), shop);
        assertEquals(shop, shownCell(shop).getText(), "the cell shows the badge's words");
        assertTrue(!shownCell(shop).getStyleClass().contains("proof-failed"));

        verify(table, "jobs");
        String jobs = badge(table, "jobs");
        assertEquals("\u2718 checks failed: check 0: SELECT count(*) = -1 FROM sqlite_master", jobs);
        assertTrue(shownCell(jobs).getStyleClass().contains("proof-failed"), "a failed badge takes the danger style");
        assertTrue(console.text("#verifyMessage").contains("check 0: SELECT count(*) = -1 FROM sqlite_master"),
                console.text("#verifyMessage"));

        // a fresh search reads the badges from the catalog (one query for the page), not from the verify's answer
        robot.clickOn("#keyFilter").write("jobs");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(jobs, badge(table, "jobs"));
        assertEquals(jobs, shownCell(jobs).getText());
    }

    private void verify(TableView<BackupRow> table, String database) throws Exception {
        int row = java.util.stream.IntStream.range(0, table.getItems().size())
                .filter(i -> table.getItems().get(i).database().equals(database)).findFirst().orElseThrow();
        WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().clearAndSelect(row)).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        console.robot.clickOn("#verifyButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !badge(table, database).isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String badge(TableView<BackupRow> table, String database) {
        return table.getItems().stream().filter(r -> r.database().equals(database)).findFirst()
                .map(BackupRow::proof).orElse("");
    }

    private TableCell<?, ?> shownCell(String text) {
        List<TableCell<?, ?>> cells = console.robot.lookup(".table-cell").<TableCell<?, ?>>queryAll().stream()
                .filter(c -> text.equals(c.getText())).toList();
        assertEquals(1, cells.size(), "one cell shows " + text);
        return cells.get(0);
    }
}
