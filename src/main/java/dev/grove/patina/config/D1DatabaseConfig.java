package dev.grove.patina.config;

import dev.grove.patina.util.Secret;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A Cloudflare D1 database ({@code type = "d1"}), read over Cloudflare's REST API.
 *
 * @param accountId  the Cloudflare account id
 * @param databaseId the D1 database id
 * @param apiToken   an API token with D1 read access
 * @param apiBase    the API base URL ({@link #DEFAULT_API_BASE} unless overridden, for example for a test server)
 * @param mode       {@link #MODE_QUERY} (read table by table through the query API) or {@link #MODE_EXPORT}
 *                   (Cloudflare's own SQL export)
 * @param checks     the operator's read-only checks a test restore runs on the SQLite restore of the dump
 * @param strategy   {@code full} (the default) or {@code differential} (ADR 0016; query mode only)
 */
public record D1DatabaseConfig(String name, String accountId, String databaseId, Secret apiToken, URI apiBase,
                               String mode, List<String> checks, String strategy) implements DatabaseConfig {
    public static final URI DEFAULT_API_BASE = URI.create("https://api.cloudflare.com/client/v4");
    public static final String MODE_QUERY = "query";
    public static final String MODE_EXPORT = "export";
    /** The mode used when {@code mode} is left out. */
    public static final String DEFAULT_MODE = MODE_QUERY;

    public D1DatabaseConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(apiToken, "apiToken");
        apiBase = apiBase == null ? DEFAULT_API_BASE : apiBase;
        mode = mode == null ? DEFAULT_MODE : mode;
        if (!mode.equals(MODE_QUERY) && !mode.equals(MODE_EXPORT)) {
            throw new IllegalArgumentException("mode must be query or export (found '" + mode + "')");
        }
        checks = checks == null ? List.of() : List.copyOf(checks);
        strategy = DatabaseConfig.checkedStrategy(strategy);
        if (mode.equals(MODE_EXPORT) && strategy.equals(STRATEGY_DIFFERENTIAL)) {
            throw new IllegalArgumentException("mode = \"export\" cannot be combined with strategy = "
                    + "\"differential\"");
        }
    }

    /** A database backed up in full every night. */
    public D1DatabaseConfig(String name, String accountId, String databaseId, Secret apiToken, URI apiBase,
                            String mode, List<String> checks) {
        this(name, accountId, databaseId, apiToken, apiBase, mode, checks, null);
    }

    /** A database without checks of its own. */
    public D1DatabaseConfig(String name, String accountId, String databaseId, Secret apiToken, URI apiBase,
                            String mode) {
        this(name, accountId, databaseId, apiToken, apiBase, mode, List.of());
    }
}
