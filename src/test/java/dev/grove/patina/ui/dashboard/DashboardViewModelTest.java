package dev.grove.patina.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schedule.CronSchedule;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's view model over a real runtime (temp config, local store, SQLite files), no toolkit. */
class DashboardViewModelTest {
    private static final Instant SATURDAY_NOON = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;
    private UiFixtures.MovableClock clock;
    private PatinaRuntime runtime;
    private DashboardViewModel model;
    /** The model's actions are orders to the run service: a test waits for their runs to end. */
    private RunEnds ends;

    @BeforeEach
    void open() throws Exception {
        clock = new UiFixtures.MovableClock(SATURDAY_NOON);
        runtime = UiFixtures.open(UiFixtures.workspace(dir, List.of("alpha", "beta", "gamma"), 200), clock);
        model = new DashboardViewModel(DashboardFixtures.sources(runtime), new SyncUiExecutor());
        ends = new RunEnds(runtime.runs());
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void aFreshWorkspaceShowsEveryDatabaseAsNeverBackedUp() throws Exception {
        model.refresh();
        assertEquals(List.of("alpha", "beta", "gamma"), model.cards().stream().map(DatabaseCard::name).toList());
        for (DatabaseCard c : model.cards()) {
            assertEquals(Health.NEVER, c.health());
            assertEquals("no good backup yet", c.reason());
            assertEquals("—", c.size());
            assertNull(c.lastError());
        }
        assertEquals("Next nightly Sun 29 Nov 02:00 (in 14 h)  ·  next weekly Sun 29 Nov 03:00 (in 15 h)"
                + "  ·  clean-up right after the weekly  ·  times in UTC", model.scheduleProperty().get());
        assertEquals("No nightly has run yet.", model.lastRunProperty().get());
    }

    @Test
    void backUpAllRunsEveryDatabaseShowsProgressAndRefreshesTheCards() throws Exception {
        List<Boolean> runningSeen = new ArrayList<>();
        model.runningProperty().addListener((o, was, is) -> runningSeen.add(is));
        model.backUpAll();
        ends.await(1);

        assertEquals(List.of(true, false), runningSeen, "running while the backup ran, then done");
        assertEquals(1.0, model.progressProperty().get());
        assertEquals(3, model.progressLines().size());
        for (DatabaseProgressLine p : model.progressLines()) {
            assertEquals(DatabaseProgressLine.Phase.OK, p.phase(), p.line());
            assertTrue(p.line().matches(p.database() + ": ok — [0-9.]+ (B|KiB), 200 rows in [0-9.]+ s"), p.line());
        }
        assertTrue(model.messageProperty().get().startsWith("Backup finished: 3 of 3 ok, "),
                model.messageProperty().get());
        for (DatabaseCard c : model.cards()) {
            assertEquals(Health.OK, c.health(), c.toString());
            assertEquals("2026-11-28 12:00 UTC", c.lastGood());
            assertEquals("< 1 min", c.age());
            assertTrue(c.size().endsWith("KiB") || c.size().endsWith(" B"), c.size());
            assertEquals("last good backup < 1 min ago", c.reason());
        }
        assertEquals(1, runtime.catalog().recentRuns(5).size());
        assertEquals("manual", runtime.catalog().recentRuns(1).get(0).trigger());
    }

    @Test
    void aNewestBackupVerifyFoundDamagedMakesTheCardDamagedAndNamesItsKey() throws Exception {
        model.backUpAll(); // Saturday
        ends.await(1);
        String older = runtime.catalog().latestGood("alpha").orElseThrow().key();
        clock.advance(Duration.ofDays(1));
        model.backUpAll(); // Sunday
        ends.await(1);
        StoredObject newest = runtime.catalog().latestGood("alpha").orElseThrow();
        Path file = runtime.config().store() instanceof dev.grove.patina.config.LocalStoreConfig local
                ? local.path().resolve(newest.key()) : null;
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        java.nio.file.Files.write(file, bytes);
        assertFalse(runtime.verifier().verify(List.of(newest), r -> { }).get(0).ok());

        model.refresh();
        DatabaseCard alpha = model.cards().get(0);
        assertEquals(Health.DAMAGED, alpha.health());
        assertTrue(alpha.damage().startsWith(newest.key() + " is damaged: checksum mismatch"), alpha.damage());
        assertTrue(alpha.reason().startsWith("the newest backup is DAMAGED; the last good one is older"),
                alpha.reason());
        assertEquals(older, runtime.catalog().latestGood("alpha").orElseThrow().key());
        assertEquals("2026-11-28 12:00 UTC", alpha.lastGood(), "the last good backup is Saturday's, not the damaged");
        assertEquals(Health.OK, model.cards().get(1).health(), "beta is not damaged");
        assertNull(model.cards().get(1).damage());
    }

    @Test
    void aBackupOlderThan26HoursIsStaleAndSaysWhy() throws Exception {
        model.backUpAll();
        ends.await(1);
        clock.advance(Duration.ofHours(26));
        model.refresh();
        assertEquals(Health.OK, model.cards().get(0).health(), "26 h exactly is still fresh");
        clock.advance(Duration.ofMinutes(1));
        model.refresh();
        DatabaseCard alpha = model.cards().get(0);
        assertEquals(Health.STALE, alpha.health());
        assertEquals("26 h 1 min", alpha.age());
        assertTrue(alpha.reason().contains("over 26 h"), alpha.reason());
    }

    @Test
    void aFailedDatabaseShowsTheErrorOfTheLastNightlyAndTheOthersStillBackUp() throws Exception {
        Files.delete(dir.resolve("beta.sqlite"));
        model.backUpAll();
        ends.await(1);
        assertTrue(model.messageProperty().get().contains("2 of 3 ok") && model.messageProperty().get()
                .endsWith("failed: beta"), model.messageProperty().get());
        DatabaseCard beta = model.cards().get(1);
        assertEquals(Health.NEVER, beta.health());
        assertTrue(beta.lastError() != null && beta.lastError().contains("beta.sqlite"), String.valueOf(beta));
        assertEquals(DatabaseProgressLine.Phase.FAILED, model.progressLines().get(1).phase());
        assertTrue(model.progressLines().get(1).line().startsWith("beta: FAILED — "));
        assertEquals(Health.OK, model.cards().get(0).health());
        assertNull(model.cards().get(0).lastError());
    }

    @Test
    void aCatalogThatCannotBeReadIsReportedInOneLine() throws Exception {
        runtime.close();
        model.refresh();
        assertTrue(model.messageProperty().get().startsWith("Cannot read the catalog: "),
                model.messageProperty().get());
        assertFalse(model.messageProperty().get().contains("\n"));
        model.backUpAll();
        assertFalse(model.runningProperty().get(), "a run that could not start does not stay running");
    }

    @Test
    void aFinishedDatabaseIsWordedFromItsOutcome() throws Exception {
        // a late progress event never overwrites it: run.LiveRunTest holds that for the run's own numbers
        assertEquals("a: ok — 2.0 KiB, 1,500 rows in 1.5 s", DashboardLines.finalLine(new DatabaseOutcome("a",
                RunStatus.OK, "k", Map.of("t", 1500L), 2048, Duration.ofMillis(1500), null)).line());
    }

    @Test
    void theScheduleLineNamesTheNextNightlyAndWeekly() throws Exception {
        String line = DashboardViewModel.scheduleLine(new CronSchedule(ScheduleConfig.defaults()),
                Instant.parse("2026-11-27T23:30:00Z"), ZoneOffset.UTC);
        assertEquals("Next nightly Sat 28 Nov 02:00 (in 2 h 30 min)  ·  next weekly Sun 29 Nov 03:00 (in 27 h 30 min)"
                + "  ·  clean-up right after the weekly  ·  times in UTC", line);
        ScheduleConfig ownCleanup = new ScheduleConfig(3, ScheduleConfig.defaults().nightly(),
                ScheduleConfig.defaults().weekly(), "0 30 4 * * ?", ZoneOffset.UTC);
        assertEquals("Next nightly Sat 28 Nov 02:00 (in 2 h 30 min)  ·  next weekly Sun 29 Nov 03:00 (in 27 h 30 min)"
                + "  ·  next clean-up Sat 28 Nov 04:30 (in 5 h)  ·  times in UTC", DashboardViewModel.scheduleLine(
                new CronSchedule(ownCleanup), Instant.parse("2026-11-27T23:30:00Z"), ZoneOffset.UTC));
    }

    @Test
    void theLastNightlyIsSummedUpWithWhatWasNotBackedUp() throws Exception {
        String run = runtime.catalog().startRun(dev.grove.patina.model.RunKind.NIGHTLY, "schedule",
                java.time.LocalDate.of(2026, 11, 28));
        runtime.catalog().recordOutcome(run, new DatabaseOutcome("alpha", RunStatus.OK, "daily/2026-11-28/alpha.sql",
                Map.of("item", 200L), 2048, Duration.ofSeconds(1), null));
        runtime.catalog().recordOutcome(run, new DatabaseOutcome("beta", RunStatus.FAILED, null, null, 0,
                Duration.ZERO, "beta.sqlite: file is not a database"));
        runtime.catalog().finishRun(run, RunStatus.PARTIAL);
        model.refresh();
        assertTrue(model.lastRunProperty().get().matches("Last nightly: Sat 28 Nov 12:00 \\(scheduled\\), [0-9.]+ s"
                + " — partial, 1 of 2 ok, 2\\.0 KiB; not backed up: beta"), model.lastRunProperty().get());
    }
}
