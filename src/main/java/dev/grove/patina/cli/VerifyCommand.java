package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunTrigger;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true, description = {
        "Proves backups restore: downloads each, checks its SHA-256 against the catalog, restores it into a temp "
                + "file (integrity_check, row counts) and records verified_at.",
        "Without --date: the newest backup of each database. Exit 1 when any object is missing or damaged.",
        "A damaged or missing object is recorded in the catalog as damaged (never again counted as a good copy by "
                + "status, the dashboard or retention) and alerts the webhook.",
        "--store NAME verifies the copies on one store: primary (the [store], the default) or a replica's name; a "
                + "damaged or missing copy on a replica is recorded on that copy (the next run copies it again).",
        "Example: patina verify --date 2026-11-28 --db shop"})
final class VerifyCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

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
            VerifyService verifier = rt.verifierOf(store); // an unknown store name fails here, naming the stores
            List<StoredObject> objects = new ArrayList<>();
            if (date != null) {
                ObjectQuery q = ObjectQuery.firstPage(ObjectQuery.MAX_LIMIT).withKind(ObjectKind.DAILY)
                        .withStatus(ObjectStatus.PRESENT).withDates(date, date);
                objects.addAll(rt.catalog().findObjects(database == null ? q : q.withDatabase(database)).items());
            } else {
                List<String> names = database == null ? rt.backups().databaseNames() : List.of(database);
                for (String name : names) {
                    rt.catalog().latestDaily(name).ifPresent(objects::add);
                }
            }
            if (objects.isEmpty()) {
                out.println("nothing to verify: no backup in the catalog matches");
                out.flush();
                return 1;
            }
            if (store != null) {
                out.println("verifying the copies on " + rt.storeNamed(store).name() + " ("
                        + rt.storeNamed(store).store().describe() + ")");
            }
            List<VerifyService.Verdict> results = verifier.verify(objects, RunTrigger.CLI, decrypt, r -> {
                out.printf("  %-18s %s — %s%n", r.ok() ? "ok" : r.outcome().name(), r.key(), r.detail());
                out.flush();
            });
            long bad = results.stream().filter(r -> !r.ok()).count();
            out.printf("verified %d object(s): %d ok, %d failed%n", results.size(), results.size() - bad, bad);
            long damaged = results.stream().filter(VerifyService.Verdict::damaged).count();
            if (damaged > 0) {
                out.printf("%d object(s) DAMAGED or missing: recorded in the catalog, never counted as a good copy "
                        + "again; run `patina backup` for a fresh copy (see docs/troubleshooting.md)%n", damaged);
            }
            out.flush();
            return bad == 0 ? 0 : 1;
        }
    }
}
