package dev.grove.patina.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lanes' queue and merge rules over a real catalog: one runs, one waits, further orders merge — nightly scopes
 * by union; a weekly of another week cannot merge and is refused BUSY, never dropped in silence.
 */
class RunMergeTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final List<WorkRequest> ran = new CopyOnWriteArrayList<>();
    @TempDir
    Path dir;
    private Catalog catalog;
    private RunService runs;

    @BeforeEach
    void open() {
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        RunWork work = (request, progress) -> {
            ran.add(request);
            if (!gate.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the run");
            }
            String id = catalog.startRun(request.kind(), request.trigger(), LocalDate.of(2026, 11, 23), null);
            catalog.finishRun(id, RunStatus.OK);
            return new WorkResult.ReportedRun(new RunReport(id, request.kind(), request.trigger(),
                    LocalDate.of(2026, 11, 23), request.now(), request.now(), RunStatus.OK, List.of()));
        };
        Map<RunKind, RunWork> works = new EnumMap<>(RunKind.class);
        works.put(RunKind.NIGHTLY, work);
        works.put(RunKind.WEEKLY, work);
        works.put(RunKind.VERIFY, work);
        runs = new RunService(works, catalog, ZoneOffset.UTC, false, Notifier.none(), clock);
    }

    @AfterEach
    void close() {
        gate.countDown();
        runs.shutdown(Duration.ofSeconds(10));
        catalog.close();
    }

    @Test
    void nightlyScopesMergeByUnionAndAllStaysAll() throws Exception {
        TriggerResult first = runs.submit(RunOrder.nightly(RunTrigger.MANUAL, Set.of("shop")));
        TriggerResult queued = runs.submit(RunOrder.nightly(RunTrigger.API, Set.of("shop")));
        TriggerResult merged = runs.submit(RunOrder.nightly(RunTrigger.CLI, Set.of("notes")));
        assertEquals(TriggerResult.TriggerOutcome.STARTED, first.outcome());
        assertEquals(TriggerResult.TriggerOutcome.QUEUED, queued.outcome());
        assertEquals(TriggerResult.TriggerOutcome.MERGED, merged.outcome());
        assertEquals(queued.ticket(), merged.ticket(), "merged into the queued run: followed by its ticket");
        gate.countDown();
        awaitRuns(2);
        assertEquals(Set.of("shop", "notes"), ((RunScope.NightlyScope) ran.get(1).scope()).databases());
        assertEquals(Set.of(), new RunScope.NightlyScope(Set.of()).mergedInto(new RunScope.NightlyScope(Set.of("a")))
                .map(s -> ((RunScope.NightlyScope) s).databases()).orElseThrow(), "all and one are all");
    }

    @Test
    void aWeeklyOfAnotherWeekThanTheQueuedOneIsRefusedBusyAndSaysWhy() throws Exception {
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        runs.addListener(events::add);
        IsoWeek w47 = IsoWeek.parse("2026-W47");
        runs.submit(RunOrder.weekly(RunTrigger.MANUAL, w47));
        runs.submit(RunOrder.weekly(RunTrigger.MANUAL, w47));
        assertEquals(TriggerResult.TriggerOutcome.MERGED, runs.submit(RunOrder.weekly(RunTrigger.API, w47))
                .outcome(), "the same week merges");
        TriggerResult other = runs.submit(RunOrder.weekly(RunTrigger.CLI, IsoWeek.parse("2026-W46")));
        assertEquals(TriggerResult.TriggerOutcome.BUSY, other.outcome());
        assertFalse(other.accepted());
        assertNull(other.ticket());
        assertTrue(other.message().contains("2026-W46") && other.message().contains("try again"), other.message());
        assertTrue(events.stream().anyMatch(e -> e instanceof RunEvent.RunSkipped k
                && k.reason().equals(other.message())), "a refusal is an event too: " + events);
        gate.countDown();
        awaitRuns(2);
        assertEquals(w47, ((RunScope.WeeklyScope) ran.get(1).scope()).week());
    }

    @Test
    void verifyScopesMergeOnlyForTheSameDateStoreAndDecrypt() throws Exception {
        LocalDate d = LocalDate.of(2026, 11, 28);
        runs.submit(RunOrder.verify(RunTrigger.MANUAL, new RunScope.VerifyScope(Set.of(), false, d, "usb")));
        assertEquals(TriggerResult.TriggerOutcome.QUEUED, runs.submit(RunOrder.verify(RunTrigger.CLI,
                new RunScope.VerifyScope(Set.of("shop"), false, d, "usb"))).outcome());
        assertEquals(TriggerResult.TriggerOutcome.MERGED, runs.submit(RunOrder.verify(RunTrigger.API,
                new RunScope.VerifyScope(Set.of("blog"), false, d, "usb"))).outcome());
        TriggerResult otherStore = runs.submit(RunOrder.verify(RunTrigger.CLI,
                new RunScope.VerifyScope(Set.of("shop"), false, d, null)));
        assertEquals(TriggerResult.TriggerOutcome.BUSY, otherStore.outcome(), "the primary is not usb");
        assertTrue(otherStore.message().contains("cannot join it"), otherStore.message());
        assertEquals(TriggerResult.TriggerOutcome.BUSY, runs.submit(RunOrder.verify(RunTrigger.CLI,
                new RunScope.VerifyScope(Set.of("shop"), false, d.minusDays(1), "usb"))).outcome(), "another date");
        gate.countDown();
        awaitRuns(2);
        assertEquals(new RunScope.VerifyScope(Set.of("shop", "blog"), false, d, "usb"), ran.get(1).scope());
        assertEquals(new RunScope.VerifyScope(Set.of(), false), new RunScope.VerifyScope(Set.of(), false, null,
                "primary"), "primary is the default store");
    }

    @Test
    void anOrderNamesOnlyKnownTriggersAndItsKindsScope() {
        assertThrows(IllegalArgumentException.class, () -> RunOrder.of(RunKind.NIGHTLY, "test"));
        assertThrows(IllegalArgumentException.class, () -> new RunOrder(RunKind.WEEKLY, RunTrigger.CLI,
                new RunScope.NightlyScope(Set.of()), null, null));
        assertEquals(TriggerResult.TriggerOutcome.UNAVAILABLE, runs.submit(RunOrder.of(RunKind.CLEANUP,
                RunTrigger.MANUAL)).outcome());
    }

    private void awaitRuns(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ran.size() < n || runs.busy(RunKind.NIGHTLY) || runs.busy(RunKind.WEEKLY)
                || runs.busy(RunKind.VERIFY)) {
            assertTrue(System.nanoTime() < deadline, "runs: " + ran);
            Thread.sleep(10);
        }
    }
}
