package dev.grove.patina.config;

import static dev.grove.patina.config.ConfigKey.CLUSTER_JDBC_URL;
import static dev.grove.patina.config.ConfigKey.CLUSTER_NODE;
import static dev.grove.patina.config.ConfigKey.CLUSTER_PASSWORD;
import static dev.grove.patina.config.ConfigKey.CLUSTER_USER;

import dev.grove.patina.util.Secret;
import java.util.Optional;

/** Reads and checks {@code [cluster]} (ADR 0017): the PostgreSQL several daemons share their schedule on. */
final class ClusterTableReader {
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
            ConfigRules.clusterNode(n).ifPresent(problem -> {
                throw t.error(CLUSTER_NODE.id(), "cluster.node " + problem);
            });
        }
        return new ClusterConfig(url, user, password, node);
    }

    /** A PostgreSQL JDBC URL with a host and a database, and no password in it (that belongs in cluster.password). */
    private static void checkUrl(TableView t, String url) {
        ConfigRules.clusterJdbcUrl(url).ifPresent(problem -> {
            throw t.error(CLUSTER_JDBC_URL.id(), "cluster.jdbc_url " + problem);
        });
    }
}
