package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.SchemaCompareService;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.SqliteDatabaseConfig;
import dev.grove.patina.schema.SchemaComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true, description = {
        "Compares the schema of two daily backups of a database (or a backup with the live SQLite database): "
                + "tables, columns (type, NOT NULL, default, primary key, generated, hidden), foreign keys, "
                + "indexes (columns, unique, partial WHERE), triggers, views, virtual tables, STRICT/WITHOUT ROWID, "
                + "and each table's row count. Renames show as drop + add.",
        "Defaults: the two latest good daily backups; with DATE_A only: DATE_A vs the latest; with --live: the "
                + "latest (or DATE_A) vs the live database.",
        "Exit codes (like diff(1)): 0 the schemas are the same (row counts may differ), 1 they differ, 2 error.",
        "Example: patina diff shop 2026-11-27 2026-11-28"})
final class DiffCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Parameters(index = "0", paramLabel = "DB", description = "The database name.")
    String database;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DATE_A", description = "The older backup (YYYY-MM-DD).")
    LocalDate dateA;

    @Parameters(index = "2", arity = "0..1", paramLabel = "DATE_B", description = "The newer backup (YYYY-MM-DD).")
    LocalDate dateB;

    @Option(names = "--json", description = "Print the comparison as JSON.")
    boolean json;

    @Option(names = "--live", description = "Compare the backup with the configured live SQLite database.")
    boolean live;

    DiffCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (PatinaRuntime rt = runtime.open(services, err())) {
            SchemaCompareService compare = rt.schemaComparer();
            SchemaComparison c;
            if (live) {
                if (dateB != null) {
                    throw new IllegalArgumentException("--live compares one backup with the live database: give at "
                            + "most one date");
                }
                LocalDate from = dateA != null ? dateA : compare.latestGood(database, 1).get(0);
                c = compare.withLive(database, from, livePath(rt));
            } else {
                c = compare.compare(database, dateA, dateB);
            }
            out.print(json ? c.json() : c.text());
            out.flush();
            return c.schemaChanged() ? 1 : 0;
        } catch (Exception e) {
            err().println("diff " + database + ": " + e.getMessage());
            err().flush();
            return 2;
        }
    }

    private Path livePath(PatinaRuntime rt) {
        for (DatabaseConfig db : rt.config().databases()) {
            if (db.name().equals(database)) {
                if (db instanceof SqliteDatabaseConfig sqlite) {
                    return sqlite.path();
                }
                throw new IllegalArgumentException("database " + database + " is not a SQLite file: --live "
                        + "compares with a local SQLite database only");
            }
        }
        throw new IllegalArgumentException("no database named " + database + " in the configuration");
    }
}
