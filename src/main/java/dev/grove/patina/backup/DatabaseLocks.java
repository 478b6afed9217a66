package dev.grove.patina.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import dev.grove.patina.util.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lock per database name, shared by every kind of run (scheduled, manual, catch-up): two backups of the same
 * database never run at once; a second request waits its turn (queued, never lost, never doubled).
 *
 * <p>With a folder (the catalog's {@code locks/}), the lock also holds across processes: an OS file lock per
 * database, so a one-shot {@code patina backup} beside the console or the daemon waits for their backup of the same
 * database instead of overlapping it. The OS releases a dead process's locks. Within this process a fair
 * {@link ReentrantLock} goes first, so only one thread at a time asks the OS.
 *
 * <p>In a cluster ({@code [cluster]}, issue 17), the lock also holds across nodes: after this machine's lock, a
 * {@link NodeLocks} lock in the cluster's PostgreSQL (ADR 0024). A backup whose database another node is backing up
 * waits its turn as it does for this machine's: it polls the cluster lock (backing off to
 * {@link #CLUSTER_WAIT_MAX}), says once in the log which node holds it, and a cancel ends the wait.
 */
public final class DatabaseLocks {
    /** The first wait before asking for a busy cluster lock again. */
    static final Duration CLUSTER_WAIT_FIRST = Duration.ofMillis(500);
    /** The longest wait between two asks for a busy cluster lock. */
    static final Duration CLUSTER_WAIT_MAX = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseLocks.class);

    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Where the per-database lock files are, or null: this process only. */
    private final Path folder;
    /** The cluster's per-database locks, or null: no cluster. */
    private final NodeLocks cluster;
    private final Sleeper sleeper;

    /** Locks within this process only (tests, tools). */
    public DatabaseLocks() {
        this(null);
    }

    /** Locks within this process and, through lock files in {@code folder}, across processes. */
    public DatabaseLocks(Path folder) {
        this(folder, null, Sleeper.system());
    }

    /**
     * Locks within this process, across processes through lock files in {@code folder} (or null) and, through
     * {@code cluster} (or null), across the nodes of a cluster; {@code sleeper} paces the wait for a busy cluster lock.
     */
    public DatabaseLocks(Path folder, NodeLocks cluster, Sleeper sleeper) {
        this.folder = folder;
        this.cluster = cluster;
        this.sleeper = sleeper;
    }

    /** A database's lock while it is held; close it (in a finally block) to let the next backup of it go. */
    public static final class Held implements AutoCloseable {
        private final ReentrantLock local;
        private final FileChannel channel;
        private final FileLock file;
        /** The cluster's lock of the database, or null (no cluster, or not taken yet). */
        private NodeLocks.NodeLock node;

        private Held(ReentrantLock local, FileChannel channel, FileLock file) {
            this.local = local;
            this.channel = channel;
            this.file = file;
        }

        @Override
        public void close() {
            try {
                if (node != null) {
                    node.close();
                    node = null;
                }
                if (file != null && file.isValid()) {
                    file.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing the channel releases the lock anyway
            } finally {
                local.unlock();
            }
        }
    }

    /**
     * Waits for the database's lock (another process's backup of it included and, in a cluster, another node's).
     *
     * @throws IOException when the lock file cannot be opened, or the wait was interrupted (a cancel:
     *                     {@link java.nio.channels.FileLockInterruptionException}; nothing is left held)
     */
    public Held lock(String database) throws IOException {
        Held held = lockHere(database);
        if (cluster == null) {
            return held;
        }
        try {
            held.node = waitForCluster(database);
            return held;
        } catch (IOException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /** Asks for the database's cluster lock until it is free; a cancel (interrupt) ends the wait. */
    private NodeLocks.NodeLock waitForCluster(String database) throws IOException {
        Duration wait = CLUSTER_WAIT_FIRST;
        boolean told = false;
        while (true) {
            NodeLocks.NodeLock taken = cluster.tryTake(database);
            if (taken != null) {
                if (told) {
                    LOG.info("backup of {} goes on: the cluster's lock of it is free", database);
                }
                return taken;
            }
            if (!told) {
                LOG.info("backup of {} waits: {} is backing it up", database,
                        cluster.holder(database).map(n -> "node " + n).orElse("another node of the cluster"));
                told = true;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.nio.channels.FileLockInterruptionException();
            }
            wait = wait.multipliedBy(2).compareTo(CLUSTER_WAIT_MAX) > 0 ? CLUSTER_WAIT_MAX : wait.multipliedBy(2);
        }
    }

    /** This process's lock, then this machine's (the lock file), waiting for both. */
    private Held lockHere(String database) throws IOException {
        ReentrantLock local = locks.computeIfAbsent(database, d -> new ReentrantLock(true));
        try {
            local.lockInterruptibly(); // a cancel ends the wait for this process's other backup of it too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.nio.channels.FileLockInterruptionException();
        }
        if (folder == null) {
            return new Held(local, null, null);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            // database names are plain (config rules: letters, digits, '-', '_', '.'); the file is named after it
            channel = FileChannel.open(folder.resolve(database + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            return new Held(local, channel, channel.lock());
        } catch (java.nio.channels.FileLockInterruptionException e) {
            closeQuietly(channel);
            local.unlock();
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            throw new IOException("cannot take the backup lock " + folder.resolve(database + ".lock") + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /**
     * Takes the database's lock only if nobody holds it now (a backup of it in this or another process): the
     * lock, or null when it is busy. For cleaning up after a dead run without touching a live backup's upload.
     *
     * @throws IOException when the lock file cannot be opened
     */
    public Held tryLock(String database) throws IOException {
        Held held = tryLockHere(database);
        if (held == null || cluster == null) {
            return held;
        }
        try {
            held.node = cluster.tryTake(database);
        } catch (IOException | RuntimeException e) {
            held.close();
            throw e;
        }
        if (held.node == null) {
            held.close(); // another node is backing it up: busy
            return null;
        }
        return held;
    }

    private Held tryLockHere(String database) throws IOException {
        ReentrantLock local = locks.computeIfAbsent(database, d -> new ReentrantLock(true));
        if (!local.tryLock()) {
            return null;
        }
        if (folder == null) {
            return new Held(local, null, null);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(folder.resolve(database + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock file;
            try {
                file = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                file = null; // another DatabaseLocks of this process holds it: busy too
            }
            if (file == null) {
                closeQuietly(channel);
                local.unlock();
                return null;
            }
            return new Held(local, channel, file);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            throw new IOException("cannot test the backup lock " + folder.resolve(database + ".lock") + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /** Whether a backup of {@code database} is running right now in this process. */
    public boolean isBusy(String database) {
        ReentrantLock lock = locks.get(database);
        return lock != null && lock.isLocked();
    }
}
