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
}
