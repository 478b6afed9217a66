package dev.grove.patina.config;

import static dev.grove.patina.config.ConfigKey.CLUSTER_JDBC_URL;
import static dev.grove.patina.config.ConfigKey.CLUSTER_NODE;
import static dev.grove.patina.config.ConfigKey.CLUSTER_PASSWORD;
import static dev.grove.patina.config.ConfigKey.CLUSTER_USER;

import dev.grove.patina.util.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and checks {@code [cluster]} (ADR 0017): the PostgreSQL several daemons share their schedule on. */
final class ClusterTableReader {
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String IN = " in [cluster]";

    private ClusterTableReader() {
    }

    static ClusterConfig read(TableView t, SecretResolver secrets) {
        t.rejectUnknownKeys(ConfigKey.idsOf(ConfigTable.CLUSTER), "[cluster]");
        String url = t.requiredString(CLUSTER_JDBC_URL.id(), IN + " (jdbc:postgresql://host:port/database)").strip();
        checkUrl(t, url);
        String user = t.requiredString(CLUSTER_USER.id(), IN + " (the PostgreSQL user)").strip();
        Secret password = secrets.required(t, CLUSTER_PASSWORD.id(), IN + " (for example \"env:PATINA_PG_PASSWORD\")");
        Optional<String> node = t.string(CLUSTER_NODE.id()).map(String::strip);
        if (node.isPresent()) {
            String n = node.get();
            if (n.isEmpty()) {
                throw t.error(CLUSTER_NODE.id(), "cluster.node must not be empty; leave it out for the host name");
            }
            if (n.length() > ClusterConfig.MAX_NODE_LENGTH || !NODE.matcher(n).matches()) {
                throw t.error(CLUSTER_NODE.id(), "cluster.node must be letters, digits, '.', '_' or '-' (at most "
                        + ClusterConfig.MAX_NODE_LENGTH + ", starting with a letter or digit; found "
                        + TableView.shown(n) + ")");
            }
        }
        return new ClusterConfig(url, user, password, node);
    }

    /** A PostgreSQL JDBC URL with a host and a database, and no password in it (that belongs in cluster.password). */
    private static void checkUrl(TableView t, String url) {
        String key = CLUSTER_JDBC_URL.id();
        if (!url.startsWith(ClusterConfig.URL_PREFIX)) {
            throw t.error(key, "cluster.jdbc_url must start with " + ClusterConfig.URL_PREFIX
                    + " (PostgreSQL is the one cluster database)");
        }
        if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw t.error(key, "cluster.jdbc_url must not hold a password: put it in cluster.password "
                    + "(env:NAME or keyring:NAME)");
        }
        URI uri;
        try {
            uri = new URI(url.substring("jdbc:".length()));
        } catch (URISyntaxException e) {
            throw t.error(key, "cluster.jdbc_url is not a URL (" + e.getReason() + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw t.error(key, "cluster.jdbc_url names no host (jdbc:postgresql://host:port/database; several "
                    + "hosts are not supported)");
        }
        String path = uri.getPath();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw t.error(key, "cluster.jdbc_url names no database (jdbc:postgresql://host:port/database)");
        }
    }
}
