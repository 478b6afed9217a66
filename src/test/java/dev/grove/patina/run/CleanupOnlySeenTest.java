package dev.grove.patina.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grove.patina.backup.retention.Decision;
import dev.grove.patina.backup.retention.RetentionPlan;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A cleanup a console ordered into a cluster's queue carries the keys its operator saw removed (ADR 0035): the plan the
 * node computes when it starts removes only those of them it removes too — never a key the operator did not see.
 */
class CleanupOnlySeenTest {
    private static Decision decision(String key, Decision.Action action) {
        StoredObject o = new StoredObject(key, "shop", ObjectKind.DAILY, LocalDate.of(2026, 10, 1), 10, "ab",
                Map.of(), Instant.parse("2026-10-01T03:00:00Z"), null, null);
        return new Decision(o, action, "older than 30 days", false);
    }

    @Test
    void theNodesPlanRemovesOnlyWhatTheOperatorSawRemoved() {
        RetentionPlan node = new RetentionPlan(LocalDate.of(2026, 12, 6), new RetentionPolicy(30, 8), List.of(
                decision("daily/2026-10-01/shop.sql", Decision.Action.REMOVE),
                decision("daily/2026-10-02/shop.sql", Decision.Action.REMOVE),
                decision("daily/2026-12-05/shop.sql", Decision.Action.KEEP)));
        List<String> notes = new java.util.ArrayList<>();
        RetentionPlan applied = RunWorks.onlySeen(node, Set.of("daily/2026-10-01/shop.sql",
                "daily/2026-12-05/shop.sql", "daily/2026-09-30/shop.sql"), "console alice@laptop", notes);

        assertEquals(List.of("daily/2026-10-01/shop.sql"), applied.removals().stream().map(Decision::key).toList(),
                "removed: seen and in the node's plan");
        Decision unseen = applied.decision("daily/2026-10-02/shop.sql").orElseThrow();
        assertEquals(Decision.Action.KEEP, unseen.action(), "not shown to the operator: kept");
        assertEquals("not removed: not in the plan console alice@laptop was shown (this node's plan, computed now, "
                + "removes it: older than 30 days)", unseen.reason());
        assertEquals(Decision.Action.KEEP, applied.decision("daily/2026-12-05/shop.sql").orElseThrow().action(),
                "shown removed, but the node's plan keeps it: kept");
        assertEquals(3, applied.decisions().size());
        assertEquals(List.of("kept daily/2026-10-02/shop.sql: " + unseen.reason(),
                "kept daily/2026-12-05/shop.sql, shown to console alice@laptop to be removed: this node's plan, "
                        + "computed now, keeps it (older than 30 days)",
                "daily/2026-09-30/shop.sql was shown to console alice@laptop to be removed but is not in this node's "
                        + "plan (gone already, or not in the catalog): nothing done"), notes,
                "what was not done, and why, for the run's log");
    }
}
