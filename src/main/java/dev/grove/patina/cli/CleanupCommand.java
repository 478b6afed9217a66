package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.CleanupResult;
import dev.grove.patina.backup.retention.Decision;
import dev.grove.patina.backup.retention.RetentionPlan;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.WorkResult;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cleanup", mixinStandardHelpOptions = true, description = {
        "Applies the [retention] policy: shows what it removes and keeps, with the reason for each object, then "
                + "deletes the removals from the store as a recorded run (trigger cli; alerts as configured). The "
                + "newest good daily of every database is always kept. While a console or daemon holds the catalog, "
                + "the run goes into its queue (it applies the plan it computes from the same policy) and is "
                + "followed from here (not with --now).",
        "With [cluster] and no console or daemon holding the catalog here, the run goes into the cluster's queue: "
                + "a free node runs it (trigger \"cli user@host\") and this command follows it to its end (stopping "
                + "the command stops following, not the run); refused when no node is up or the same run is queued. "
                + "--here runs it in this process instead (under the cluster's locks).",
        "Exit 0 when every planned removal was done (or --dry-run), 1 when a delete failed or the store's listing "
                + "could not be trusted (then nothing is deleted).",
        "Example: patina cleanup --dry-run --now 2026-11-28"})
final class CleanupCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Mixin
    QueueOptions queue;

    @Option(names = "--dry-run", description = "Show the plan only; delete nothing.")
    boolean dryRun;

    CleanupCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        try (PatinaRuntime rt = runtime.open(services, err())) {
            LocalDate today = LocalDate.ofInstant(rt.clock().instant(), rt.config().schedule().timezone());
            RetentionPolicy policy = new RetentionPolicy(rt.config().retention().dailyDays(),
                    rt.config().retention().weeklyWeeks());
            RetentionPlan plan = rt.cleanup().plan(policy, today);
            out.printf("cleanup for %s (dailies: %d days, weeklies: %d ISO weeks): %d to remove, %d to keep"
                            + " (%d by safety)%n", today, policy.dailyDays(), policy.weeklyWeeks(),
                    plan.removals().size(), plan.keeps().size(), plan.keptBySafety());
            for (Decision d : plan.removals()) {
                out.printf("  REMOVE  %-44s %s%n", d.key(), d.reason());
            }
            for (Decision d : plan.keeps()) {
                out.printf("  KEEP    %-44s %s%n", d.key(), d.reason());
            }
            if (dryRun) {
                out.println("dry run: nothing was deleted");
                out.flush();
                return 0;
            }
            WorkResult done = OrderedRun.run(rt, runtime, queue, RunOrder.cleanup(RunTrigger.CLI, plan), e -> { }, err());
            if (!(done instanceof WorkResult.CleanupDone cleanup)) {
                return CommandReports.handedOver("cleanup (the plan its holder computed from the same policy when the"
                        + " run started)", done.report(), out);
            }
            CleanupResult r = cleanup.cleanup();
            if (r.refused()) {
                out.println("REFUSED: " + r.refusal());
            }
            for (CleanupResult.FailedDelete f : r.failures()) {
                out.printf("  FAILED  %-44s %s%n", f.key(), f.error());
            }
            for (CleanupResult.Skipped s : r.skipped()) {
                out.printf("  SKIPPED %-44s %s%n", s.key(), s.reason());
            }
            out.printf("removed %d (%s), kept %d (%d by safety), %d failed%n", r.removed(),
                    Bytes.formatBytes(r.removedBytes()), r.kept(), r.keptBySafety(), r.failures().size());
            CommandReports.replicas(cleanup.report(), out);
            out.flush();
            return r.refused() || !r.failures().isEmpty() ? 1 : 0;
        }
    }
}
