package dev.grove.patina.config;

import static dev.grove.patina.config.ConfigKey.REPLICA_COPY;
import static dev.grove.patina.config.ConfigKey.REPLICA_NAME;
import static dev.grove.patina.config.ConfigKey.REPLICA_TIMEOUT_SECONDS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;

/**
 * Reads and checks the {@code [[replicas]]} tables: each a {@code [store]} (same keys, its own credentials) with a
 * unique {@code name} that is not {@code primary}, and an optional {@code timeout_seconds}.
 */
final class ReplicaTablesReader {
    private ReplicaTablesReader() {
    }

    static List<ReplicaConfig> read(TableView root, PathResolver paths, SecretResolver secrets) {
        String tableName = ConfigTable.REPLICAS.id();
        TomlArray array = (TomlArray) root.raw(tableName);
        List<ReplicaConfig> result = new ArrayList<>();
        Map<String, Integer> nameLines = new HashMap<>();
        String nameKey = REPLICA_NAME.id();
        for (int i = 0; i < array.size(); i++) {
            TomlPosition header = array.inputPositionOf(i);
            TableView t = new TableView(root.file(), array.getTable(i), tableName + "[" + (i + 1) + "]",
                    header == null ? root.line(tableName) : header.line());
            String name = t.requiredString(nameKey, " for every [[replicas]] table (the name --store and --from"
                    + " use)");
            if (name.equals(ReplicaConfig.PRIMARY)) {
                throw t.error(nameKey, t.key(nameKey) + " must not be \"primary\": that name is the [store]'s");
            }
            ConfigRules.databaseName(name).ifPresent(problem -> {
                throw t.error(nameKey, t.key(nameKey) + " " + problem.replace("object keys", "commands"));
            });
            Integer earlier = nameLines.putIfAbsent(name, t.line(nameKey));
            if (earlier != null) {
                throw t.error(nameKey, t.key(nameKey) + " " + TableView.shown(name) + " is already used on line "
                        + earlier + " (and again on line " + t.line(nameKey) + "); replica names must be unique");
            }
            String where = "[[replicas]] \"" + name + "\"";
            StoreConfig store = StoreTableReader.read(t, paths, secrets, where,
                    Set.of(nameKey, REPLICA_TIMEOUT_SECONDS.id(), REPLICA_COPY.id()));
            int seconds = t.integer(REPLICA_TIMEOUT_SECONDS.id(), (int) ReplicaConfig.DEFAULT_TIMEOUT.toSeconds(),
                    1, 86_400);
            result.add(new ReplicaConfig(name, store, Duration.ofSeconds(seconds), copy(t)));
        }
        return List.copyOf(result);
    }

    private static ReplicaConfig.Copy copy(TableView t) {
        String key = REPLICA_COPY.id();
        String copy = t.string(key, ReplicaConfig.Copy.AUTO.id());
        for (ReplicaConfig.Copy c : ReplicaConfig.Copy.values()) {
            if (c.id().equals(copy)) {
                return c;
            }
        }
        throw t.error(key, t.key(key) + " must be \"auto\" (server-side where both stores are one S3 endpoint) or"
                + " \"stream\" (found " + TableView.shown(copy) + ")"
                + Suggestions.didYouMean(copy, List.of("auto", "stream")));
    }
}
