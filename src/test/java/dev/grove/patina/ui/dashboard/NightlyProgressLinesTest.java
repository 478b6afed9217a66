package dev.grove.patina.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.run.DatabaseProgress;
import dev.grove.patina.run.RunningJob;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Dashboard's line of each database of a running nightly, a cluster nightly's parts included (ADR 0036). */
class NightlyProgressLinesTest {
    @Test
    void aClusterNightlysPartsShowQueuedRunningOnTheirNodeAndDone() {
        RunningJob job = new RunningJob("t1", RunKind.NIGHTLY, "schedule", null, Instant.parse("2026-12-06T02:00:00Z"),
                List.of(new DatabaseProgress("shop", 0, 0, RunStatus.RUNNING, null, true),
                        new DatabaseProgress("blog", 0, 0, RunStatus.RUNNING, "node-b", false),
                        new DatabaseProgress("crm", 3, 2048, RunStatus.OK),
                        new DatabaseProgress("edge", 1200, 4096, RunStatus.RUNNING)));
        NightlyProgressLines lines = new NightlyProgressLines();
        List<DatabaseProgressLine> shown = lines.all(List.of("shop", "blog", "crm", "edge", "late"), job).lines();
        assertEquals(new DatabaseProgressLine("shop", DatabaseProgressLine.Phase.WAITING, "queued in the cluster"),
                shown.get(0));
        assertEquals(new DatabaseProgressLine("blog", DatabaseProgressLine.Phase.RUNNING, "running on node node-b"),
                shown.get(1));
        assertEquals(DatabaseProgressLine.Phase.OK, shown.get(2).phase());
        assertEquals(new DatabaseProgressLine("edge", DatabaseProgressLine.Phase.RUNNING, "1,200 rows, 4.0 KiB of SQL"),
                shown.get(3));
        assertEquals(DatabaseProgressLine.Phase.WAITING, shown.get(4).phase());
    }
}
