package dev.grove.patina.ui.dashboard;

import dev.grove.patina.run.RunOrder;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.TestRuns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over a real scheduler (not started: nothing fires on its own, triggers still run) and a real
 * runtime: "Back up all now" goes through the scheduler's nightly lane, its events drive the progress area and the
 * notification, Cancel stops a run, and a caught-up run shows the banner. No toolkit.
 */
class DashboardSchedulerTest {
    private static final Instant SATURDAY_NOON = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;
    private PatinaRuntime runtime;
    private SchedulerService scheduler;
    private DashboardViewModel model;
    private final List<String> notified = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        runtime = UiFixtures.open(UiFixtures.workspace(dir, List.of("alpha", "beta", "gamma"), 3000),
                new UiFixtures.MovableClock(SATURDAY_NOON));
        scheduler = new SchedulerService(runtime.config().schedule(), runtime.runs(), runtime.catalog(),
                runtime.clock());
        model = new DashboardViewModel(DashboardFixtures.sources(runtime), new SyncUiExecutor(),
                (title, text, failed) -> notified.add(title + "|" + failed + "|" + text), scheduler, null);
    }

    @AfterEach
    void close() {
        scheduler.shutdown(Duration.ofSeconds(10));
        runtime.close();
    }

    private void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20); // the run ends on the scheduler's thread
        }
    }

    @Test
    void backUpAllRunsThroughTheSchedulerAndItsEventsFillTheProgressArea() throws Exception {
        assertEquals("Schedules run in this app; closing the window keeps them running",
                model.residencyProperty().get());
        model.refresh();
        model.backUpAll();
        await(() -> !notified.isEmpty(), "the run's notification");

        assertEquals(1, notified.size(), notified.toString());
        assertTrue(notified.get(0).startsWith("Backup finished|false|Backup finished: 3 of 3 ok, "), notified.get(0));
        assertTrue(model.messageProperty().get().startsWith("Backup finished: 3 of 3 ok, "));
        assertFalse(model.runningProperty().get());
        assertFalse(model.cancellableProperty().get());
        assertEquals(1.0, model.progressProperty().get());
        assertEquals(List.of("alpha", "beta", "gamma"), model.progressLines().stream()
                .map(DatabaseProgressLine::database).toList());
        model.progressLines().forEach(p -> assertEquals(DatabaseProgressLine.Phase.OK, p.phase(), p.line()));
        assertEquals("manual", runtime.catalog().lastRun(RunKind.NIGHTLY).orElseThrow().trigger());
        await(() -> model.cards().stream().allMatch(c -> c.health() == Health.OK), "the cards to turn green");
    }

    @Test
    void aSecondBackUpAllWhileTheFirstRunsIsQueuedOnceNotDoubled() throws Exception {
        model.backUpAll(); // the button is disabled while it runs; the tray or the API can still trigger
        var second = scheduler.runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL));
        await(() -> notified.size() >= (second.outcome() == dev.grove.patina.run.TriggerResult.TriggerOutcome.STARTED
                ? 1 : 2), "both runs");
        long nightlies = runtime.catalog().recentRuns(10).stream().filter(r -> r.kind() == RunKind.NIGHTLY).count();
        assertEquals(second.outcome() == dev.grove.patina.run.TriggerResult.TriggerOutcome.STARTED ? 1 : 2, nightlies,
                second.toString());
    }

    @Test
    void aCaughtUpRunShowsTheBannerUntilDismissed() {
        String run = runtime.catalog().startRun(RunKind.NIGHTLY, "catch-up", LocalDate.of(2026, 11, 28),
                "2026-11-28T02:00:00Z");
        runtime.catalog().recordOutcome(run, new DatabaseOutcome("alpha", RunStatus.OK, "daily/2026-11-28/alpha.sql",
                java.util.Map.of("item", 3000L), 1000, Duration.ofSeconds(1), null));
        runtime.catalog().finishRun(run, RunStatus.OK);
        model.refresh();
        assertEquals("The nightly of Sat 28 Nov 02:00 was missed (Patina was not running, or the computer slept) and "
                + "caught up at Sat 28 Nov 12:00: 1 of 1 ok.", model.bannerProperty().get());
        model.dismissBanner();
        assertEquals("", model.bannerProperty().get());
        model.refresh();
        assertEquals("", model.bannerProperty().get(), "dismissed stays dismissed");
    }

    @Test
    void aCatchUpOlderThanADayShowsNoBanner() {
        String run = runtime.catalog().startRun(RunKind.NIGHTLY, "catch-up", LocalDate.of(2026, 11, 28),
                "2026-11-28T02:00:00Z");
        runtime.catalog().finishRun(run, RunStatus.OK);
        DashboardViewModel later = new DashboardViewModel(DashboardFixtures.sources(runtime), new SyncUiExecutor());
        ((UiFixtures.MovableClock) runtime.clock()).advance(Duration.ofHours(25));
        later.refresh();
        assertEquals("", later.bannerProperty().get());
    }

    @Test
    void withTheScheduleInADaemonTheDashboardSaysWhere() {
        DashboardViewModel elsewhere = new DashboardViewModel(DashboardFixtures.sources(runtime), new SyncUiExecutor(),
                (a, b, c) -> { },
                null, "patina daemon (pid 42)");
        assertEquals("Schedules run in patina daemon (pid 42); this window shows and triggers backups",
                elsewhere.residencyProperty().get());
    }

    @Test
    void pauseAndResumeTheSchedulesFromTheDashboard() {
        assertTrue(model.schedulerAttachedProperty().get());
        assertFalse(model.pausedProperty().get());
        model.togglePause();
        assertTrue(scheduler.isPaused());
        assertTrue(model.pausedProperty().get());
        assertEquals("Schedules paused: nothing runs on its own until you resume them", model.residencyProperty().get());
        model.togglePause();
        assertFalse(scheduler.isPaused());
        assertEquals("Schedules run in this app; closing the window keeps them running", model.residencyProperty().get());

        DashboardViewModel windowOnly = new DashboardViewModel(DashboardFixtures.sources(runtime),
                new SyncUiExecutor());
        assertFalse(windowOnly.schedulerAttachedProperty().get(), "no scheduler here: no Pause button");
        windowOnly.togglePause(); // does nothing
        assertFalse(scheduler.isPaused());
    }

    @Test
    void aSkippedWeeklySaysWhyAndASkippedNightlyStaysQuiet() {
        model.onRunEvents(List.of(new dev.grove.patina.run.RunEvent.RunSkipped(RunKind.NIGHTLY, null,
                "catch-up", "the nightly of 2026-11-28 already ran")));
        assertEquals("", model.backgroundRunProperty().get());
        model.onRunEvents(List.of(new dev.grove.patina.run.RunEvent.RunSkipped(RunKind.WEEKLY, null,
                "catch-up", "no daily backup existed yet in 2026-W47 (2026-11-16 to 2026-11-22): nothing to archive "
                + "before Patina's first backups")));
        assertEquals("Weekly archive not run (catch-up): no daily backup existed yet in 2026-W47 (2026-11-16 to "
                + "2026-11-22): nothing to archive before Patina's first backups", model.backgroundRunProperty().get());
    }
}
