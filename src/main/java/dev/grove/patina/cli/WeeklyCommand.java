package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.weekly.ArchivedMember;
import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.backup.weekly.MissingDaily;
import dev.grove.patina.backup.weekly.WeeklyResult;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.WorkResult;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "weekly", mixinStandardHelpOptions = true, description = {
        "Archives one ISO week's dailies of every configured database, decompressed, into weekly/YYYY-Www.tar.gz "
                + "with a manifest.json, recorded in the catalog (trigger cli); alerts as configured, like every run. "
                + "Damaged or absent dailies are listed as missing. While a console or daemon holds the catalog, the "
                + "run goes into its queue and is followed from here (not with --now).",
        "With [cluster] and no console or daemon holding the catalog here, the run goes into the cluster's queue: "
                + "a free node runs it (trigger \"cli user@host\") and this command follows it to its end (stopping "
                + "the command stops following, not the run); refused when no node is up or the same run is queued. "
                + "--here runs it in this process instead (under the cluster's locks).",
        "Which week: --week, else the week ending on --now's date when that is a Sunday (the schedule archives on "
                + "Sunday 03:00), else the last week that has ended.",
        "Exit 0 when the archive was stored, missing dailies included (they are listed, and repeated as a warning "
                + "on stderr); 1 when nothing was stored (no dailies at all, the store failed, interrupted), or with "
                + "--strict when a daily is missing; 2 usage or config error.",
        "Example: patina weekly --now 2026-11-29T03:00:00Z"})
final class WeeklyCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Mixin
    QueueOptions queue;

    @Option(names = "--week", paramLabel = "YYYY-Www", description = "Archive this ISO week (e.g. 2026-W48).")
    String week;

    @Option(names = "--strict", description = "Exit 1 when any daily of the week is missing from the archive "
            + "(the archive is still made). Default: missing dailies are warnings and the exit status is 0.")
    boolean strict;

    WeeklyCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (PatinaRuntime rt = runtime.open(services, err())) {
            LocalDate today = LocalDate.ofInstant(rt.clock().instant(), rt.config().schedule().timezone());
            IsoWeek chosen = week != null ? IsoWeek.parse(week) : IsoWeek.lastEndedOnOrBefore(today);
            WorkResult done = OrderedRun.run(rt, runtime, queue, RunOrder.weekly(RunTrigger.CLI, chosen),
                    new RunProgressLines("weekly", err(), true), err());
            if (!(done instanceof WorkResult.WeeklyDone weekly)) {
                return CommandReports.handedOver("weekly archive " + chosen, done.report(), out);
            }
            WeeklyResult r = weekly.archive();
            out.printf("weekly archive %s (%s to %s): %s (run %s)%n", chosen, chosen.monday(), chosen.sunday(),
                    r.status().id(), r.runId());
            if (r.stored()) {
                out.printf("  %s  %s  sha256 %s%n", r.key(), Bytes.formatBytes(r.size()), r.sha256());
            } else {
                out.printf("  FAILED  %s%n", r.error());
            }
            for (ArchivedMember m : r.members()) {
                out.printf("  member   %-40s %10s  %s%n", m.path(), Bytes.formatBytes(m.size()), m.sha256());
            }
            for (MissingDaily d : r.missing()) {
                out.printf("  MISSING  %s/%s: %s%n", d.date(), d.database(), d.reason());
            }
            CommandReports.replicas(weekly.report(), out);
            out.flush();
            if (!r.stored() || r.status() == RunStatus.FAILED || r.status() == RunStatus.INTERRUPTED) {
                return 1;
            }
            if (!r.missing().isEmpty()) {
                err().println("patina: warning: " + r.missing().size() + " daily backup(s) missing from " + r.key()
                        + " (listed above)" + (strict ? "; --strict makes that a failure"
                        : "; the archive holds the rest (--strict makes missing dailies a failure)"));
                err().flush();
                return strict ? 1 : 0;
            }
            return 0;
        }
    }
}
