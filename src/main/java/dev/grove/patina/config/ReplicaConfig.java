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
 * @param copy    {@code auto}: a server-side copy where the primary and the replica are buckets of one S3 endpoint,
 *                else streamed; {@code stream}: always streamed through Patina
 */
public record ReplicaConfig(String name, StoreConfig store, Duration timeout, Copy copy) {
    /** How copies are made ({@code copy = "auto" | "stream"}). */
    public enum Copy {
        AUTO, STREAM;

        /** As the config writes it. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The name that means the {@code [store]} wherever a store is chosen by name. */
    public static final String PRIMARY = "primary";
    /** What a run waits for one replica unless {@code timeout_seconds} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    public ReplicaConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(copy, "copy");
        if (name.equals(PRIMARY)) {
            throw new IllegalArgumentException("a replica cannot be named " + PRIMARY);
        }
    }

    /** A replica that copies server-side where it can ({@code copy = "auto"}). */
    public ReplicaConfig(String name, StoreConfig store, Duration timeout) {
        this(name, store, timeout, Copy.AUTO);
    }
}
