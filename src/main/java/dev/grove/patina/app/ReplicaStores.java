package dev.grove.patina.app;

import dev.grove.patina.backup.replica.Replica;
import dev.grove.patina.config.ReplicaConfig;
import dev.grove.patina.config.S3StoreConfig;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.util.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code [[replicas]]} of a config opened as stores, in config order; closes them with the runtime. Opening
 * contacts no store (a replica that is down is found by the first copy, which then stays pending).
 */
final class ReplicaStores implements AutoCloseable {
    private final List<Replica> replicas;

    private ReplicaStores(List<Replica> replicas) {
        this.replicas = List.copyOf(replicas);
    }

    static ReplicaStores open(List<ReplicaConfig> configs) {
        List<Replica> opened = new ArrayList<>();
        try {
            for (ReplicaConfig c : configs) {
                opened.add(new Replica(c.name(), StoreFactory.open(c.store()), new ObjectKeys(c.store().prefix()),
                        c.timeout(), c.copy() == ReplicaConfig.Copy.AUTO));
            }
        } catch (RuntimeException e) {
            opened.forEach(r -> StoreFactory.close(r.store()));
            throw e;
        }
        return new ReplicaStores(opened);
    }

    List<Replica> list() {
        return replicas;
    }

    List<String> names() {
        return replicas.stream().map(Replica::name).toList();
    }

    Optional<Replica> named(String name) {
        return replicas.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The replicas' secrets, for the redactor. */
    static List<Secret> secretsOf(List<ReplicaConfig> configs) {
        List<Secret> secrets = new ArrayList<>();
        for (ReplicaConfig c : configs) {
            if (c.store() instanceof S3StoreConfig s3) {
                secrets.add(s3.secretAccessKey());
            }
        }
        return secrets;
    }

    @Override
    public void close() {
        replicas.forEach(r -> StoreFactory.close(r.store()));
    }
}
