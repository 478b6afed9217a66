package dev.grove.patina.cli;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.Services;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.demo.DemoDatabases;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpInspector;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpSummary;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.RestoreReport;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = {
        "Creates a sample shop database in a demo workspace, dumps it, inspects the dump and restores it,",
        "showing every check. Needs no database or cloud account of your own.",
        "Example: patina demo --dir /tmp/patina-demo"}, mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Demo workspace (default: the 'demo' folder in Patina's data folder).")
    Path dir;

    @Option(names = "--customers", defaultValue = "2000", description = "Customers to generate (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--verbose", description = "Show the full error behind a failure.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final Services services;

    DemoCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path workspace = dir != null ? dir : AppDirs.current().dataDir().resolve("demo");
        Files.createDirectories(workspace);
        Path db = workspace.resolve("shop.sqlite");
        Path dump = workspace.resolve("shop.sql.gz");
        Path restored = workspace.resolve("shop-restored.sqlite");
        for (Path p : new Path[] {db, dump, restored}) {
            for (String suffix : new String[] {"", "-wal", "-shm", ".bak"}) {
                Files.deleteIfExists(p.resolveSibling(p.getFileName() + suffix));
            }
        }
        out.println("Patina " + services.version() + " demo — workspace " + workspace);
        DemoDatabases.createShop(db, customers, 42);
        out.printf("1. created sample database %s (%s)%n", db, Bytes.formatBytes(Files.size(db)));

        DumpSummary summary = services.exportService().exportToFile(new SqliteFileSource("shop", db), dump,
                DumpOptions.all("shop", DumpDialect.D1), Compression.GZIP, (t, r, total, b) -> { });
        out.printf("2. dumped it to %s: %d tables, %,d rows, %s of SQL (%s gzipped)%n", dump,
                summary.rowCounts().size(), summary.totalRows(), Bytes.formatBytes(summary.bytes()),
                Bytes.formatBytes(Files.size(dump)));

        DumpInspector.Report report = services.inspector().inspect(dump);
        out.printf("3. inspected the dump: %d statements, checksum %s%n", report.statements(),
                report.checksumOk() ? "ok" : "MISMATCH");

        RestoreReport r = services.restorer().restore(dump, restored, RestoreOptions.all(), RestoreProgress.NONE);
        out.printf("4. restored it to %s: integrity_check ok, checksum %s, row counts %s%n", restored,
                r.checksumVerified() ? "verified" : "not verified", r.countsVerified() ? "match" : "not verified");
        out.println();
        out.println("Try it yourself:");
        out.println("  java -jar target/patina.jar inspect " + dump);
        out.println("  java -jar target/patina.jar dump " + db + " --tables customers | head -20");
        out.println("  java -jar target/patina.jar restore " + dump + " /tmp/copy.sqlite --tables orders,customers");
        out.flush();
        return report.ok() && r.checksumVerified() && r.countsVerified() ? 0 : 1;
    }
}
