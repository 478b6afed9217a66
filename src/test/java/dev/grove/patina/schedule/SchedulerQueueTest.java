package dev.grove.patina.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Triggers while a run is going: queued once, merged beyond that, never lost, never two at once. */
class SchedulerQueueTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock("2026-03-02T10:00:00Z");
    private Catalog catalog;
    private FakeWork nightly;
    private FakeWork weekly;
    private final Events events = new Events();
    private SchedulerService scheduler;

    @BeforeEach
    void setUp() {
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        nightly = new FakeWork(catalog, clock, ZoneId.of("UTC"));
        weekly = new FakeWork(catalog, clock, ZoneId.of("UTC"));
    }

    private SchedulerService scheduler(Map<RunKind, ScheduledWork> works) {
        scheduler = new SchedulerService(ScheduleConfig.defaults(), works, catalog, clock);
        scheduler.addListener(events);
        return scheduler;
    }

    @AfterEach
    void tearDown() {
        if (scheduler != null) {
            scheduler.shutdown(Duration.ofSeconds(5));
        }
        catalog.close();
    }

    @Test
    void twoTriggersWhileRunningGiveExactlyOneQueuedRun() throws Exception {
        scheduler(Map.of(RunKind.NIGHTLY, nightly));
        nightly.block();
        TriggerResult first = scheduler.triggerNow(RunKind.NIGHTLY);
        assertTrue(nightly.entered.await(10, TimeUnit.SECONDS));
        TriggerResult second = scheduler.triggerNow(RunKind.NIGHTLY);
        TriggerResult third = scheduler.triggerNow(RunKind.NIGHTLY);

        assertEquals(TriggerResult.Outcome.STARTED, first.outcome());
        assertEquals(TriggerResult.Outcome.QUEUED, second.outcome());
        assertEquals(TriggerResult.Outcome.MERGED, third.outcome());
        assertEquals(second.ticket(), third.ticket(), "merged into the queued run");
        assertTrue(third.accepted());

        nightly.release();
        events.next(SchedulerEvent.Finished.class);
        events.next(SchedulerEvent.Finished.class);
        assertTrue(scheduler.shutdown(Duration.ofSeconds(10)));
        assertEquals(2, nightly.runs.get(), "the running one and exactly one queued");
        assertEquals(1, nightly.maxConcurrent.get(), "never two at once");
        assertEquals(2, catalog.recentRuns(10).size());
        assertTrue(catalog.recentRuns(10).stream().allMatch(r -> r.status() == RunStatus.OK));
    }

    @Test
    void aManualTriggerIsNotSwallowedByAQueuedScheduledRun() throws Exception {
        scheduler(Map.of(RunKind.NIGHTLY, nightly));
        nightly.block();
        scheduler.fire(RunKind.NIGHTLY, clock.instant());
        assertTrue(nightly.entered.await(10, TimeUnit.SECONDS));
        // a second fire for the same time is queued (its guard will skip it); a manual trigger then replaces it
        assertEquals(TriggerResult.Outcome.QUEUED, scheduler.fire(RunKind.NIGHTLY, clock.instant()).outcome());
        assertEquals(TriggerResult.Outcome.MERGED, scheduler.triggerNow(RunKind.NIGHTLY).outcome());
        nightly.release();
        events.next(SchedulerEvent.Finished.class);
        SchedulerEvent.Finished manual = events.next(SchedulerEvent.Finished.class);
        assertEquals("manual", manual.report().trigger());
        assertEquals(2, nightly.runs.get());
    }

    @Test
    void runningShowsLiveProgressAndListenersHearIt() throws Exception {
        scheduler(Map.of(RunKind.NIGHTLY, nightly));
        nightly.block();
        TriggerResult r = scheduler.triggerNow(RunKind.NIGHTLY);
        assertTrue(nightly.entered.await(10, TimeUnit.SECONDS));

        assertEquals(1, scheduler.running().size());
        RunningJob job = scheduler.running().get(0);
        assertEquals(r.ticket(), job.ticket());
        assertEquals("manual", job.trigger());
        assertEquals(new DatabaseProgress("shop", 10, 100, RunStatus.RUNNING), job.databases().get(0));
        assertEquals(r.ticket(), events.next(SchedulerEvent.Started.class).job().ticket());
        events.next(SchedulerEvent.Progress.class);

        nightly.release();
        SchedulerEvent.Finished done = events.next(SchedulerEvent.Finished.class);
        assertEquals(RunStatus.OK, done.job().databases().get(0).status());
        assertEquals(RunStatus.OK, catalog.run(done.report().runId()).orElseThrow().status());
        assertTrue(scheduler.shutdown(Duration.ofSeconds(10)));
        assertTrue(scheduler.running().isEmpty());
    }

    @Test
    void aKindThatIsNotAvailableIsReportedNotRun() throws Exception {
        Map<RunKind, ScheduledWork> works = new EnumMap<>(RunKind.class);
        works.put(RunKind.NIGHTLY, nightly);
        works.put(RunKind.WEEKLY, ScheduledWork.unavailable("no weekly archive yet"));
        scheduler(works);
        TriggerResult r = scheduler.triggerNow(RunKind.WEEKLY);
        assertEquals(TriggerResult.Outcome.UNAVAILABLE, r.outcome());
        assertFalse(r.accepted());
        assertEquals("no weekly archive yet", events.next(SchedulerEvent.Skipped.class).reason());
    }

    @Test
    void theCleanupRunsRightAfterTheWeeklyWhenConfiguredSo() throws Exception {
        FakeWork cleanup = new FakeWork(catalog, clock, ZoneId.of("UTC"));
        scheduler(Map.of(RunKind.WEEKLY, weekly, RunKind.CLEANUP, cleanup));
        scheduler.fire(RunKind.WEEKLY, clock.instant());
        SchedulerEvent.Finished first = events.next(SchedulerEvent.Finished.class);
        SchedulerEvent.Finished second = events.next(SchedulerEvent.Finished.class);
        assertEquals(RunKind.WEEKLY, first.kind());
        assertEquals(RunKind.CLEANUP, second.kind());
        assertEquals("after-weekly", second.report().trigger());
    }

    @Test
    void pauseStopsTheCronsButNotManualTriggers() throws Exception {
        scheduler(Map.of(RunKind.NIGHTLY, nightly));
        scheduler.start();
        events.next(SchedulerEvent.Finished.class); // the start-up catch-up: no nightly ever ran
        assertTrue(scheduler.isRunning());
        scheduler.pause();
        assertTrue(scheduler.isPaused());
        assertFalse(scheduler.isRunning());
        clock.advance(Duration.ofDays(2));
        assertTrue(scheduler.checkOverdue().isEmpty(), "no catch-up while paused");
        assertEquals(TriggerResult.Outcome.STARTED, scheduler.triggerNow(RunKind.NIGHTLY).outcome());
        events.next(SchedulerEvent.Finished.class);
        scheduler.resume();
        assertTrue(scheduler.isRunning());
    }

    @Test
    void quartzFiresTheCronInTheConfiguredZone() throws Exception {
        ScheduleConfig everySecond = new ScheduleConfig(3, "0 0 2 * * ?", "* * * * * ?", "after-weekly",
                ZoneId.of("Europe/Berlin"));
        scheduler = new SchedulerService(everySecond, Map.of(RunKind.WEEKLY, weekly),
                catalog, java.time.Clock.systemUTC());
        scheduler.addListener(events);
        scheduler.start();
        SchedulerEvent.Finished fired;
        do {
            fired = events.next(SchedulerEvent.Finished.class);
        } while (!"schedule".equals(fired.report().trigger()));
        assertEquals(RunKind.WEEKLY, fired.kind());
        assertTrue(scheduler.nextFireTimes().containsKey(RunKind.NIGHTLY));
    }
}
