package dev.grove.patina.backup;

import dev.grove.patina.util.Bytes;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The isolated scratch folder of one test restore: a fresh private folder (owner-only where POSIX permissions
 * exist) under Patina's work folder — never beside the source database — deleted with everything in it afterwards.
 * Before a database starts, the free space there must be at least the dump's size × 2 (the download and the
 * restored file), plus a spare margin the caller sets.
 */
final class ScratchSpace implements AutoCloseable {
    private final Path folder;

    private ScratchSpace(Path folder) {
        this.folder = folder;
    }

    /**
     * Why a test restore of a {@code dumpSize}-byte dump of {@code database} may not start under {@code workDir}, or
     * empty when there is room.
     *
     * @param spare bytes to keep free beyond the dump's size × 2
     */
    static Optional<String> tooSmall(Path workDir, String database, long dumpSize, long spare) throws IOException {
        Files.createDirectories(workDir);
        FileStore fs = Files.getFileStore(workDir);
        long free = fs.getUsableSpace();
        long need = Math.max(0, dumpSize) * 2 + Math.max(0, spare);
        if (free >= need) {
            return Optional.empty();
        }
        return Optional.of("not restoring " + database + ": the scratch folder " + workDir.toAbsolutePath() + " has "
                + Bytes.formatBytes(free) + " free (" + free + " bytes), the test restore needs "
                + Bytes.formatBytes(need) + " (the dump's " + Bytes.formatBytes(dumpSize) + " × 2"
                + (spare > 0 ? " + " + Bytes.formatBytes(spare) + " kept free" : "") + ") — free space there, or "
                + "set the work folder elsewhere");
    }

    /** A fresh private folder under {@code workDir}. */
    static ScratchSpace create(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path folder = posix ? Files.createTempDirectory(workDir, "verify-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory(workDir, "verify-");
        return new ScratchSpace(folder);
    }

    Path folder() {
        return folder;
    }

    Path resolve(String name) {
        return folder.resolve(name);
    }

    /**
     * Deletes the folder and everything in it. Only a process that dies mid-restore leaves one behind (a
     * {@code verify-*} folder under the work folder, safe to delete by hand).
     */
    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left for the next start's cleanup
                }
            });
        } catch (IOException ignored) {
            // the folder is gone already
        }
    }
}
