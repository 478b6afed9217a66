package dev.grove.patina.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One {@code [[replicas]]} table: a further store every backup object is copied to after the primary
 * ({@code [store]}) confirmed it.
 *
 * @param name    unique among the replicas, never {@code primary} (the {@code [store]}'s name)
 * @param store   where the copies go, read exactly as a {@code [store]} (its own credentials)
 * @param timeout how long one run waits for this replica at most; what is not copied by then stays pending
 */
public record ReplicaConfig(String name, StoreConfig store, Duration timeout) {
    /** The name that means the {@code [store]} wherever a store is chosen by name. */
    public static final String PRIMARY = "primary";
    /** What a run waits for one replica unless {@code timeout_seconds} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    public ReplicaConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(timeout, "timeout");
        if (name.equals(PRIMARY)) {
            throw new IllegalArgumentException("a replica cannot be named " + PRIMARY);
        }
    }
}
