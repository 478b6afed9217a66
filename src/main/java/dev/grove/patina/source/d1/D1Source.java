package dev.grove.patina.source.d1;

import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.SourceException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * A Cloudflare D1 database read over the REST API. In {@code query} mode a snapshot reads the schema and pages every
 * table through {@code /raw} (see {@link D1Snapshot} for what "snapshot" means on D1 and {@link LosslessValue} for
 * how values stay exact).
 */
public final class D1Source implements DatabaseSource {
    private final D1DatabaseConfig config;
    private final D1Client client;

    /** A source over {@code client}, which must address {@code config}'s database. */
    public D1Source(D1DatabaseConfig config, D1Client client) {
        this.config = config;
        this.client = client;
    }

    /**
     * A source with a real HTTP client and the system clock, sharing {@code limiter} (use one per API token:
     * Cloudflare counts requests per user).
     */
    public static D1Source create(D1DatabaseConfig config, RateLimiter limiter) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new D1Source(config, new D1Client(config, http, Clock.systemUTC(), Sleeper.system(), limiter,
                D1Settings.defaults()));
    }

    @Override
    public String name() {
        return config.name();
    }

    public D1DatabaseConfig config() {
        return config;
    }

    /**
     * Opens a {@code query}-mode snapshot: one request proves the token and ids at once.
     *
     * @throws SourceException (a {@link D1ApiException}) naming the database and what to fix
     */
    @Override
    public DumpSnapshot openSnapshot() {
        if (D1DatabaseConfig.MODE_EXPORT.equals(config.mode())) {
            throw new SourceException("database " + config.name() + ": mode = \"export\" is not available in this "
                    + "version of Patina yet; use mode = \"query\"");
        }
        return new D1Snapshot(client);
    }
}
