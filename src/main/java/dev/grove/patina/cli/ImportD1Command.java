package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.source.d1.D1Client;
import dev.grove.patina.source.d1.D1Importer;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import-d1", mixinStandardHelpOptions = true, description = {
        "Restores a dump into a configured Cloudflare D1 database through D1's import API.",
        "Checks the whole file first (d1 dialect, PRAGMAs, statement sizes, what D1's engine refuses such as FTS4 "
                + "or unistr(), checksum) and sends nothing until the "
                + "database's name is typed with --confirm. D1 blocks the database while it imports and runs the "
                + "file atomically; existing tables make the import fail as a whole.",
        "Example: patina import-d1 shop.sql.zst --db grove-shop --confirm grove-shop"})
final class ImportD1Command extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Parameters(index = "0", paramLabel = "DUMP", description = "A d1-dialect dump (plain, .gz or .zst).")
    Path dump;

    @Option(names = "--db", required = true, paramLabel = "NAME", description = "The configured D1 database.")
    String database;

    @Option(names = "--confirm", paramLabel = "NAME",
            description = "The database name again: without it, only the check runs.")
    String confirm;

    ImportD1Command(Services services) {
        super(services);
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        try (PatinaRuntime rt = runtime.open(services, err())) {
            D1Importer importer = rt.d1Importer(database);
            try (D1Importer.PreparedImport check = importer.check(dump)) {
                out.printf("checked %s: %d statements, %s of SQL, tables %s — D1 can take it%n", dump,
                        check.statements(), Bytes.formatBytes(check.bytes()), String.join(", ", check.tables()));
                if (confirm == null) {
                    out.println("nothing sent: add --confirm " + database + " to import into D1 database " + database
                            + " (it blocks the database while it runs)");
                    out.flush();
                    return 0;
                }
                D1Client.ImportResult result = importer.importInto(check, confirm, Duration.ofSeconds(1),
                        m -> err().println("d1: " + m));
                out.printf("imported into D1 database %s: %d statements; Time Travel bookmark after the import: %s%n",
                        database, result.statements(), result.finalBookmark());
                out.flush();
                return 0;
            }
        }
    }
}
