package dev.grove.patina.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code patina catalog}: the catalog itself (ADR 0020). */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = {
        "The catalog of runs and backups: moving a local catalog into a cluster's PostgreSQL.",
        "Example: patina catalog migrate --to jdbc:postgresql://db.internal:5432/patina --user patina "
                + "--password env:PATINA_PG_PASSWORD"},
        subcommands = {CatalogMigrateCommand.class})
final class CatalogCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: migrate");
    }
}
