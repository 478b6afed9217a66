package dev.grove.patina.backup;

import dev.grove.patina.util.Bytes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The isolated scratch folder of one test restore: a fresh private folder (owner-only where POSIX permissions
 * exist) under Patina's work folder — never beside the source database — deleted with everything in it afterwards.
 * Before a database starts, the free space there must be at least the dump's expanded (SQL) size × 2 (the download
 * and the restored file), plus a spare margin the caller sets ({@link Need}).
 *
 * <p><b>Leftovers of a killed verify.</b> A process killed mid-restore leaves its {@code verify-*} folder behind;
 * {@link #sweep} removes those at the start of every verify and in the run recovery of every process that opens the
 * catalog. A live folder is told from a dead one by an OS file lock: its owner first creates and locks
 * {@code verify-NAME.lock} beside it, checks that the lock file is still there (a sweeper may have taken an unlocked
 * one), and only then creates the folder {@code verify-NAME}; it holds the lock until the folder is deleted, then
 * deletes the lock file. So a folder whose lock file is missing, or can be locked, belongs to no live process
 * (the OS frees a dead process's lock), and a sweeper that cannot lock it (another process holds it, or this one:
 * {@link OverlappingFileLockException}) leaves it alone.
 */
final class ScratchSpace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchSpace.class);
    private static final String PREFIX = "verify-";
    private static final String LOCK = ".lock";

    private final Path folder;
    private final Path lockFile;
    private final FileChannel channel;

    private ScratchSpace(Path folder, Path lockFile, FileChannel channel) {
        this.folder = folder;
        this.lockFile = lockFile;
        this.channel = channel;
    }

    /**
     * What a test restore of one dump needs in the scratch folder: its expanded (SQL) size × 2 — the download and
     * the restored file, with room for the restore's indexes and journal.
     *
     * @param sqlBytes the dump's expanded size: recorded in the object's metadata at backup time, or measured by
     *                 decompressing the download, or (an older backup, before its download) its stored size
     * @param source   how {@code sqlBytes} is known, for the message ("of SQL, as recorded at backup time")
     * @param exact    false when {@code sqlBytes} is only the stored size of a compressed dump: the download is then
     *                 measured before the restore starts
     */
    record Need(long sqlBytes, String source, boolean exact) {
        long bytes() {
            return Math.max(0, sqlBytes) * 2;
        }
    }

    /**
     * Why a test restore of {@code database} needing {@code need} may not start under {@code workDir}, or empty when
     * there is room.
     *
     * @param spare bytes to keep free beyond what the restore needs (negative: bytes of it already written)
     * @param free  where the free space is read (the file store's usable space)
     */
    static Optional<String> tooSmall(Path workDir, String database, Need need, long spare, FreeSpace free)
            throws IOException {
        Files.createDirectories(workDir);
        long usable = free.usableBytes(workDir);
        long bytes = Math.max(0, need.bytes() + spare);
        if (usable >= bytes) {
            return Optional.empty();
        }
        return Optional.of("not restoring " + database + ": the scratch folder " + workDir.toAbsolutePath()
                + " has " + Bytes.formatBytes(usable) + " free (" + usable + " bytes), the test restore needs "
                + Bytes.formatBytes(bytes) + " (the dump's " + Bytes.formatBytes(need.sqlBytes()) + " " + need.source()
                + ", × 2 for the download and the restored file" + (spare > 0 ? ", + " + Bytes.formatBytes(spare)
                + " kept free" : "") + ") — free space there, or set the work folder elsewhere");
    }

    /** A fresh private folder under {@code workDir}, locked as this process's (see the class comment). */
    static ScratchSpace create(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        for (int attempt = 0; attempt < 5; attempt++) {
            Path lockFile = Files.createTempFile(workDir, PREFIX, LOCK);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            boolean kept = false;
            try {
                FileLock lock = channel.tryLock();
                if (lock == null || !Files.exists(lockFile)) {
                    continue; // a sweeper took it before this process locked it: take another name
                }
                String name = lockFile.getFileName().toString();
                Path folder = workDir.resolve(name.substring(0, name.length() - LOCK.length()));
                boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
                if (posix) {
                    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(folder);
                }
                kept = true;
                return new ScratchSpace(folder, lockFile, channel);
            } finally {
                if (!kept) {
                    channel.close();
                    Files.deleteIfExists(lockFile);
                }
            }
        }
        throw new IOException("no scratch folder could be locked under " + workDir + " in 5 attempts");
    }

    /**
     * Removes the {@code verify-*} scratch folders under {@code workDir} that no live process holds (a killed
     * verify's), with their lock files; never one a live verify uses, in this process or another. Never throws.
     *
     * @return how many folders were removed
     */
    static int sweep(Path workDir) {
        if (workDir == null || !Files.isDirectory(workDir)) {
            return 0;
        }
        List<Path> found;
        try (Stream<Path> all = Files.list(workDir)) {
            found = all.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not look for scratch folders left in {}: {}", workDir, e.toString());
            return 0;
        }
        int removed = 0;
        for (Path p : found) {
            String name = p.getFileName().toString();
            boolean lockOnly = name.endsWith(LOCK) && Files.isRegularFile(p);
            if (lockOnly) {
                Path folder = workDir.resolve(name.substring(0, name.length() - LOCK.length()));
                if (!Files.exists(folder)) {
                    sweepOne(null, p); // a process killed before it made its folder
                }
            } else if (Files.isDirectory(p) && sweepOne(p, workDir.resolve(name + LOCK))) {
                removed++;
            }
        }
        return removed;
    }

    /** Removes {@code folder} (may be null) and {@code lockFile} when no live process holds the lock. */
    private static boolean sweepOne(Path folder, Path lockFile) {
        if (!Files.exists(lockFile)) {
            return folder != null && delete(folder); // locked files are made before their folder: no owner
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false; // another process's live verify
            }
            boolean gone = folder == null || delete(folder);
            Files.deleteIfExists(lockFile); // while locked: an owner that locks it later finds it gone
            if (gone && folder != null) {
                LOG.warn("removed the scratch folder {} of a verify whose process is gone (killed or crashed)",
                        folder);
            }
            return gone && folder != null;
        } catch (OverlappingFileLockException thisProcess) {
            return false; // a live verify of this process
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove the scratch folder {} left by a verify: {}", folder, e.toString());
            return false;
        }
    }

    private static boolean delete(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove the scratch folder {}: {}", folder, e.toString());
            return false;
        }
    }

    Path folder() {
        return folder;
    }

    Path resolve(String name) {
        return folder.resolve(name);
    }

    /**
     * Deletes the folder and everything in it, then its lock file, and releases the lock. Only a process that dies
     * mid-restore leaves one behind: the next verify, or the next process's run recovery, sweeps it ({@link #sweep}).
     */
    @Override
    public void close() {
        try {
            if (delete(folder)) {
                Files.deleteIfExists(lockFile); // while still locked: a folder left undeleted keeps its lock file
            }
        } catch (IOException e) {
            LOG.warn("could not remove the lock file {}: {}", lockFile, e.toString());
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", lockFile, e.toString());
            }
        }
    }
}
