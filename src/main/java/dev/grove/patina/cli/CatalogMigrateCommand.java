package dev.grove.patina.cli;

import dev.grove.patina.app.ConfigLocator;
import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.CatalogMoveIn;
import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.config.ConfigRules;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.schedule.cluster.ClusterDatabase;
import dev.grove.patina.util.Secret;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code patina catalog migrate --to <jdbc url>}: copies a local SQLite catalog's whole history into a cluster's
 * catalog on PostgreSQL ({@link CatalogMoveIn}): idempotent, verified by counts per table, which it prints.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = {
        "Copies the local SQLite catalog's whole history (runs, outcomes, logs, objects, copies, proofs, chains, "
                + "schemas) into a cluster's catalog on PostgreSQL, creating the cluster's schema when it is new. "
                + "Idempotent: rows the cluster has are kept, a second run copies nothing. Prints each table's "
                + "counts; nothing is committed unless they agree.",
        "User and password: the options, else the config's [cluster]. The password is a reference "
                + "(env:NAME, file:/path or keyring:NAME), never the password itself.",
        "Example: PATINA_PG_PASSWORD=… patina catalog migrate --to jdbc:postgresql://db:5432/patina "
                + "--user patina --password env:PATINA_PG_PASSWORD"})
final class CatalogMigrateCommand extends PatinaCommand {
    @Option(names = "--to", required = true, paramLabel = "JDBC-URL",
            description = "The cluster's PostgreSQL: jdbc:postgresql://host[:port]/database (no password in it).")
    String to;

    @Option(names = "--user", paramLabel = "USER", description = "The PostgreSQL user (default: [cluster] user).")
    String user;

    @Option(names = "--password", paramLabel = "REFERENCE",
            description = "Where the password is: env:NAME, file:/path or keyring:NAME (default: [cluster] password).")
    String password;

    @Option(names = "--from", paramLabel = "FILE",
            description = "The SQLite catalog to copy (default: the config's [catalog] path).")
    Path from;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The patina.toml whose [catalog] and [cluster] to use (default: the per-user config).")
    Path config;

    CatalogMigrateCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        if (!to.startsWith(ClusterConfig.URL_PREFIX)) {
            throw new IllegalArgumentException("--to must start with " + ClusterConfig.URL_PREFIX
                    + " (PostgreSQL is the one cluster database)");
        }
        if (to.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("--to must not hold a password: pass --password env:NAME");
        }
        Optional<PatinaConfig> cfg = loadConfig();
        Path source = from != null ? from
                : cfg.map(c -> c.catalog().path()).orElseThrow(() -> new IllegalArgumentException(
                "no catalog to copy: pass --from FILE or --config FILE (its [catalog] path)"));
        String who = user != null ? user : cfg.flatMap(PatinaConfig::cluster).map(ClusterConfig::user)
                .orElseThrow(() -> new IllegalArgumentException("no PostgreSQL user: pass --user, or set "
                        + "[cluster] user in the config"));
        Secret secret = password != null ? secret(password) : cfg.flatMap(PatinaConfig::cluster)
                .map(ClusterConfig::password).orElseThrow(() -> new IllegalArgumentException("no PostgreSQL "
                        + "password: pass --password env:NAME, or set [cluster] password in the config"));
        ClusterConfig target = new ClusterConfig(to, who, secret, Optional.of("catalog-migrate"));
        try (ClusterDatabase db = ClusterDatabase.open(target)) {
            CatalogMoveIn.MoveInReport report = CatalogMoveIn.copy(source, db.dataSource(), db.schema(),
                    db.hostPort());
            out.println("catalog " + report.from() + " → " + report.to());
            out.printf("%-17s %10s %10s %14s %10s%n", "table", "sqlite", "copied", "already there", "cluster");
            for (CatalogMoveIn.TableCount t : report.tables()) {
                out.printf("%-17s %10d %10d %14d %10d%n", t.table(), t.source(), t.copied(), t.alreadyThere(),
                        t.target());
            }
            out.println(report.copied() == 0 ? "nothing new to copy: the cluster has every row"
                    : "copied " + report.copied() + " rows; counts verified");
            out.flush();
        }
        return 0;
    }

    private Optional<PatinaConfig> loadConfig() {
        if (config == null && !Files.exists(services.dirs().configFile())) {
            return Optional.empty();
        }
        return Optional.of(new ConfigLocator(services.dirs(), services.configLoader()).locate(config).config());
    }

    private Secret secret(String reference) {
        ConfigRules.secretReference(reference).ifPresent(problem -> {
            throw new IllegalArgumentException("--password " + problem);
        });
        return services.configLoader().resolveSecret(Path.of("(command line)"), "--password", reference);
    }
}
