package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A node's state from its last check-in: Quartz's rule (interval + 7.5 s) for late, twice the interval for dead. */
class ClusterNodeStatesTest {
    private static final Instant NOW = Instant.parse("2026-12-05T23:00:00Z");
    private static final Duration EVERY = Duration.ofMillis(7500);

    private static String stateAfter(long millis) {
        return ClusterNodes.state(NOW.minusMillis(millis), EVERY, NOW);
    }

    @Test
    void aliveUpToTheIntervalPlusQuartzsGrace() {
        assertEquals(ClusterNodes.ALIVE, stateAfter(0));
        assertEquals(ClusterNodes.ALIVE, stateAfter(15_000));
        assertEquals(ClusterNodes.ALIVE, stateAfter(-3_000), "a check-in ahead of this clock (skew) is alive");
    }

    @Test
    void lateOncePastQuartzsRuleThenDeadPastTwiceTheInterval() {
        assertEquals(ClusterNodes.LATE, stateAfter(15_001));
        assertEquals(ClusterNodes.LATE, stateAfter(22_500));
        assertEquals(ClusterNodes.DEAD, stateAfter(22_501));
        assertEquals(ClusterNodes.DEAD, stateAfter(3_600_000));
    }
}
