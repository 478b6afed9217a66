package dev.grove.patina.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A running run's per-database numbers, as its progress events carry them. */
class LiveRunTest {
    @Test
    void aLateProgressEventNeverOverwritesAFinishedDatabase() {
        RunListeners listeners = new RunListeners();
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        listeners.add(events::add);
        LiveRun live = new LiveRun(new TicketedOrder("t1", RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL)),
                Instant.parse("2026-11-28T02:00:00Z"), listeners);
        live.started("a");
        live.progress("a", 1500, 4096);
        live.finished(new DatabaseOutcome("a", RunStatus.OK, "k", Map.of("t", 1500L), 2048, Duration.ofMillis(1500),
                null));
        live.progress("a", 1600, 5000);
        DatabaseProgress a = live.snapshot().databases().get(0);
        assertEquals(new DatabaseProgress("a", 1500, 2048, RunStatus.OK), a);
        assertEquals("t1", events.get(events.size() - 1).ticket());
    }
}
