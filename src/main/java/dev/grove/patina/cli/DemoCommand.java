package dev.grove.patina.cli;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, description = {
        "Creates (once) the demo workspace — six sample SQLite databases, a local-folder store and a config — then "
                + "runs a nightly backup of all six and verifies every backup by restoring it. No cloud account.",
        "Example: patina demo --dir /tmp/patina-demo"})
final class DemoCommand extends PatinaCommand {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Demo workspace (default: the 'demo' folder in Patina's data folder).")
    Path dir;

    DemoCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        AppDirs dirs = services.dirs();
        DemoWorkspace demo = new DemoWorkspace(dir != null ? dir.toAbsolutePath() : dirs.dataDir().resolve("demo"));
        boolean existed = demo.exists();
        demo.create();
        out.println("Patina " + services.version() + " demo — workspace " + demo.root()
                + (existed ? " (already there; reused)" : ""));
        out.println("1. sample databases in " + demo.databasesDir() + ":");
        for (String name : DemoWorkspace.DATABASES) {
            out.printf("     %-10s %10s%n", name, Bytes.formatBytes(Files.size(demo.database(name))));
        }
        PatinaConfig config = services.configLoader().load(demo.configFile());
        try (PatinaRuntime rt = PatinaRuntime.open(config, services)) {
            // the same road as every run: this process's run service (its lock, its lanes, its alerts)
            RunReport report = OrderedRun.run(rt.runs(), RunOrder.nightly(RunTrigger.CLI, Set.of()), e -> { })
                    .report();
            out.printf("2. nightly backup to %s: %s%n", rt.store().describe(), report.status().id());
            List<StoredObject> stored = new ArrayList<>();
            for (DatabaseOutcome o : report.databases()) {
                if (o.status() == RunStatus.OK) {
                    out.printf("     %-10s %,9d rows  %9s  %s%n", o.database(), o.rows(), Bytes.formatBytes(o.bytes()),
                            o.objectKey());
                    rt.catalog().object(o.objectKey()).ifPresent(stored::add);
                } else {
                    out.printf("     %-10s FAILED: %s%n", o.database(), o.error());
                }
            }
            out.println("3. verify: download, check SHA-256, restore into a temp file, integrity_check, row counts:");
            List<VerifyService.Verdict> results = rt.verifier().verify(stored, r -> out.printf("     %-10s %s%n",
                    r.database(), r.ok() ? "ok" : r.outcome() + ": " + r.detail()));
            boolean ok = report.status() == RunStatus.OK && results.stream().allMatch(VerifyService.Verdict::ok);
            String cfg = " --config " + demo.configFile();
            out.println();
            out.println("Try it yourself:");
            out.println("  java -jar target/patina.jar status" + cfg);
            out.println("  java -jar target/patina.jar list" + cfg);
            out.println("  java -jar target/patina.jar download " + report.runDate() + " shop -o /tmp/shop.sql "
                    + "--decompress" + cfg);
            out.println("  java -jar target/patina.jar restore /tmp/shop.sql /tmp/shop-copy.sqlite");
            out.flush();
            return ok ? 0 : 1;
        }
    }
}
