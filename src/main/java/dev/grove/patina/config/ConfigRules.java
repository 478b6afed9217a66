package dev.grove.patina.config;

import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.util.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules {@link ConfigLoader} checks single values against, for anyone who edits a config before it is written
 * (the console's settings dialogs): each returns the problem as the loader states it after the key, for example
 * {@code must be letters, digits and '-' as Cloudflare shows it (found 'a b')}, or empty when the value is fine.
 * The loader puts the dotted key in front; an editor shows the problem under its field.
 */
public final class ConfigRules {
    private static final Pattern CLOUDFLARE_ID = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern CLUSTER_NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private ConfigRules() {
    }

    /** A {@code [[databases]]} name: {@code [a-z0-9._-]+}, not {@code .} or {@code ..}; it is used in object keys. */
    public static Optional<String> databaseName(String name) {
        if (ObjectKeys.isValidDatabaseName(name)) {
            return Optional.empty();
        }
        if (name != null && name.endsWith(ObjectKeys.DIFF)) {
            return Optional.of("may not end in '" + ObjectKeys.DIFF + "' (found " + TableView.shown(name)
                    + "): a differential's key adds it to the name (daily/DATE/<name>.diff.sql)");
        }
        return Optional.of("must be lower-case letters, digits, '.', '_' or '-' (found " + TableView.shown(name)
                + "); it is used in object keys");
    }

    /** A Cloudflare account or D1 database id. */
    public static Optional<String> cloudflareId(String value) {
        if (CLOUDFLARE_ID.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of("must be letters, digits and '-' as Cloudflare shows it (found " + TableView.shown(value)
                + ")");
    }

    /** An S3 bucket name. */
    public static Optional<String> bucket(String bucket) {
        if (BUCKET.matcher(bucket).matches()) {
            return Optional.empty();
        }
        return Optional.of("must be a bucket name: letters, digits, '.', '-' or '_' (found " + TableView.shown(bucket)
                + ")");
    }

    /** A non-secret http(s) URL with a host and no user info ({@code store.endpoint}, {@code api_base}). */
    public static Optional<String> httpUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return Optional.of("must be an http(s) URL (found " + shownUrl(text) + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.of("must be an http(s) URL such as https://<account>.r2.cloudflarestorage.com (found "
                    + shownUrl(text) + ")");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password; use the credential keys");
        }
        return Optional.empty();
    }

    /**
     * {@code cluster.jdbc_url}: {@code jdbc:postgresql://host[:port]/database[?…]} with one host and a database, and
     * no password in it (that belongs in {@code cluster.password}).
     */
    public static Optional<String> clusterJdbcUrl(String url) {
        if (!url.startsWith(ClusterConfig.URL_PREFIX)) {
            return Optional.of("must start with " + ClusterConfig.URL_PREFIX
                    + " (PostgreSQL is the one cluster database)");
        }
        if (url.toLowerCase(Locale.ROOT).contains("password=")) {
            return Optional.of("must not hold a password: put it in cluster.password (env:NAME or keyring:NAME)");
        }
        URI uri;
        try {
            uri = new URI(url.substring("jdbc:".length()));
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL (" + e.getReason() + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("names no host (jdbc:postgresql://host:port/database; several hosts are not"
                    + " supported)");
        }
        String path = uri.getPath();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            return Optional.of("names no database (jdbc:postgresql://host:port/database)");
        }
        return Optional.empty();
    }

    /** {@code cluster.node} when given: Quartz's instance id, letters, digits, '.', '_' or '-'. */
    public static Optional<String> clusterNode(String node) {
        if (node.length() > ClusterConfig.MAX_NODE_LENGTH || !CLUSTER_NODE.matcher(node).matches()) {
            return Optional.of("must be letters, digits, '.', '_' or '-' (at most " + ClusterConfig.MAX_NODE_LENGTH
                    + ", starting with a letter or digit; found " + TableView.shown(node) + ")");
        }
        return Optional.empty();
    }

    /** True for an {@code http:} URL to a host other than this machine: the loader warns about it. */
    public static boolean isPlainHttpToARemoteHost(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost();
        return scheme.equals("http") && !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    /**
     * A secret written as a reference: {@code env:NAME}, {@code file:/path} or {@code keyring:NAME}. The loader also
     * takes a secret written in plain text (with a warning); an editor that writes the file asks for a reference,
     * so this rule refuses plain text. Only the form is checked here; {@link ConfigLoader#resolveSecret} reads it.
     * The problem never repeats a plain-text value.
     */
    public static Optional<String> secretReference(String text) {
        if (text.isBlank()) {
            return Optional.of("must not be empty: env:NAME, file:/path or keyring:NAME");
        }
        if (!SecretReferences.isReference(text)) {
            return Optional.of("must be a reference to the secret — env:NAME, file:/path or keyring:NAME — not the"
                    + " secret itself");
        }
        return SecretReferences.problem(text);
    }

    /**
     * A URL that is itself a secret ({@code alerts.webhook_url}, {@code api.heartbeat_url}), after its reference
     * was read: it must be an http(s) URL with a host. The problem names where the URL came from, never the URL:
     * {@code (from env:HOOK) is not an http(s) URL}.
     */
    public static Optional<String> secretHttpUrl(Secret secret) {
        boolean ok;
        try {
            URI uri = new URI(secret.reveal().strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            ok = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            ok = false;
        }
        if (ok) {
            return Optional.empty();
        }
        String from = SecretReferences.isReference(secret.source()) ? "(from " + secret.source() + ") " : "";
        return Optional.of(from + "is not an http(s) URL");
    }

    /** A URL for a message, hiding what might be a password in it. */
    static String shownUrl(String text) {
        return text.contains("@") ? "a URL with user info" : TableView.shown(text);
    }
}
