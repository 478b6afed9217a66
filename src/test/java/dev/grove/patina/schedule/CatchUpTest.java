package dev.grove.patina.schedule;

import dev.grove.patina.run.RunOrder;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.TestRuns;
import dev.grove.patina.run.TriggerResult;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunWork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missed runs (app closed, machine asleep, clock jumps) with an injected clock: no sleeps. */
class CatchUpTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock("2026-03-02T01:00:00Z"); // 02:00 in Berlin
    private Catalog catalog;
    private FakeWork nightly;
    private final Events events = new Events();
    private SchedulerService scheduler;

    @BeforeEach
    void setUp() {
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        nightly = new FakeWork(catalog, clock, BERLIN);
    }

    @AfterEach
    void tearDown() {
        if (scheduler != null) {
            scheduler.shutdown(Duration.ofSeconds(5));
        }
        catalog.close();
    }

    private SchedulerService scheduler(String nightlyCron) {
        Map<RunKind, RunWork> works = new EnumMap<>(RunKind.class);
        works.put(RunKind.NIGHTLY, nightly);
        works.put(RunKind.WEEKLY, RunWork.unavailable("not yet"));
        scheduler = TestRuns.scheduler(new ScheduleConfig(3, nightlyCron, "0 0 3 ? * SUN", "after-weekly", BERLIN),
                works, catalog, clock);
        scheduler.runs().addListener(events);
        return scheduler;
    }

    /** A finished scheduled nightly, as if it ran at the clock's now. */
    private void nightlyRanNow() {
        String id = catalog.startRun(RunKind.NIGHTLY, "schedule", LocalDate.ofInstant(clock.instant(), BERLIN));
        catalog.finishRun(id, RunStatus.OK);
    }

    @Test
    void nothingIsMissedRightAfterTheNightlyRan() {
        scheduler("0 0 2 * * ?");
        nightlyRanNow();
        clock.advance(Duration.ofHours(8));
        assertTrue(scheduler.checkOverdue().isEmpty());
    }

    @Test
    void threeNightsAsleepGiveExactlyOneCatchUp() throws Exception {
        scheduler("0 0 2 * * ?");
        nightlyRanNow();
        clock.advance(Duration.ofDays(3).plusHours(5)); // wakes on 5 March, 08:00 Berlin

        List<TriggerResult> first = scheduler.checkOverdue();
        assertEquals(1, first.size(), "one catch-up, not three: " + first);
        assertEquals(RunKind.NIGHTLY, first.get(0).kind());
        RunEvent.RunCaughtUp missed = events.next(RunEvent.RunCaughtUp.class);
        assertEquals(Instant.parse("2026-03-05T01:00:00Z"), missed.fireTime(), "the most recent 02:00 Berlin");
        RunEvent.RunFinished done = events.next(RunEvent.RunFinished.class);
        assertTrue(scheduler.checkOverdue().isEmpty(), "asking again triggers nothing");

        RunSummary run = catalog.run(done.report().runId()).orElseThrow();
        assertEquals("catch-up", run.trigger());
        assertEquals("2026-03-05T01:00:00Z", run.catchUpOf());
        assertEquals(LocalDate.of(2026, 3, 5), run.runDate());
        assertEquals(2, catalog.recentRuns(10).size());
        assertEquals(1, nightly.runs.get());
    }

    @Test
    void theAppClosedAtTheNightlyCatchesUpOnceAtStart() throws Exception {
        scheduler("0 0 2 * * ?");
        nightlyRanNow();
        clock.advance(Duration.ofDays(1).plusHours(7)); // closed over the next 02:00, started at 09:00
        scheduler.start();
        RunEvent.RunFinished done = events.next(RunEvent.RunFinished.class);
        assertEquals("catch-up", done.report().trigger());
        assertTrue(scheduler.checkOverdue().isEmpty());
        assertEquals(1, events.count(RunEvent.RunCaughtUp.class));
    }

    @Test
    void anInterruptedRunIsCaughtUp() throws Exception {
        scheduler("0 0 2 * * ?");
        catalog.startRun(RunKind.NIGHTLY, "schedule", LocalDate.of(2026, 3, 2));
        catalog.markInterruptedRuns();
        clock.advance(Duration.ofHours(1));
        assertEquals(1, scheduler.checkOverdue().size());
        assertEquals("catch-up", events.next(RunEvent.RunFinished.class).report().trigger());
    }

    @Test
    void aMisfireAndACatchUpForTheSameFireTimeRunOnce() throws Exception {
        scheduler("0 0 2 * * ?");
        nightlyRanNow();
        clock.advance(Duration.ofDays(3));
        nightly.block();
        assertEquals(1, scheduler.checkOverdue().size());
        assertTrue(nightly.entered.await(10, TimeUnit.SECONDS));
        // Quartz's fire-once-now misfire for the same 02:00 arrives while the catch-up runs: queued, then skipped
        assertEquals(TriggerResult.TriggerOutcome.QUEUED, scheduler.fire(RunKind.NIGHTLY,
                Instant.parse("2026-03-05T01:00:00Z")).outcome());
        nightly.release();
        events.next(RunEvent.RunFinished.class);
        assertTrue(events.next(RunEvent.RunSkipped.class).reason().contains("already"));
        assertEquals(1, nightly.runs.get());
    }

    @Test
    void aClockThatJumpsBackDoesNotRunTheNightlyTwice() throws Exception {
        scheduler("0 0 2 * * ?");
        nightlyRanNow(); // 02:00 Berlin, 2 March
        clock.set("2026-03-02T00:30:00Z"); // set back to 01:30: 02:00 comes round again
        assertTrue(scheduler.checkOverdue().isEmpty());
        scheduler.fire(RunKind.NIGHTLY, Instant.parse("2026-03-02T01:00:00Z"));
        assertTrue(events.next(RunEvent.RunSkipped.class).reason().contains("already"));
        assertEquals(0, nightly.runs.get());
    }

    @Test
    void theRepeatedHourOfTheAutumnChangeBacksUpTheDateOnce() throws Exception {
        // 25 Oct 2026, Berlin: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET)
        scheduler("0 30 2 * * ?");
        clock.set("2026-10-25T00:30:00Z");
        nightlyRanNow();
        clock.set("2026-10-25T01:30:00Z");
        scheduler.fire(RunKind.NIGHTLY, Instant.parse("2026-10-25T01:30:00Z"));
        assertTrue(events.next(RunEvent.RunSkipped.class).reason().contains("2026-10-25"));
        assertEquals(0, nightly.runs.get());
        assertEquals(1, catalog.runsOn(RunKind.NIGHTLY, LocalDate.of(2026, 10, 25)).size());
    }

    @Test
    void aManualRunIsNeverSkippedByTheGuard() throws Exception {
        scheduler("0 0 2 * * ?");
        nightlyRanNow();
        scheduler.runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL));
        RunEvent.RunFinished done = events.next(RunEvent.RunFinished.class);
        assertEquals("manual", done.report().trigger());
        assertNull(catalog.run(done.report().runId()).orElseThrow().catchUpOf());
    }

    @Test
    void fireTimesAreReadInTheConfiguredZone() {
        CronSchedule schedule = new CronSchedule(new ScheduleConfig(3, "0 0 2 * * ?", "0 0 3 ? * SUN",
                "after-weekly", BERLIN));
        Instant now = Instant.parse("2026-03-27T12:00:00Z"); // Friday before the spring change (29 March)
        Map<RunKind, Instant> next = schedule.nextFireTimes(now);
        assertEquals(Instant.parse("2026-03-28T01:00:00Z"), next.get(RunKind.NIGHTLY));
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), next.get(RunKind.WEEKLY), "03:00 CEST on the day");
        assertEquals(next.get(RunKind.WEEKLY), next.get(RunKind.CLEANUP), "after the weekly");
        assertEquals(Instant.parse("2026-03-27T01:00:00Z"), schedule.previous(RunKind.NIGHTLY, now).orElseThrow());
        assertEquals(Instant.parse("2026-03-22T02:00:00Z"), schedule.previous(RunKind.WEEKLY, now).orElseThrow());
    }
}
