package dev.grove.patina.backup.replica;

import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * One replica store as the copier uses it: its name ({@code [[replicas]] name}), the store, its key prefix, how
 * long a run waits for it at most, and whether it may copy server-side ({@code copy = "auto"}, the default) or
 * always streams ({@code copy = "stream"}).
 */
public record Replica(String name, BackupStore store, ObjectKeys keys, Duration timeout, boolean serverSide) {
    /** A replica that copies server-side where it can. */
    public Replica(String name, BackupStore store, ObjectKeys keys, Duration timeout) {
        this(name, store, keys, timeout, true);
    }

    public Replica {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("replica " + name + ": timeout must be positive");
        }
    }

    /**
     * The key of the primary's object {@code primaryKey} on this replica: the same key under the replica's prefix.
     *
     * @param primary the primary's keys (its prefix)
     */
    public String keyOf(String primaryKey, ObjectKeys primary) {
        String p = primary.prefix();
        if (!primaryKey.startsWith(p)) {
            throw new IllegalArgumentException(primaryKey + " is not under the primary's prefix '" + p + "'");
        }
        return keys.prefix() + primaryKey.substring(p.length());
    }
}
