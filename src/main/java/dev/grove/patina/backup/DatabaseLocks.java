package dev.grove.patina.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per database name, shared by every kind of run (scheduled, manual, catch-up): two backups of the same
 * database never run at once; a second request waits its turn (queued, never lost, never doubled).
 *
 * <p>With a folder (the catalog's {@code locks/}), the lock also holds across processes: an OS file lock per
 * database, so a one-shot {@code patina backup} beside the console or the daemon waits for their backup of the same
 * database instead of overlapping it. The OS releases a dead process's locks. Within this process a fair
 * {@link ReentrantLock} goes first, so only one thread at a time asks the OS.
 */
public final class DatabaseLocks {
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Where the per-database lock files are, or null: this process only. */
    private final Path folder;

    /** Locks within this process only (tests, tools). */
    public DatabaseLocks() {
        this(null);
    }

    /** Locks within this process and, through lock files in {@code folder}, across processes. */
    public DatabaseLocks(Path folder) {
        this.folder = folder;
    }

    /** A database's lock while it is held; close it (in a finally block) to let the next backup of it go. */
    public static final class Held implements AutoCloseable {
        private final ReentrantLock local;
        private final FileChannel channel;
        private final FileLock file;

        private Held(ReentrantLock local, FileChannel channel, FileLock file) {
            this.local = local;
            this.channel = channel;
            this.file = file;
        }

        @Override
        public void close() {
            try {
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
     * Waits for the database's lock (another process's backup of it included).
     *
     * @throws IOException when the lock file cannot be opened, or the wait was interrupted (a cancel:
     *                     {@link java.nio.channels.FileLockInterruptionException}; nothing is left held)
     */
    public Held lock(String database) throws IOException {
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
