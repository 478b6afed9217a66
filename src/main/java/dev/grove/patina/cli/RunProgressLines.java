package dev.grove.patina.cli;

import dev.grove.patina.model.RunStatus;
import dev.grove.patina.run.DatabaseProgress;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunListener;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * A run's live progress as lines on stderr, from the run's events (the same events the console shows): a
 * database's rows and bytes at most once a second, and one line when each database ends.
 */
final class RunProgressLines implements RunListener {
    private final String prefix;
    private final PrintWriter err;
    private final boolean enabled;
    private final ProgressLine line;
    private final Set<String> ended = new HashSet<>();

    RunProgressLines(String prefix, PrintWriter err, boolean enabled) {
        this.prefix = prefix;
        this.err = err;
        this.enabled = enabled;
        this.line = new ProgressLine(err, enabled);
    }

    @Override
    public void onEvent(RunEvent event) {
        if (!(event instanceof RunEvent.RunProgressed p)) {
            return;
        }
        for (DatabaseProgress d : p.job().databases()) {
            if (d.status() == RunStatus.RUNNING) {
                if (d.node() != null && d.rows() == 0 && d.bytes() == 0) {
                    line.maybePrint(prefix + ": " + d.database() + " — running on node " + d.node());
                } else if (d.rows() > 0 || d.bytes() > 0) {
                    line.maybePrint(prefix + ": " + d.database() + " — " + d.rows() + " rows, "
                            + Bytes.formatBytes(d.bytes()) + " of SQL");
                }
            } else if (ended.add(d.database()) && enabled) {
                err.println(prefix + ": " + d.database() + " " + d.status().id());
                err.flush();
            }
        }
    }
}
