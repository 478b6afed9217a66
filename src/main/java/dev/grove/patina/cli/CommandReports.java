package dev.grove.patina.cli;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import java.io.PrintWriter;

/** What a command prints of a run that another process (the console, the daemon) ran for it. */
final class CommandReports {
    private CommandReports() {
    }

    /**
     * Prints {@code report} as the catalog recorded it; the details (members, deletions) are in `patina status`
     * and the console's run history.
     *
     * @return the exit status: 0 when the run ended OK, else 1
     */
    static int handedOver(String what, RunReport report, PrintWriter out) {
        out.printf("%s: %s (run %s)%n", what, report.status().id(), report.runId());
        for (DatabaseOutcome o : report.databases()) {
            if (o.status() != RunStatus.OK) {
                out.printf("  %-7s %-24s %s%n", o.status().id().toUpperCase(java.util.Locale.ROOT), o.database(),
                        o.error() == null ? "" : o.error());
            } else if (o.schemaChange() != null) {
                out.printf("  %-7s %-24s schema changed since the previous backup: %s%n", "ok", o.database(),
                        o.schemaChange());
            }
        }
        out.println("  details: `patina status`, or the console's run history");
        out.flush();
        return report.status() == RunStatus.OK ? 0 : 1;
    }

    /**
     * One line per replica of the run: copied, deleted, in sync or how far behind and why (a replica behind does not
     * change the run's exit code: the primary's backup is what it reports).
     */
    static void replicas(RunReport report, PrintWriter out) {
        for (dev.grove.patina.model.ReplicaOutcome r : report.replicas()) {
            out.printf("  replica %-16s copied %d, deleted %d, %s%n", r.replica(), r.copied(), r.deleted(),
                    r.behind() == 0 ? "in sync" : r.behind() + " behind" + (r.error() == null ? "" : " — " + r.error()));
        }
    }
}
