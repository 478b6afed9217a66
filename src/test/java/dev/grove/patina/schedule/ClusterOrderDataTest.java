package dev.grove.patina.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.backup.retention.RetentionPlanner;
import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunScope;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quartz.JobDataMap;

/**
 * An order queued in the cluster (ADR 0035) travels as a Quartz job's string data and its name: the node that takes
 * it rebuilds the same order, with the queue's origin as its trigger; the same kind and scope give the same job name
 * (so a second is refused), another scope another name.
 */
class ClusterOrderDataTest {
    private static final String ORIGIN = RunTrigger.queuedFrom(RunTrigger.CONSOLE, "alice@laptop");

    private static RunOrder travelled(RunOrder order) {
        return ClusterOrderJob.order(new JobDataMap(ClusterOrderJob.data(order, ORIGIN)));
    }

    @Test
    void everyKindOfOrderArrivesAsItWasOrderedWithItsOrigin() {
        List<RunOrder> orders = List.of(
                RunOrder.nightly(RunTrigger.MANUAL, Set.of()),
                RunOrder.nightly(RunTrigger.MANUAL, Set.of("shop", "jobs, old")),
                RunOrder.weekly(RunTrigger.MANUAL, null),
                RunOrder.weekly(RunTrigger.CLI, IsoWeek.parse("2026-W48")),
                RunOrder.cleanup(RunTrigger.CLI, null),
                RunOrder.verify(RunTrigger.MANUAL, Set.of(), false),
                RunOrder.verify(RunTrigger.CLI, new RunScope.VerifyScope(Set.of("shop"), true,
                        LocalDate.parse("2026-11-28"), "usb")));
        for (RunOrder o : orders) {
            RunOrder back = travelled(o);
            assertEquals(o.withTrigger(ORIGIN), back, "the order as it left: " + o);
            assertEquals("console alice@laptop", back.trigger());
        }
    }

    @Test
    void theSameOrderHasOneNameAndAnotherScopeAnother() {
        assertEquals(ClusterOrderJob.name(RunOrder.nightly(RunTrigger.MANUAL, Set.of("b", "a"))),
                ClusterOrderJob.name(RunOrder.nightly(RunTrigger.CLI, Set.of("a", "b"))));
        assertEquals("nightly", ClusterOrderJob.name(RunOrder.nightly(RunTrigger.MANUAL, Set.of())));
        assertNotEquals(ClusterOrderJob.name(RunOrder.nightly(RunTrigger.MANUAL, Set.of())),
                ClusterOrderJob.name(RunOrder.nightly(RunTrigger.MANUAL, Set.of("shop"))));
        assertNotEquals(ClusterOrderJob.name(RunOrder.weekly(RunTrigger.MANUAL, IsoWeek.parse("2026-W47"))),
                ClusterOrderJob.name(RunOrder.weekly(RunTrigger.MANUAL, IsoWeek.parse("2026-W48"))));
        String many = ClusterOrderJob.name(RunOrder.nightly(RunTrigger.MANUAL, Set.copyOf(
                java.util.stream.IntStream.range(0, 300).mapToObj(i -> "database-" + i).toList())));
        assertTrue(many.length() <= 190, "fits Quartz's job name column: " + many.length());
    }

    @Test
    void aConsolesCleanupCarriesTheKeysShownBoundedAndIsOneCleanup() {
        RunOrder shown = RunOrder.cleanupOf(RunTrigger.MANUAL, Set.of("daily/2026-10-01/shop.sql",
                "daily/2026-10-02/jobs.sql"));
        assertEquals(shown.withTrigger(ORIGIN), travelled(shown), "the keys shown arrive on the node");
        assertEquals("cleanup", ClusterOrderJob.name(shown), "the keys are not the job's name: one cleanup at a time");
        Set<String> tooMany = Set.copyOf(java.util.stream.IntStream.rangeClosed(0, RunScope.CleanupScope.MAX_SEEN)
                .mapToObj(i -> "daily/2026-10-01/db-" + i + ".sql").toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterOrderJob.data(
                RunOrder.cleanupOf(RunTrigger.MANUAL, tooMany), ORIGIN));
        assertTrue(e.getMessage().contains("the plan removes 5001 objects, more than the 5000"), e.getMessage());
    }

    @Test
    void aPlanMadeHereIsNotQueuedAndAForeignTriggerIsRefused() {
        var plan = RetentionPlanner.plan(List.of(), new dev.grove.patina.backup.retention.RetentionPolicy(7,
                4), LocalDate.parse("2026-11-28"));
        assertThrows(IllegalArgumentException.class, () -> ClusterOrderJob.data(RunOrder.cleanup(RunTrigger.MANUAL,
                plan), ORIGIN));
        assertThrows(IllegalArgumentException.class, () -> RunOrder.nightly("someone", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> RunTrigger.queuedFrom(RunTrigger.API, "x@y"));
    }
}
