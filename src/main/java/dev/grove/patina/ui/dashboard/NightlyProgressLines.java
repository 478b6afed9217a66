package dev.grove.patina.ui.dashboard;

import dev.grove.patina.model.RunStatus;
import dev.grove.patina.run.DatabaseProgress;
import dev.grove.patina.run.RunningJob;
import dev.grove.patina.util.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Words a running nightly's per-database numbers as progress lines, measured against the rows of each database's
 * latest good backup (how far along it probably is). GUI thread only.
 */
final class NightlyProgressLines {
    /** Rows of each database's latest good backup. */
    private Map<String, Long> expectedRows = Map.of();

    /** The lines of every database of a nightly, and the share of it done (0 to 1). */
    record Shown(List<DatabaseProgressLine> lines, double fraction) {
    }

    void expect(Map<String, Long> rows) {
        expectedRows = Map.copyOf(rows);
    }

    Shown all(List<String> names, RunningJob job) {
        Map<String, DatabaseProgress> now = new HashMap<>();
        job.databases().forEach(d -> now.put(d.database(), d));
        List<DatabaseProgressLine> lines = new ArrayList<>();
        double done = 0;
        for (String name : names) {
            DatabaseProgress d = now.get(name);
            lines.add(line(name, d));
            if (d != null && d.status() == RunStatus.RUNNING) {
                Long expected = expectedRows.get(name);
                done += expected == null || expected == 0 ? 0 : Math.min(0.95, (double) d.rows() / expected);
            } else if (d != null) {
                done += 1;
            }
        }
        return new Shown(lines, names.isEmpty() ? 1 : done / names.size());
    }

    /** The line of {@code name} in {@code job}. */
    DatabaseProgressLine line(String name, RunningJob job) {
        return line(name, job.databases().stream().filter(d -> d.database().equals(name)).findFirst().orElse(null));
    }

    private DatabaseProgressLine line(String name, DatabaseProgress d) {
        if (d == null) {
            return new DatabaseProgressLine(name, DatabaseProgressLine.Phase.WAITING, "waiting");
        }
        if (d.queued()) {
            return new DatabaseProgressLine(name, DatabaseProgressLine.Phase.WAITING, "queued in the cluster");
        }
        if (d.status() == RunStatus.RUNNING && d.node() != null && d.rows() == 0 && d.bytes() == 0) {
            // a cluster nightly's part (ADR 0036): its node's rows are not streamed here, only where it runs
            return new DatabaseProgressLine(name, DatabaseProgressLine.Phase.RUNNING, "running on node " + d.node());
        }
        if (d.status() == RunStatus.RUNNING) {
            Long expected = expectedRows.get(name);
            String of = expected == null || expected == 0 ? "" : String.format(Locale.ROOT, " of ~%,d", expected);
            return new DatabaseProgressLine(name, DatabaseProgressLine.Phase.RUNNING,
                    String.format(Locale.ROOT, "%,d%s rows, %s of SQL", d.rows(), of, Bytes.formatBytes(d.bytes())));
        }
        boolean ok = d.status() == RunStatus.OK;
        return new DatabaseProgressLine(name, ok ? DatabaseProgressLine.Phase.OK : DatabaseProgressLine.Phase.FAILED,
                ok ? String.format(Locale.ROOT, "ok — %,d rows, %s", d.rows(), Bytes.formatBytes(d.bytes()))
                        : "FAILED");
    }
}
