package dev.grove.patina.config;

import dev.grove.patina.util.Secret;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [cluster]}: the PostgreSQL that several {@code patina daemon}s share their schedule on (Quartz's clustered
 * JDBC job store, ADR 0017). Absent: the daemon runs its schedule alone, in memory, as the desktop does.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host[:port]/database[?…]}; holds no password (checked on load)
 * @param user     the PostgreSQL user
 * @param password a secret: never in a log, an exception or the catalog
 * @param node     this node's name in the cluster (Quartz's instance id); empty: the host name
 */
public record ClusterConfig(String jdbcUrl, String user, Secret password, Optional<String> node) {
    /** The JDBC URL's scheme every {@code jdbc_url} starts with. */
    public static final String URL_PREFIX = "jdbc:postgresql://";
    /** PostgreSQL's port when the URL names none. */
    public static final int DEFAULT_PORT = 5432;
    /** Quartz keeps a node's name in a {@code varchar(200)}. */
    public static final int MAX_NODE_LENGTH = 200;

    public ClusterConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(node, "node");
    }

    /** {@code host:port} of the server, for messages (the URL's query, which could hold options, is left out). */
    public String hostPort() {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return uri.getHost() + ":" + (uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
    }

    /** This node's name: {@link #node()} when set, else {@code hostName}. */
    public String nodeOr(String hostName) {
        return node.orElse(hostName);
    }

    @Override
    public String toString() {
        return "ClusterConfig[" + hostPort() + ", user=" + user + ", node=" + node.orElse("(host name)") + "]";
    }
}
