package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.source.d1.FakeD1Server;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.backups.BackupRow;
import dev.grove.patina.restore.BackupChoice;
import dev.grove.patina.ui.restore.TargetMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The restore wizard as an operator meets it, headless: back up the demo, pick a daily in the Backups tab, restore
 * it into a new file through every page, and find the restored file equal to the source. Writes a screenshot of each
 * step (target/screenshots, or docs/screenshots with {@code -Dpatina.screenshots.update=true}). A second walk picks a
 * weekly archive's member, looks at the D1 target (typed-name confirmation, plan warnings) and restores the member.
 */
class RestoreWizardWalkthroughTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z");
    private static final Clock CLOCK = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW));

    @TempDir
    Path dir;
    private ConsoleFixture console;
    private Path out;
    private final List<String> asked = new ArrayList<>();

    private FakeD1Server d1;

    @BeforeEach
    void prepare() throws Exception {
        out = Files.createDirectories(dir.resolve("out")).resolve("shop-restored.sqlite");
    }

    private void start(ConsoleFixture.Seed seed) throws Exception {
        console = ConsoleFixture.start(dir, CLOCK, (title, suggested) -> {
            asked.add(title + " " + suggested.getFileName());
            return Optional.of(out);
        }, seed);
    }

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.stop();
        }
        if (d1 != null) {
            d1.close();
        }
    }

    @Test
    void restoreADailyFromTheBackupsTabIntoANewFile() throws Exception {
        start(config -> {
        });
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

    @Test
    void aDifferentialDayShowsTheChainItAppliesAndRestoresThatDay() throws Exception {
        Path tuesday = dir.resolve("shop-tuesday.sqlite");
        String diffKey = "daily/2026-11-24/shop.diff.sql.gz";
        start(config -> {
            Files.writeString(config, Files.readString(config).replace("name = \"shop\"\ntype = \"sqlite\"\n",
                    "name = \"shop\"\ntype = \"sqlite\"\nstrategy = \"differential\"\n"));
            UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-23T02:00:00Z"));
            Path shop = new DemoWorkspace(dir.resolve("demo")).database("shop");
            try (PatinaRuntime rt = UiFixtures.open(config, clock)) {
                rt.backups().runNightly(clock.instant(), "test", Set.of("shop"), BackupProgress.NONE);
                try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + shop);
                     var st = c.createStatement()) {
                    st.execute("UPDATE customers SET name = name || ' (moved)' WHERE id % 10 = 0");
                }
                Files.copy(shop, tuesday);
                clock.advance(Duration.ofDays(1));
                rt.backups().runNightly(clock.instant(), "test", Set.of("shop"), BackupProgress.NONE);
                assertTrue(rt.catalog().object(diffKey).isPresent(), "Tuesday is a differential");
            }
        });
        var robot = console.robot;
        robot.clickOn("Backups");
        TableView<BackupRow> table = robot.lookup("#backupsTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().stream()
                .anyMatch(r -> diffKey.equals(r.key())));
        BackupRow row = table.getItems().stream().filter(r -> diffKey.equals(r.key())).findFirst().orElseThrow();
        robot.interact(() -> table.getSelectionModel().select(row));
        robot.clickOn("#restoreButton");

        ListView<?> backups = robot.lookup("#backupList").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> backups.getSelectionModel().getSelectedItem() != null);
        WaitForAsyncUtils.waitForFxEvents();
        String chain = console.text("#backupChain");
        assertTrue(chain.startsWith("Restores the chain: full 2026-11-23 (shop.sql.gz, "), chain);
        assertTrue(chain.contains(" + differential 2026-11-24 (shop.diff.sql.gz, "), chain);
        assertTrue(robot.lookup("#backupChain").query().isVisible());
        robot.clickOn(button(ButtonData.NEXT_FORWARD));
        robot.clickOn("#chooseTarget");
        robot.clickOn(button(ButtonData.NEXT_FORWARD));
        robot.clickOn(button(ButtonData.NEXT_FORWARD));

        assertTrue(robot.lookup("#planChain").query().isVisible(), "the plan shows the chain");
        assertEquals(chain, console.text("#planChain"));
        assertTrue(console.text("#planText").contains("1. Download the full daily/2026-11-23/shop.sql.gz"),
                console.text("#planText"));
        robot.clickOn(button(ButtonData.NEXT_FORWARD));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> console.text("#runStatus").startsWith("Restored into"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(button(ButtonData.NEXT_FORWARD));
        robot.clickOn(button(ButtonData.FINISH));
        WaitForAsyncUtils.waitForFxEvents();
        DatabaseComparator.assertSameDatabase(tuesday, out);
    }

    /**
     * A config with a D1 database (a fake D1 over a SQLite file), a night's backup of shop and the week's archive
     * built by the real archiver; then the daily is removed from the store, so only the weekly archive has the data.
     */
    private void seedWeeklyAndD1(Path config) throws Exception {
        d1 = new FakeD1Server(dir.resolve("d1.sqlite"), "acc0123", "db-7f3c", "tok-d1-test");
        Files.writeString(config, Files.readString(config).replace("[schedule]", """
                [[databases]]
                name = "edge"
                type = "d1"
                account_id = "acc0123"
                database_id = "db-7f3c"
                api_token = "tok-d1-test"
                api_base = "%s"

                [schedule]""".formatted(d1.apiBase())));
        try (PatinaRuntime rt = UiFixtures.open(config, CLOCK)) {
            rt.backups().runNightly(CLOCK.instant(), "test", Set.of("shop"), BackupProgress.NONE);
            var week = rt.weeklyArchiver().apply(rt.weeklyArchiver().plan(LocalDate.of(2026, 11, 28)));
            assertEquals(1, week.members().size(), week.toString());
            rt.store().delete(week.members().get(0).sourceKey());
        }
    }

    @Test
    void restoreAWeeklyMemberIntoANewFileAfterLookingAtTheD1Target() throws Exception {
        start(this::seedWeeklyAndD1);
        var robot = console.robot;
        robot.clickOn("Backups");
        TableView<BackupRow> table = robot.lookup("#backupsTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        BackupRow weekly = table.getItems().stream().filter(r -> r.kind().equals("weekly")).findFirst()
                .orElseThrow();
        robot.interact(() -> table.getSelectionModel().select(weekly));
        robot.clickOn("#restoreButton");

        ListView<BackupChoice> backups = robot.lookup("#backupList").query();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> backups.getSelectionModel().getSelectedItem() != null
                && console.text("#sourceStatus").isEmpty());
        BackupChoice member = backups.getSelectionModel().getSelectedItem();
        assertTrue(member.weekly(), member.label());
        assertEquals(weekly.key(), member.key());
        assertTrue(member.label().startsWith("shop — weekly 2026-W48 · 2026-11-28 member — "), member.label());
        assertEquals(2, backups.getItems().size(), "the daily (still in the catalog) and the member");
        assertTrue(console.text("#backupDetails").startsWith(weekly.key() + " → 2026-11-28/shop.sql"),
                console.text("#backupDetails"));
        shot("wizard-1-weekly-source.png");
        robot.clickOn(button(ButtonData.NEXT_FORWARD));

        ChoiceBox<TargetMode> mode = robot.lookup("#targetMode").query();
        assertTrue(mode.getItems().contains(TargetMode.D1));
        assertFalse(mode.getItems().contains(TargetMode.EXPORT_STORED), "a member is plain SQL");
        robot.interact(() -> mode.setValue(TargetMode.D1));
        robot.clickOn("#d1Confirmation").write("edg");
        assertEquals("'edg' is not edge: type the D1 database's name exactly to confirm.",
                console.text("#targetProblem"));
        shot("wizard-2-d1-target.png");
        robot.write("e");
        assertEquals("", console.text("#targetProblem"));
        robot.clickOn(button(ButtonData.NEXT_FORWARD));
        assertTrue(robot.lookup("#d1AllTables").query().isVisible());
        assertFalse(robot.lookup("#skipMigrations").<CheckBox>query().isMnemonicParsing(), "shows d1_migrations");
        robot.clickOn(button(ButtonData.NEXT_FORWARD));
        assertTrue(console.text("#planWarnings").contains("D1 blocks the database edge"),
                console.text("#planWarnings"));
        shot("wizard-4-d1-plan.png");
        robot.clickOn(button(ButtonData.BACK_PREVIOUS));
        robot.clickOn(button(ButtonData.BACK_PREVIOUS));

        robot.interact(() -> mode.setValue(TargetMode.NEW_FILE));
        robot.clickOn("#chooseTarget");
        assertEquals(List.of("Restore into shop-2026-11-28-restored.sqlite"), asked);
        assertEquals("", console.text("#targetProblem"));
        robot.clickOn(button(ButtonData.NEXT_FORWARD));
        robot.clickOn(button(ButtonData.NEXT_FORWARD));
        assertTrue(console.text("#planText").contains("extract only 2026-11-28/shop.sql"),
                console.text("#planText"));
        robot.clickOn(button(ButtonData.NEXT_FORWARD));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> console.text("#runStatus").startsWith("Restored into"));
        robot.clickOn(button(ButtonData.NEXT_FORWARD));
        String result = console.text("#resultText");
        assertTrue(result.contains("Row counts: match the dump"), result);
        robot.clickOn(button(ButtonData.FINISH));
        WaitForAsyncUtils.waitForFxEvents();

        DatabaseComparator.assertSameDatabase(new DemoWorkspace(dir.resolve("demo")).database("shop"), out);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temp files beside the restored file");
        }
        assertEquals(0, d1.requests(), "looking at the D1 target sends nothing");
    }

    /** The wizard's button with this role (the Finish button's text is "Finish " — find it by its data). */
    private Node button(ButtonData data) {
        return console.robot.lookup((Node n) -> n instanceof Button b && ButtonBar.getButtonData(b) == data
                && b.getScene() != null && b.isVisible() && !b.isDisabled()).query();
    }

    private void shot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(button(ButtonData.CANCEL_CLOSE).getScene(), name);
    }
}
