package dev.grove.patina.schedule;

import dev.grove.patina.run.RunOrder;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.TestRuns;
import dev.grove.patina.run.DatabaseProgress;
import dev.grove.patina.run.RunningJob;
import dev.grove.patina.run.TriggerResult;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunWork;

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

    private SchedulerService scheduler(Map<RunKind, RunWork> works) {
        scheduler = TestRuns.scheduler(ScheduleConfig.defaults(), works, catalog, clock);
        scheduler.runs().addListener(events);
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
        TriggerResult first = scheduler.runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL));
        assertTrue(nightly.entered.await(10, TimeUnit.SECONDS));
        TriggerResult second = scheduler.runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL));
        TriggerResult third = scheduler.runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL));

        assertEquals(TriggerResult.TriggerOutcome.STARTED, first.outcome());
        assertEquals(TriggerResult.TriggerOutcome.QUEUED, second.outcome());
        assertEquals(TriggerResult.TriggerOutcome.MERGED, third.outcome());
        assertEquals(second.ticket(), third.ticket(), "merged into the queued run");
        assertTrue(third.accepted());

        nightly.release();
        events.next(RunEvent.RunFinished.class);
        events.next(RunEvent.RunFinished.class);
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
        assertEquals(TriggerResult.TriggerOutcome.QUEUED, scheduler.fire(RunKind.NIGHTLY, clock.instant()).outcome());
        assertEquals(TriggerResult.TriggerOutcome.MERGED, scheduler.runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL)).outcome());
        nightly.release();
        events.next(RunEvent.RunFinished.class);
        RunEvent.RunFinished manual = events.next(RunEvent.RunFinished.class);
        assertEquals("manual", manual.report().trigger());
        assertEquals(2, nightly.runs.get());
    }

    @Test
    void runningShowsLiveProgressAndListenersHearIt() throws Exception {
        scheduler(Map.of(RunKind.NIGHTLY, nightly));
        nightly.block();
        TriggerResult r = scheduler.runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL));
        assertTrue(nightly.entered.await(10, TimeUnit.SECONDS));

        assertEquals(1, scheduler.runs().running().size());
        RunningJob job = scheduler.runs().running().get(0);
        assertEquals(r.ticket(), job.ticket());
        assertEquals("manual", job.trigger());
        assertEquals(new DatabaseProgress("shop", 10, 100, RunStatus.RUNNING), job.databases().get(0));
        assertEquals(r.ticket(), events.next(RunEvent.RunStarted.class).job().ticket());
        events.next(RunEvent.RunProgressed.class);

        nightly.release();
        RunEvent.RunFinished done = events.next(RunEvent.RunFinished.class);
        assertEquals(RunStatus.OK, done.job().databases().get(0).status());
        assertEquals(RunStatus.OK, catalog.run(done.report().runId()).orElseThrow().status());
        assertTrue(scheduler.shutdown(Duration.ofSeconds(10)));
        assertTrue(scheduler.runs().running().isEmpty());
    }

    @Test
    void aKindThatIsNotAvailableIsReportedNotRun() throws Exception {
        Map<RunKind, RunWork> works = new EnumMap<>(RunKind.class);
        works.put(RunKind.NIGHTLY, nightly);
        works.put(RunKind.WEEKLY, RunWork.unavailable("no weekly archive yet"));
        scheduler(works);
        TriggerResult r = scheduler.runs().submit(RunOrder.of(RunKind.WEEKLY, RunTrigger.MANUAL));
        assertEquals(TriggerResult.TriggerOutcome.UNAVAILABLE, r.outcome());
        assertFalse(r.accepted());
        assertEquals("no weekly archive yet", events.next(RunEvent.RunSkipped.class).reason());
    }

    @Test
    void theCleanupRunsRightAfterTheWeeklyWhenConfiguredSo() throws Exception {
        FakeWork cleanup = new FakeWork(catalog, clock, ZoneId.of("UTC"));
        scheduler(Map.of(RunKind.WEEKLY, weekly, RunKind.CLEANUP, cleanup));
        scheduler.fire(RunKind.WEEKLY, clock.instant());
        RunEvent.RunFinished first = events.next(RunEvent.RunFinished.class);
        RunEvent.RunFinished second = events.next(RunEvent.RunFinished.class);
        assertEquals(RunKind.WEEKLY, first.kind());
        assertEquals(RunKind.CLEANUP, second.kind());
        assertEquals("after-weekly", second.report().trigger());
    }

    @Test
    void pauseStopsTheCronsButNotManualTriggers() throws Exception {
        scheduler(Map.of(RunKind.NIGHTLY, nightly));
        scheduler.start();
        events.next(RunEvent.RunFinished.class); // the start-up catch-up: no nightly ever ran
        assertTrue(scheduler.isRunning());
        scheduler.pause();
        assertTrue(scheduler.isPaused());
        assertFalse(scheduler.isRunning());
        clock.advance(Duration.ofDays(2));
        assertTrue(scheduler.checkOverdue().isEmpty(), "no catch-up while paused");
        assertEquals(TriggerResult.TriggerOutcome.STARTED, scheduler.runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL)).outcome());
        events.next(RunEvent.RunFinished.class);
        scheduler.resume();
        assertTrue(scheduler.isRunning());
    }

    @Test
    void quartzFiresTheCronInTheConfiguredZone() throws Exception {
        ScheduleConfig everySecond = new ScheduleConfig(3, "0 0 2 * * ?", "* * * * * ?", "after-weekly",
                ZoneId.of("Europe/Berlin"));
        scheduler = TestRuns.scheduler(everySecond, Map.of(RunKind.WEEKLY, weekly),
                catalog, java.time.Clock.systemUTC());
        scheduler.runs().addListener(events);
        scheduler.start();
        RunEvent.RunFinished fired;
        do {
            fired = events.next(RunEvent.RunFinished.class);
        } while (!"schedule".equals(fired.report().trigger()));
        assertEquals(RunKind.WEEKLY, fired.kind());
        assertTrue(scheduler.nextFireTimes().containsKey(RunKind.NIGHTLY));
    }
}
