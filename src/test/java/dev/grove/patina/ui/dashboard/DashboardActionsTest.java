package dev.grove.patina.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Back up now" per database, "Run weekly now" and the notifications, over a real runtime, no toolkit. */
class DashboardActionsTest {
    /** Monday of 2026-W47. */
    private static final Instant MONDAY_NIGHT = Instant.parse("2026-11-16T02:00:00Z");

    @TempDir
    Path dir;
    private UiFixtures.MovableClock clock;
    private PatinaRuntime runtime;
    private DashboardViewModel model;
    /** The model's actions are orders to the run service: a test waits for their runs to end. */
    private RunEnds ends;
    private final List<String> notified = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        clock = new UiFixtures.MovableClock(MONDAY_NIGHT);
        runtime = UiFixtures.open(UiFixtures.workspace(dir, List.of("alpha", "beta", "gamma"), 100), clock);
        model = new DashboardViewModel(DashboardFixtures.sources(runtime), new SyncUiExecutor(),
                (title, text, failed) -> notified.add((failed ? "FAILED " : "") + title + ": " + text));
        ends = new RunEnds(runtime.runs());
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void backUpNowBacksUpOnlyThatDatabaseAndItsCardShowsTheResult() throws Exception {
        model.backUp("beta");
        ends.await(1);

        assertTrue(runtime.catalog().latestGood("beta").isPresent());
        assertFalse(runtime.catalog().latestGood("alpha").isPresent(), "alpha was not backed up");
        assertFalse(runtime.catalog().latestGood("gamma").isPresent(), "gamma was not backed up");
        var run = runtime.catalog().recentRuns(5);
        assertEquals(1, run.size());
        assertEquals("manual", run.get(0).trigger());
        assertEquals(List.of("beta"), run.get(0).databases().stream().map(d -> d.database()).toList());

        assertEquals(Set.of("beta"), model.cardStatus().keySet());
        DatabaseProgressLine status = model.cardStatus().get("beta");
        assertEquals(DatabaseProgressLine.Phase.OK, status.phase());
        assertTrue(status.detail().startsWith("ok — "), status.detail());
        assertEquals(List.of(Health.NEVER, Health.OK, Health.NEVER),
                model.cards().stream().map(DatabaseCard::health).toList());
        assertFalse(model.runningProperty().get());
        assertEquals(1, notified.size(), notified.toString());
        assertTrue(notified.get(0).startsWith("Backup of beta finished: beta: ok — "), notified.get(0));
    }

    @Test
    void aFailedBackUpNowShowsOnItsCardAndNotifiesAFailure() throws Exception {
        Files.delete(dir.resolve("gamma.sqlite"));
        model.backUp("gamma");
        ends.await(1);
        assertEquals(DatabaseProgressLine.Phase.FAILED, model.cardStatus().get("gamma").phase());
        assertEquals(1, notified.size(), notified.toString());
        assertTrue(notified.get(0).startsWith("FAILED Backup of gamma failed: gamma: FAILED — "), notified.get(0));
    }

    @Test
    void runWeeklyNowArchivesTheLastEndedWeekAfterSevenNights() throws Exception {
        for (int night = 0; night < 7; night++) {
            runtime.backups().runNightly(clock.instant(), "schedule", Set.of(), BackupProgress.NONE);
            clock.advance(Duration.ofDays(1));
        }
        clock.advance(Duration.ofHours(10)); // Monday 2026-11-23 12:00: the last ended week is 2026-W47
        model.runWeekly();
        ends.await(1);

        String line = model.weeklyResultProperty().get();
        assertTrue(line.startsWith("Weekly 2026-W47: 21 members, "), line);
        assertTrue(line.endsWith(", 0 missing"), line);
        var weekly = runtime.catalog().lastRun(RunKind.WEEKLY).orElseThrow();
        assertEquals("manual", weekly.trigger());
        assertFalse(model.runningProperty().get());
        assertEquals(List.of("Weekly archive stored: " + line), notified);
    }

    @Test
    void aWeekWithMissingNightsSaysWhatIsMissing() throws Exception {
        for (int night = 0; night < 7; night++) {
            if (night != 3) {
                runtime.backups().runNightly(clock.instant(), "schedule", Set.of(), BackupProgress.NONE);
            }
            clock.advance(Duration.ofDays(1));
        }
        model.runWeekly();
        ends.await(1);
        String line = model.weeklyResultProperty().get();
        assertTrue(line.startsWith("Weekly 2026-W47: 18 members, ") && line.contains(", 3 missing — alpha 2026-11-19"),
                line);
    }

    @Test
    void backUpAllNotifiesOncePerRun() throws Exception {
        model.backUpAll();
        ends.await(1);
        model.backUpAll();
        ends.await(1);
        assertEquals(2, notified.size(), notified.toString());
        assertTrue(notified.get(0).startsWith("Backup finished: Backup finished: 3 of 3 ok"), notified.get(0));
    }
}
