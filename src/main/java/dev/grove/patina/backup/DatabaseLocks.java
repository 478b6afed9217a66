package dev.grove.patina.backup;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per database name, shared by every kind of run (scheduled, manual, catch-up): two backups of the same
 * database never run at once; a second request waits its turn (queued, never lost, never doubled).
 */
public final class DatabaseLocks {
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Waits for the database's lock; the caller unlocks it in a finally block. */
    public ReentrantLock lock(String database) {
        ReentrantLock lock = locks.computeIfAbsent(database, d -> new ReentrantLock(true));
        lock.lock();
        return lock;
    }

    /** Whether a backup of {@code database} is running right now. */
    public boolean isBusy(String database) {
        ReentrantLock lock = locks.get(database);
        return lock != null && lock.isLocked();
    }
}
