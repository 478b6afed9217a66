package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.dashboard.CleanupRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Clean up…" on the dashboard, headless: 10 nights of the demo (jobs only on the first two, so its newest good
 * daily is older than the 7-day window and kept by safety), the plan with its reasons, then Cancel deletes nothing.
 */
class CleanupDialogWalkthroughTest {
    private static final Instant FIRST_NIGHT = Instant.parse("2026-11-19T02:00:00Z");
    private static final Instant TODAY_NOON = Instant.parse("2026-11-28T12:00:00Z");

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
    void thePlanShowsRemovalsWithReasonsAndASafetyKeepAndCancelDeletesNothing() throws Exception {
        Set<String> others = new HashSet<>(DemoWorkspace.DATABASES);
        others.remove("jobs");
        console = ConsoleFixture.start(dir, Clock.fixed(TODAY_NOON, ZoneOffset.UTC), config -> {
            UiFixtures.MovableClock clock = new UiFixtures.MovableClock(FIRST_NIGHT);
            try (PatinaRuntime runtime = UiFixtures.open(config, clock)) {
                for (int night = 0; night < 10; night++) {
                    runtime.backups().runNightly(clock.instant(), "schedule", night < 2 ? Set.of() : others,
                            BackupProgress.NONE);
                    clock.advance(Duration.ofDays(1));
                }
            }
        });
        Path store = dir.resolve("demo").resolve("store");
        long filesBefore = countFiles(store);
        assertTrue(filesBefore >= 52, "5 databases × 10 nights + jobs × 2, at least one file each: " + filesBefore);

        var robot = console.robot;
        robot.clickOn("#cleanUp");
        TableView<CleanupRow> table = robot.lookup("#cleanupTable").query();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 52);
        WaitForAsyncUtils.waitForFxEvents();

        List<CleanupRow> removes = table.getItems().stream().filter(CleanupRow::removes).toList();
        assertEquals(16, removes.size(), removes.toString());
        assertTrue(removes.stream().allMatch(r -> r.reason().endsWith(": older than 7 days")), removes.toString());
        assertTrue(removes.stream().anyMatch(r -> r.reason().equals("daily of 2026-11-19: older than 7 days")));
        List<CleanupRow> safety = table.getItems().stream().filter(CleanupRow::safety).toList();
        assertEquals(1, safety.size(), safety.toString());
        assertEquals("jobs", safety.get(0).database());
        assertTrue(safety.get(0).reason().startsWith("kept by safety: newest good daily of jobs, 2026-11-20"),
                safety.get(0).reason());
        robot.interact(() -> table.scrollTo(safety.get(0)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("KEEP (safety)").tryQuery().isPresent(), "the safety keep is marked in the table");
        assertTrue(robot.lookup("REMOVE").tryQuery().isPresent(), "jobs' 2026-11-19 daily, next to it");
        assertTrue(console.text("#cleanupSummary").contains("Remove 16 of 52 objects"),
                console.text("#cleanupSummary"));
        Button remove = robot.lookup("#cleanupRemove").query();
        assertTrue(!remove.isDisabled(), "Remove is offered once the plan is shown");

        robot.clickOn("#cleanupCancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#cleanupTable").tryQuery().isEmpty(), "the dialog is closed");
        assertEquals(filesBefore, countFiles(store), "Cancel deleted nothing from the store");
        console.stop();
        console = null;

        try (PatinaRuntime runtime = UiFixtures.open(dir.resolve("demo").resolve("patina.toml"),
                Clock.fixed(TODAY_NOON, ZoneOffset.UTC))) {
            assertEquals(52, runtime.catalog().findObjects(ObjectQuery.firstPage(1000)
                    .withStatus(ObjectStatus.PRESENT)).items().size(), "the catalog still has every object");
            assertTrue(runtime.catalog().lastRun(RunKind.CLEANUP).isEmpty(), "no cleanup run was recorded");
        }
    }

    private static long countFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
