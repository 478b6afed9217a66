package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.RestoreProofs;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunScope;
import dev.grove.patina.run.WorkResult;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true, description = {
        "Test restore: proves backups restore. Downloads the latest backup of each database (or --db), checks its "
                + "SHA-256, restores it into a private scratch folder under Patina's work folder (one database at a "
                + "time, deleted afterwards; refused when the free space there is below the dump's expanded SQL size x 2; a scratch folder "
                + "left by a killed verify is removed by the next one) and "
                + "runs integrity_check, foreign_key_check, the row counts against the dump's footer and the "
                + "catalog, FTS integrity where FTS3/4/5 tables exist, and the database's own [[databases]] checks "
                + "(read-only SELECTs, each must return a true value).",
        "The result is recorded per object in the catalog (\"verified restorable at …, N checks passed\"); patina "
                + "status and the console show \"last proven restorable\". Runs through the run queue like every "
                + "other run, and on its own schedule ([schedule] verify, default Sunday 04:00; a verify missed while "
                + "Patina was not running is caught up once at start).",
        "Exit 1 when any check fails, naming it; a failed check alerts the webhook.",
        "With --date or --store: the dailies of that date, or the copies on that store, checked the same way and "
                + "through the same run queue (a verify ordered while a console or daemon holds the catalog runs in "
                + "its queue; the verdicts and each check's result are printed here either way).",
        "With [cluster] and no console or daemon holding the catalog here, the run goes into the cluster's queue: "
                + "a free node runs it (trigger \"cli user@host\") and this command follows it to its end (stopping "
                + "the command stops following, not the run); refused when no node is up or the same run is queued. "
                + "--here runs it in this process instead (under the cluster's locks). A verify run in the cluster prints each "
                + "database's outcome; each check's result is in the catalog (patina list, the console).",
        "A damaged or missing object is recorded in the catalog as damaged (never again counted as a good copy by "
                + "status, the dashboard or retention) and alerts the webhook.",
        "--store NAME verifies the copies on one store: primary (the [store], the default) or a replica's name; a "
                + "damaged or missing copy on a replica is recorded on that copy (the next run copies it again).",
        "Example: patina verify --date 2026-11-28 --db shop"})
final class VerifyCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Mixin
    QueueOptions queue;

    @Option(names = "--date", paramLabel = "DATE", description = "Verify the dailies of this date (YYYY-MM-DD).")
    LocalDate date;

    @Option(names = "--db", paramLabel = "NAME", description = "Only this database.")
    String database;

    @Option(names = "--store", paramLabel = "NAME", description = "The store to verify: primary (default) or a "
            + "replica's name.")
    String store;

    @Option(names = "--decrypt", description = "Also decrypt encrypted (.age) objects with [encryption] identity and"
            + " restore them; without it an encrypted object's SHA-256 is checked, which needs no key.")
    boolean decrypt;

    VerifyCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (PatinaRuntime rt = runtime.open(services, err())) {
            // an unknown store name fails here (exit 2), naming the stores there are
            String storeName = store == null ? null : rt.storeNamed(store).name();
            if (database != null && date == null && !rt.backups().databaseNames().contains(database)) {
                out.println("nothing to verify: no database " + database + " is configured (configured: "
                        + String.join(", ", rt.backups().databaseNames()) + ")");
                out.flush();
                return 1;
            }
            RunScope.VerifyScope scope = new RunScope.VerifyScope(database == null ? Set.of() : Set.of(database),
                    decrypt, date, storeName);
            return ordered(rt, out, scope);
        }
    }

    private static void damagedFooter(PrintWriter out, List<VerifyService.Verdict> results) {
        long damaged = results.stream().filter(VerifyService.Verdict::damaged).count();
        if (damaged > 0) {
            out.printf("%d object(s) DAMAGED or missing: recorded in the catalog, never counted as a good copy "
                    + "again; run `patina backup` for a fresh copy (see docs/troubleshooting.md)%n", damaged);
        }
    }

    /**
     * The test restore {@code scope} names — the latest backup of each database (or {@code --db}), or the dailies
     * of {@code --date}, on the primary or {@code --store} — ordered from the run service like every other run (one
     * lane, the same catalog record and alert; handed to a console or daemon holding the catalog, which sends the
     * verdicts back with the run's end).
     */
    private int ordered(PatinaRuntime rt, PrintWriter out, RunScope.VerifyScope scope) {
        if (scope.store() != null) {
            out.println("verifying the copies on " + scope.store() + " (" + rt.storeNamed(scope.store()).store()
                    .describe() + ")");
        }
        out.println("test restore of " + scope.describe() + ", one at a time, in a scratch folder under "
                + rt.config().catalog().path().toAbsolutePath().getParent().resolve("tmp"));
        out.flush();
        WorkResult done;
        try {
            done = OrderedRun.run(rt, runtime, queue, RunOrder.verify(RunTrigger.CLI, scope),
                    new RunProgressLines("verify", err(), true), err());
        } catch (IllegalStateException e) {
            out.println("verify did not run: " + e.getMessage());
            out.flush();
            return 1;
        }
        if (done instanceof WorkResult.VerifyDone v) {
            for (VerifyService.Verdict r : v.verdicts()) {
                printVerdict(out, r);
            }
            long bad = v.verdicts().stream().filter(r -> !r.ok()).count();
            out.printf("verified %d object(s): %d ok, %d failed%n", v.verdicts().size(), v.verdicts().size() - bad,
                    bad);
            damagedFooter(out, v.verdicts());
            out.flush();
            return bad == 0 ? 0 : 1;
        }
        RunReport report = done.report();
        for (dev.grove.patina.model.DatabaseOutcome d : report.databases()) {
            out.printf("  %-18s %s%s%n", d.status() == RunStatus.OK ? "ok" : "FAILED", d.database(),
                    d.error() == null ? "" : " — " + d.error());
        }
        out.println("verify run " + report.runId() + ": " + report.status().id());
        out.flush();
        return report.status() == RunStatus.OK ? 0 : 1;
    }

    /** One object's verdict, then each check its test restore ran (integrity, foreign keys, FTS, the operator's). */
    static void printVerdict(PrintWriter out, VerifyService.Verdict r) {
        out.printf("  %-18s %s — %s%n", r.ok() ? "ok" : r.outcome().name(), r.key(), r.detail());
        for (RestoreProofs.CheckRun c : r.checks()) {
            out.printf("      %-6s %s: %s%n", c.passed() ? "ok" : "FAILED", c.check(), c.result());
        }
    }
}
