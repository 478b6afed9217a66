package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backup", mixinStandardHelpOptions = true, description = {
        "Runs the nightly backup now: every configured database (or those named with --db), "
                + "3 at a time, to daily/<date>/<db>.sql[.gz|.zst] in the store, recorded in the catalog "
                + "(trigger cli); alerts as configured, like every run. While a console or daemon holds the catalog, "
                + "the run goes into its queue and is followed from here (not with --now).",
        "With [cluster] and no console or daemon holding the catalog here, the run goes into the cluster's queue: "
                + "a free node runs it (trigger \"cli user@host\") and this command follows it to its end (stopping "
                + "the command stops following, not the run); refused when no node is up or the same run is queued. "
                + "--here runs it in this process instead (under the cluster's locks).",
        "Exit 0 when every database was backed up, 1 when any failed, 2 on a config or usage error.",
        "Example: patina backup --db shop --now 2026-11-28T02:00:00Z"})
final class BackupCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Mixin
    QueueOptions queue;

    @Option(names = "--db", paramLabel = "NAME", description = "Back up only this database (repeatable).")
    List<String> databases = List.of();

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    BackupCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        try (PatinaRuntime rt = runtime.open(services, err)) {
            List<String> configured = rt.backups().databaseNames();
            List<String> unknown = databases.stream().filter(d -> !configured.contains(d)).distinct().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("no configured database named " + String.join(", ", unknown)
                        + " (configured: " + String.join(", ", configured) + ")");
            }
            RunReport report = OrderedRun.run(rt, runtime, queue, RunOrder.nightly(RunTrigger.CLI,
                    new LinkedHashSet<>(databases)), new RunProgressLines("backup", err, !quiet), err).report();
            out.printf("nightly backup for %s: %s (run %s)%n", report.runDate(), report.status().id(),
                    report.runId());
            for (DatabaseOutcome o : report.databases()) {
                if (o.status() == RunStatus.OK) {
                    out.printf("  ok      %-24s %,12d rows %10s  %5.1f s  %s%n", o.database(), o.rows(),
                            Bytes.formatBytes(o.bytes()), o.duration().toMillis() / 1000.0, o.objectKey());
                    if (o.schemaChange() != null) {
                        out.printf("          %-24s schema changed since the previous backup: %s%n", "",
                                o.schemaChange());
                    }
                } else {
                    out.printf("  FAILED  %-24s %s%n", o.database(), o.error());
                }
            }
            CommandReports.replicas(report, out);
            out.flush();
            return report.status() == RunStatus.OK ? 0 : 1;
        }
    }
}
