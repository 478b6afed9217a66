package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.SourceException;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Cloudflare D1 database read over the REST API. In {@code query} mode a snapshot reads the schema and pages every
 * table through {@code /raw} (see {@link D1Snapshot} for what "snapshot" means on D1 and {@link D1ValueEncoding} for
 * how values stay exact).
 */
public final class D1Source implements DatabaseSource {
    private final D1DatabaseConfig config;
    private final D1Client client;
    private final Restorer restorer;
    private final Duration pollEvery;

    /**
     * A source over {@code client}, which must address {@code config}'s database.
     *
     * @param restorer  loads Cloudflare's export into a temporary SQLite file ({@code export} mode)
     * @param pollEvery wait between polls of an export ({@code export} mode)
     */
    public D1Source(D1DatabaseConfig config, D1Client client, Restorer restorer, Duration pollEvery) {
        this.config = config;
        this.client = client;
        this.restorer = restorer;
        this.pollEvery = pollEvery;
    }

    /**
     * A source with a real HTTP client ({@link D1Client#create}), sharing {@code limiter} (use one per API token:
     * Cloudflare counts requests per user), paging and retrying with {@code settings}.
     *
     * @param clock    reads a {@code Retry-After} given as a date
     * @param restorer loads Cloudflare's export in {@code export} mode
     */
    public static D1Source create(D1DatabaseConfig config, RateLimiter limiter, D1Settings settings, Clock clock,
                                  Restorer restorer) {
        return new D1Source(config, D1Client.create(config, limiter, settings, clock), restorer,
                Duration.ofSeconds(1));
    }

    /** The client this source talks through (restores into D1 use it too). */
    public D1Client client() {
        return client;
    }

    @Override
    public String name() {
        return config.name();
    }

    public D1DatabaseConfig config() {
        return config;
    }

    /**
     * Opens a snapshot. {@code query} mode reads the live database request by request (one request proves the
     * token and ids at once; not one point in time, see {@link D1Snapshot}). {@code export} mode runs Cloudflare's
     * export, which holds the database still while it runs, loads the dump into a temporary SQLite file and reads
     * that: one consistent state, but it blocks the database's writers meanwhile and fails on virtual tables.
     *
     * @throws SourceException (a {@link D1ApiException} for API errors) naming the database and what to fix
     */
    @Override
    public DumpSnapshot openSnapshot() {
        if (!D1DatabaseConfig.MODE_EXPORT.equals(config.mode())) {
            return new D1Snapshot(client, config.name());
        }
        List<String> virtual = new ArrayList<>();
        for (List<JsonNode> r : client.raw("SELECT name FROM main.sqlite_master WHERE type = 'table' AND "
                + "sql LIKE 'CREATE VIRTUAL TABLE%'", List.of()).rows()) {
            virtual.add(r.get(0).asText());
        }
        if (!virtual.isEmpty()) {
            throw new SourceException("database " + config.name() + ": Cloudflare's export cannot export databases "
                    + "with virtual tables (" + String.join(", ", virtual) + "); set mode = \"query\" for it");
        }
        Path folder = null;
        try {
            folder = Files.createTempDirectory("patina-d1-export-");
            Path dump = folder.resolve("export.sql");
            client.export(dump, pollEvery);
            Path db = folder.resolve("export.sqlite");
            restorer.restore(dump, db, RestoreOptions.all(), RestoreProgress.NONE);
            Files.delete(dump);
            return new ExportedSnapshot(new SqliteFileSource(config.name(), db).openSnapshot(), folder);
        } catch (IOException | RuntimeException e) {
            if (folder != null) {
                try {
                    ExportedSnapshot.deleteTree(folder);
                } catch (IOException ignored) {
                    // the export failure is what matters
                }
            }
            if (e instanceof SourceException se) {
                throw se;
            }
            throw new SourceException("database " + config.name() + ": cannot load Cloudflare's export: "
                    + e.getMessage(), e);
        }
    }
}
