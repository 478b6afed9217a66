package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.util.JobIds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogRunsTest extends CatalogContract {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);


    private final TestClock clock = TestClock.at("2026-11-28T02:00:00.123456789Z");
    private Catalog catalog;

    @BeforeEach
    void open() {
        catalog = backend.open(clock);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void aRunRecordsTheNodeThatRanItAndEachOutcomeTheNodeThatDidItsPart() {
        catalog.close();
        catalog = backend.openAsNode(clock);
        assertFalse(catalog.hasNodes(), "an empty catalog names no node");
        String id = catalog.startRun(RunKind.NIGHTLY, "schedule", DAY);
        RunSummary started = catalog.run(id).orElseThrow();
        assertEquals(backend.node(), started.node(), "the catalog's node (none for a stand-alone process)");
        assertEquals(backend.node() != null, catalog.hasNodes(), "a run naming its node");
        assertEquals(backend.node(), catalog.node());
        assertFalse(started.recovered());

        catalog.recordOutcome(id, new DatabaseOutcome("shop", RunStatus.OK, "daily/2026-11-28/shop.sql.zst",
                Map.of("users", 1L), 10, Duration.ofSeconds(1), null).onNode("node-b", false));
        assertTrue(catalog.hasNodes(), "an outcome naming its node");
        catalog.recordOutcome(id, new DatabaseOutcome("blog", RunStatus.OK, "daily/2026-11-28/blog.sql.zst",
                Map.of("posts", 2L), 20, Duration.ofSeconds(2), null).onNode("node-c", true));
        catalog.recordOutcome(id, new DatabaseOutcome("wiki", RunStatus.FAILED, null, Map.of(), 0,
                Duration.ZERO, "its part ended without recording an outcome"));
        catalog.finishRun(id, RunStatus.PARTIAL);
        catalog.markRecovered(id);

        RunSummary done = catalog.run(id).orElseThrow();
        assertTrue(done.recovered(), "a recovered fire's run says so");
        assertEquals(backend.node(), done.node(), "marking it recovered keeps its node");
        Map<String, DatabaseOutcome> byDb = new LinkedHashMap<>();
        done.databases().forEach(o -> byDb.put(o.database(), o));
        assertEquals("node-b", byDb.get("shop").node());
        assertFalse(byDb.get("shop").recovered());
        assertEquals("node-c", byDb.get("blog").node());
        assertTrue(byDb.get("blog").recovered(), "a part run again after its node died says so");
        assertEquals(backend.node(), byDb.get("wiki").node(), "an outcome that names no node is the recording "
                + "process's: its node in a cluster, none on a desktop");
        assertFalse(byDb.get("wiki").recovered());
        // the same through the other readers
        RunSummary recent = catalog.recentRuns(5).get(0);
        assertEquals(done, recent);
        assertEquals(done, catalog.lastRun(RunKind.NIGHTLY).orElseThrow());

        // a part recorded again (a recovered part replacing the dead node's failure) takes the new node
        catalog.recordOutcome(id, new DatabaseOutcome("wiki", RunStatus.OK, "daily/2026-11-28/wiki.sql.zst",
                Map.of(), 5, Duration.ofSeconds(1), null).onNode("node-b", true));
        DatabaseOutcome wiki = catalog.run(id).orElseThrow().databases().stream()
                .filter(o -> o.database().equals("wiki")).findFirst().orElseThrow();
        assertEquals("node-b", wiki.node());
        assertTrue(wiki.recovered());

        // the objects' nodes, for the lists of objects
        assertEquals(Map.of("daily/2026-11-28/shop.sql.zst", "node-b", "daily/2026-11-28/blog.sql.zst", "node-c",
                        "daily/2026-11-28/wiki.sql.zst", "node-b"),
                catalog.nodesOf(List.of("daily/2026-11-28/shop.sql.zst", "daily/2026-11-28/blog.sql.zst",
                        "daily/2026-11-28/wiki.sql.zst", "weekly/2026-W48.tar.zst")));
        assertEquals(Map.of(), catalog.nodesOf(List.of()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog.markRecovered("no-such-run"));
        assertTrue(e.getMessage().contains("no-such-run"), e.getMessage());
    }

    @Test
    void aRunStartsRunningAndFinishesWithItsOutcomes() {
        String id = catalog.startRun(RunKind.NIGHTLY, "schedule", DAY);
        assertTrue(JobIds.isValid(id), id);
        RunSummary started = catalog.run(id).orElseThrow();
        assertEquals(RunStatus.RUNNING, started.status());
        assertEquals(Instant.parse("2026-11-28T02:00:00.123Z"), started.startedAt()); // kept to the millisecond
        assertNull(started.endedAt());
        assertEquals("schedule", started.trigger());
        assertEquals(DAY, started.runDate());
        assertNull(started.catchUpOf());

        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("users", 12L);
        counts.put("orders", 30L);
        DatabaseOutcome shop = new DatabaseOutcome("shop", RunStatus.OK, "daily/2026-11-28/shop.sql.zst", counts,
                4096, Duration.ofMillis(1500), null);
        DatabaseOutcome blog = new DatabaseOutcome("blog", RunStatus.FAILED, null, Map.of(), 0,
                Duration.ofSeconds(3), "blog: cannot read /srv/blog.db: file is locked");
        catalog.recordOutcome(id, shop);
        catalog.recordOutcome(id, blog);
        clock.advance(Duration.ofSeconds(42));
        catalog.finishRun(id, RunStatus.PARTIAL);

        RunSummary done = catalog.run(id).orElseThrow();
        assertEquals(RunStatus.PARTIAL, done.status());
        assertEquals(Instant.parse("2026-11-28T02:00:42.123Z"), done.endedAt());
        assertEquals(List.of(blog, shop), done.databases()); // by database name
        assertEquals(42, done.databases().get(1).rows());
        assertEquals(List.of("users", "orders"), List.copyOf(done.databases().get(1).rowCounts().keySet()));

        RunReport report = done.toReport();
        assertEquals(id, report.runId());
        assertEquals(List.of(blog), report.failures());
    }

    @Test
    void recordingADatabaseAgainReplacesItsOutcome() {
        String id = catalog.startRun(RunKind.NIGHTLY, "manual", DAY);
        catalog.recordOutcome(id, new DatabaseOutcome("app", RunStatus.FAILED, null, Map.of(), 0, Duration.ZERO,
                "timeout"));
        DatabaseOutcome retried = new DatabaseOutcome("app", RunStatus.OK, "daily/2026-11-28/app.sql", Map.of("t", 1L),
                10, Duration.ofMillis(5), null);
        catalog.recordOutcome(id, retried);
        assertEquals(List.of(retried), catalog.run(id).orElseThrow().databases());
    }

    @Test
    void errorMessagesAndLogLinesAreStoredExactlyAsGiven() {
        // the backup service scrubs secrets before they reach the catalog; the catalog neither adds nor removes
        String error = "upload of daily/2026-11-28/app.sql.zst failed: 403 Forbidden (key id AKIA…, "
                + "see https://example.invalid/?q=%20&x=_'\"\\\n second line ✓ 🦀";
        String id = catalog.startRun(RunKind.NIGHTLY, "api", DAY);
        catalog.recordOutcome(id, new DatabaseOutcome("app", RunStatus.FAILED, null, Map.of(), 0, Duration.ZERO,
                error));
        catalog.log(id, "ERROR", error);
        assertEquals(error, catalog.run(id).orElseThrow().databases().get(0).error());
        assertEquals(error, catalog.runLog(id).get(0).message());
    }

    @Test
    void logLinesComeBackOldestFirst() {
        String id = catalog.startRun(RunKind.VERIFY, "cli", DAY);
        String other = catalog.startRun(RunKind.VERIFY, "cli", DAY);
        catalog.log(id, "INFO", "one");
        clock.advance(Duration.ofMillis(1));
        catalog.log(other, "INFO", "elsewhere");
        catalog.log(id, "WARN", "two");
        catalog.log(id, "ERROR", "three");
        List<LogLine> lines = catalog.runLog(id);
        assertEquals(List.of("one", "two", "three"), lines.stream().map(LogLine::message).toList());
        assertEquals(List.of("INFO", "WARN", "ERROR"), lines.stream().map(LogLine::level).toList());
        assertEquals(Instant.parse("2026-11-28T02:00:00.123Z"), lines.get(0).at());
        assertEquals(id, lines.get(0).runId());
        assertTrue(catalog.runLog("no-such-run").isEmpty());
    }

    @Test
    void unknownRunsAndRunningAsAnEndAreRefused() {
        DatabaseOutcome o = new DatabaseOutcome("app", RunStatus.OK, null, Map.of(), 0, Duration.ZERO, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog.recordOutcome("nope", o));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> catalog.finishRun("nope", RunStatus.OK));
        assertThrows(IllegalArgumentException.class, () -> catalog.log("nope", "INFO", "x"));
        String id = catalog.startRun(RunKind.NIGHTLY, "cli", DAY);
        assertThrows(IllegalArgumentException.class, () -> catalog.finishRun(id, RunStatus.RUNNING));
        assertTrue(catalog.run("nope").isEmpty());
    }

    @Test
    void recentRunsAreNewestFirstAndLastRunIsPerKind() {
        String n1 = catalog.startRun(RunKind.NIGHTLY, "schedule", DAY.minusDays(2));
        clock.advance(Duration.ofHours(1));
        String w1 = catalog.startRun(RunKind.WEEKLY, "schedule", DAY.minusDays(2));
        clock.advance(Duration.ofHours(1));
        String n2 = catalog.startRun(RunKind.NIGHTLY, "schedule", DAY.minusDays(1));
        catalog.recordOutcome(n2, new DatabaseOutcome("app", RunStatus.OK, "k", Map.of(), 1, Duration.ZERO, null));
        clock.advance(Duration.ofHours(1));
        String c1 = catalog.startRun(RunKind.CLEANUP, "schedule", DAY);

        assertEquals(List.of(c1, n2, w1, n1), catalog.recentRuns(10).stream().map(RunSummary::id).toList());
        assertEquals(List.of(c1, n2), catalog.recentRuns(2).stream().map(RunSummary::id).toList());
        assertEquals(1, catalog.recentRuns(2).get(1).databases().size());
        assertEquals(n2, catalog.lastRun(RunKind.NIGHTLY).orElseThrow().id());
        assertEquals(w1, catalog.lastRun(RunKind.WEEKLY).orElseThrow().id());
        assertTrue(catalog.lastRun(RunKind.VERIFY).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> catalog.recentRuns(0));
    }

    @Test
    void aRunAnotherCatalogHoldsIsAliveAndOnlyItsEndMakesItDead() {
        String live = catalog.startRun(RunKind.NIGHTLY, "cli", DAY);
        catalog.beginPut(live, "daily/2026-11-28/shop.sql.zst");
        try (Catalog other = backend.open(clock)) { // the daemon beside a CLI backup
            assertEquals(List.of(), other.recoverDeadRuns(), "its run lock is held: alive, untouched");
            assertEquals(0, other.markInterruptedRuns(), "not this catalog's run, and alive");
            assertEquals(RunStatus.RUNNING, other.run(live).orElseThrow().status());
            assertTrue(backend.runLockHeld(live));

            catalog.close(); // the CLI's catalog is gone: nothing can record the run's end any more
            List<Catalog.DeadRun> dead = other.recoverDeadRuns();
            assertEquals(1, dead.size());
            assertEquals(live, dead.get(0).id());
            assertTrue(dead.get(0).markedNow());
            assertEquals(List.of("daily/2026-11-28/shop.sql.zst"), dead.get(0).pendingKeys());
            assertEquals(RunStatus.INTERRUPTED, other.run(live).orElseThrow().status());
            assertTrue(other.runLog(live).get(0).message().contains("gone"), other.runLog(live).toString());
            assertFalse(backend.runLockHeld(live));
            // the unfinished put is reported until the store has been cleaned of it
            assertEquals(List.of(live), other.recoverDeadRuns().stream().map(Catalog.DeadRun::id).toList());
            assertFalse(other.recoverDeadRuns().get(0).markedNow());
            other.clearPuts(live);
            assertEquals(List.of(), other.recoverDeadRuns());
        }
        catalog = backend.open(clock);
    }

    @Test
    void aKeyALiveRunIsStoringNowIsNeverHandedOutAsADeadRunsLeftover() {
        String key = "daily/2026-11-28/shop.sql.zst";
        String dead;
        try (Catalog killed = backend.open(clock)) {
            dead = killed.startRun(RunKind.NIGHTLY, "cli", DAY);
            killed.beginPut(dead, key);
        } // its process is gone
        String live = catalog.startRun(RunKind.NIGHTLY, "manual", DAY); // the next backup, storing the same key
        catalog.beginPut(live, key);
        try (Catalog other = backend.open(clock)) {
            List<Catalog.DeadRun> found = other.recoverDeadRuns();
            assertEquals(List.of(dead), found.stream().map(Catalog.DeadRun::id).toList());
            assertEquals(List.of(), found.get(0).pendingKeys(), "the live run's upload of it must not be aborted");
            assertEquals(List.of(), other.recoverDeadRuns(), "and the dead run's put is forgotten");
            assertEquals(RunStatus.RUNNING, other.run(live).orElseThrow().status());
        }
    }

    @Test
    void aFinishedRunReleasesItsLock() {
        String run = catalog.startRun(RunKind.CLEANUP, "cli", DAY);
        assertTrue(backend.runLockHeld(run));
        catalog.finishRun(run, RunStatus.OK);
        assertFalse(backend.runLockHeld(run));
        assertEquals(List.of(), catalog.recoverDeadRuns());
    }

    @Test
    void runsLeftRunningByACrashAreMarkedInterrupted() {
        String finished = catalog.startRun(RunKind.NIGHTLY, "schedule", DAY.minusDays(1));
        catalog.finishRun(finished, RunStatus.OK);
        String crashed1 = catalog.startRun(RunKind.NIGHTLY, "schedule", DAY);
        String crashed2 = catalog.startRun(RunKind.WEEKLY, "schedule", DAY);
        catalog.close();

        clock.advance(Duration.ofMinutes(10));
        catalog = backend.open(clock); // the next start of the app
        assertEquals(2, catalog.markInterruptedRuns());
        assertEquals(0, catalog.markInterruptedRuns());

        for (String id : List.of(crashed1, crashed2)) {
            RunSummary run = catalog.run(id).orElseThrow();
            assertEquals(RunStatus.INTERRUPTED, run.status());
            assertEquals(Instant.parse("2026-11-28T02:10:00.123Z"), run.endedAt());
            List<LogLine> log = catalog.runLog(id);
            assertEquals(1, log.size());
            assertEquals("WARN", log.get(0).level());
            assertTrue(log.get(0).message().contains("interrupted"), log.get(0).message());
        }
        RunSummary ok = catalog.run(finished).orElseThrow();
        assertEquals(RunStatus.OK, ok.status());
        assertEquals(Instant.parse("2026-11-28T02:00:00.123Z"), ok.endedAt());
        assertTrue(catalog.runLog(finished).isEmpty());
    }

    @Test
    void anOutcomeIsRecordedWhileItsRunRunsAndNeverIntoARunThatEnded() {
        String id = catalog.startRun(RunKind.NIGHTLY, "schedule", DAY);
        DatabaseOutcome cancelled = new DatabaseOutcome("shop", RunStatus.FAILED, null, Map.of(), 0, Duration.ZERO,
                "cancelled while it ran on node b");
        DatabaseOutcome ok = new DatabaseOutcome("shop", RunStatus.OK, "daily/2026-11-28/shop.sql.zst",
                Map.of("users", 1L), 10, Duration.ofMillis(5), null);
        assertTrue(catalog.recordOutcomeWhileRunning(id, cancelled, false));
        assertFalse(catalog.recordOutcomeWhileRunning(id, ok, false), "kept: the database has an outcome already");
        assertEquals("cancelled while it ran on node b", catalog.run(id).orElseThrow().databases().get(0).error());
        assertTrue(catalog.recordOutcomeWhileRunning(id, ok, true), "replaced while the run runs");
        assertEquals(RunStatus.OK, catalog.run(id).orElseThrow().databases().get(0).status());

        catalog.finishRun(id, RunStatus.INTERRUPTED);
        DatabaseOutcome late = new DatabaseOutcome("blog", RunStatus.OK, "daily/2026-11-28/blog.sql.zst", Map.of(),
                10, Duration.ofMillis(5), null);
        assertFalse(catalog.recordOutcomeWhileRunning(id, late, true), "the run ended: nothing written");
        assertFalse(catalog.recordOutcomeWhileRunning(id, cancelled, true));
        assertEquals(List.of("shop"), catalog.run(id).orElseThrow().databases().stream()
                .map(DatabaseOutcome::database).toList());
        assertEquals(RunStatus.OK, catalog.run(id).orElseThrow().databases().get(0).status());
        assertFalse(catalog.recordOutcomeWhileRunning("no-such-run", late, true));
    }
}
