package dev.grove.patina.catalog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run locks of an SQLite catalog ({@link RunLocks}): the process running a run holds an OS file lock
 * on {@code <id>.lock} in a folder beside the catalog for the run's whole life. The OS releases the lock when the
 * process dies, however it dies ({@code kill -9} included), so a later process that can take the lock knows the run
 * is dead — without guessing from its age.
 *
 * <p>The file is created and locked before the run's row is written, and released after its end is recorded, so a
 * running row whose lock is free (or whose file is missing) belongs to a process that is gone.
 */
final class RunLeases implements RunLocks {
    private static final Logger LOG = LoggerFactory.getLogger(RunLeases.class);
    /** Run ids are UUIDs; anything else (a hand-made row) has no lease file. */
    private static final Pattern SAFE_ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z_-]{0,99}");

    private final Path folder;
    /** The leases this catalog holds: runs started here and not finished yet. */
    private final Map<String, Lease> held = new ConcurrentHashMap<>();

    private record Lease(FileChannel channel, FileLock lock) {
    }

    RunLeases(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /**
     * Takes the lease of a new run.
     *
     * @throws CatalogException naming the file when it cannot be created or locked
     */
    @Override
    public void acquire(String runId) {
        Path file = fileOf(runId);
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("another process holds it");
            }
            held.put(runId, new Lease(channel, lock));
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new CatalogException("cannot take the run lock " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + (e instanceof java.nio.file.AccessDeniedException ? " — the folder " + folder + " must be "
                    + "writable by the user Patina runs as (check its owner: a run started with sudo may have "
                    + "created it)" : ""), e);
        }
    }

    /** Releases (and removes) the lease of a run this catalog started; nothing when it holds none. */
    @Override
    public void release(String runId) {
        Lease h = held.remove(runId);
        if (h == null) {
            return;
        }
        boolean removed = false;
        try {
            // while still locked (POSIX): no other process can take it for a dead run's meanwhile
            Files.deleteIfExists(fileOf(runId));
            removed = true;
        } catch (IOException e) {
            LOG.debug("could not remove the run lock of {} while holding it: {}", runId, e.toString());
        }
        closeQuietly(h.channel());
        if (!removed) {
            try {
                Files.deleteIfExists(fileOf(runId)); // Windows removes no open file: once closed
            } catch (IOException e) {
                LOG.debug("could not remove the run lock of {}: {}", runId, e.toString());
            }
        }
    }

    /** Releases every lease this catalog holds (it is closing: its runs can record nothing more). */
    @Override
    public void releaseAll() {
        for (String id : held.keySet()) {
            release(id);
        }
    }

    /** True when this catalog holds the run's lease: the run is going on in this process. */
    @Override
    public boolean holds(String runId) {
        return held.containsKey(runId);
    }

    /**
     * Whether the run's process is alive: true when this catalog, another catalog of this process or another process
     * holds its lock; false when the lock is free or its file is missing. A dead run's lock file is removed.
     * When the lock cannot be tested (an I/O error), the run counts as alive: nothing is marked on a guess.
     */
    @Override
    public boolean isAlive(String runId) {
        if (held.containsKey(runId)) {
            return true;
        }
        if (!SAFE_ID.matcher(runId).matches()) {
            return false;
        }
        Path file = fileOf(runId);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.warn("cannot test the run lock {}: {}; the run counts as alive", file, e.toString());
            return true;
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException thisProcess) {
                return true;
            }
            if (lock == null) {
                return true;
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("could not remove the dead run's lock {}: {}", file, e.toString());
            }
            return false;
        } catch (IOException e) {
            LOG.warn("cannot test the run lock {}: {}; the run counts as alive", file, e.toString());
            return true;
        } finally {
            closeQuietly(channel);
        }
    }

    private Path fileOf(String runId) {
        if (!SAFE_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id '" + runId + "' cannot name a lock file");
        }
        return folder.resolve(runId + ".lock");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock anyway
            }
        }
    }
}
