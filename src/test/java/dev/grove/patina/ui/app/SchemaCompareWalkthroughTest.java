package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.backups.BackupRow;
import dev.grove.patina.ui.backups.SchemaCompareViewModel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Backups → select two dailies of one database → "Compare schemas…", headless: two nights of the demo's shop with a
 * migration between them; the dialog shows the summary line and the changes side by side, coloured by kind.
 */
class SchemaCompareWalkthroughTest {
    private static final Instant FIRST_NIGHT = Instant.parse("2026-11-26T02:00:00Z");

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
    void twoDailiesOfShopComparedSideBySide() throws Exception {
        console = ConsoleFixture.start(dir, Clock.fixed(Instant.parse("2026-11-28T06:30:00Z"), ZoneOffset.UTC),
                config -> {
                    UiFixtures.MovableClock clock = new UiFixtures.MovableClock(FIRST_NIGHT);
                    try (PatinaRuntime runtime = UiFixtures.open(config, clock)) {
                        runtime.backups().runNightly(clock.instant(), "schedule", Set.of("shop", "jobs"),
                                BackupProgress.NONE);
                        Path shop = new DemoWorkspace(config.getParent()).database("shop");
                        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + shop);
                             Statement s = c.createStatement()) {
                            s.execute("CREATE TABLE coupons (code TEXT PRIMARY KEY, percent INTEGER NOT NULL)");
                            s.execute("CREATE INDEX coupons_percent ON coupons (percent)");
                            s.execute("ALTER TABLE products ADD COLUMN discontinued INTEGER NOT NULL DEFAULT 0");
                            s.execute("DROP INDEX open_orders");
                            s.execute("CREATE INDEX open_orders ON orders(placed_at) WHERE status IN ('open', 'held')");
                        }
                        clock.advance(Duration.ofDays(1));
                        runtime.backups().runNightly(clock.instant(), "schedule", Set.of("shop", "jobs"),
                                BackupProgress.NONE);
                    }
                });
        var robot = console.robot;
        robot.clickOn("#backupsTab");
        TableView<BackupRow> table = robot.lookup("#backupsTable").query();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 4);
        WaitForAsyncUtils.waitForFxEvents();
        Button compare = robot.lookup("#compareSchemas").query();
        assertTrue(compare.isDisabled(), "nothing selected yet");

        List<Integer> shopRows = java.util.stream.IntStream.range(0, table.getItems().size())
                .filter(i -> table.getItems().get(i).database().equals("shop")).boxed().toList();
        List<Integer> mixed = List.of(shopRows.get(0), java.util.stream.IntStream.range(0, table.getItems().size())
                .filter(i -> table.getItems().get(i).database().equals("jobs")).findFirst().orElseThrow());
        select(table, mixed);
        assertTrue(compare.isDisabled(), "a daily of shop and one of jobs are not compared");
        assertTrue(SchemaCompareViewModel.unavailable(List.copyOf(table.getSelectionModel().getSelectedItems()))
                .contains("different databases"));

        select(table, shopRows);
        assertFalse(compare.isDisabled(), "two dailies of shop");
        robot.clickOn(compare);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#compareSummary").tryQuery().isPresent()
                && console.text("#compareSummary").startsWith("shop: "));
        WaitForAsyncUtils.waitForFxEvents();
        String summary = console.text("#compareSummary");
        assertTrue(summary.startsWith("shop: 1 table added, 1 table changed, ") && summary.endsWith("; rows +0"),
                summary);
        TableView<SchemaCompareViewModel.ChangeRow> changes = robot.lookup("#compareTable").query();
        List<String> shown = changes.getItems().stream().map(r -> r.kind() + "|" + r.older() + "|" + r.newer())
                .toList();
        assertTrue(shown.contains("added||table coupons added"), shown.toString());
        assertTrue(shown.contains("added||index coupons_percent added"), shown.toString());
        assertTrue(shown.stream().anyMatch(r -> r.startsWith("added||column products.discontinued added")),
                shown.toString());
        SchemaCompareViewModel.ChangeRow index = changes.getItems().stream()
                .filter(r -> r.kind().equals("changed") && r.object().equals("open_orders")).findFirst().orElseThrow();
        assertTrue(index.older().startsWith("index open_orders") && !index.older().contains("held")
                && index.newer().contains("'held'"), index.toString());
        assertEquals("2026-11-26", changes.getColumns().get(2).getText(), "the older backup on the left");
        assertEquals("2026-11-27", changes.getColumns().get(3).getText());
        assertFalse(robot.lookup(".table-row-cell.change-added").queryAll().isEmpty(), "added rows are coloured");
        assertFalse(robot.lookup(".table-row-cell.change-changed").queryAll().isEmpty(), "so are changed ones");
        Screenshots.write(changes.getScene(), "schema-compare.png");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    }

    private static void select(TableView<BackupRow> table, List<Integer> rows) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            table.getSelectionModel().clearSelection();
            rows.forEach(i -> table.getSelectionModel().select(i));
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
