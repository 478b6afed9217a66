package dev.grove.patina.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.UUID;

/**
 * The one way Patina writes a file whole: a temp file in the target's own folder, fsync of the file, an atomic
 * rename onto the final name, fsync of the folder. A crash (even {@code kill -9}) at any moment leaves under the
 * final name either the old content or the new one, never a half file; a leftover temp file is named
 * {@code .<name>.<tag>-<token>.tmp} (hidden, never the final name) and is never read as the file.
 *
 * <p>Writers that produce their temp file some other way (SQLite writing a restored database, a tar member
 * streamed out of an archive) use the steps alone: {@link #syncFile}, then {@link #replace} (rename + folder
 * fsync). Where the file system cannot rename atomically ({@link AtomicMoveNotSupportedException}: in practice a
 * temp file on another file system, which the same-folder temp file rules out) the rename falls back to a plain
 * replacing move, which on such file systems may leave the target missing — never half — if the machine crashes
 * during it. Windows cannot open a folder to fsync it; there the folder fsync is skipped (NTFS journals renames).
 *
 * <p>Lock files are not written through here: their OS lock lives on the inode, which a rename would replace.
 */
public final class AtomicFiles {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    private AtomicFiles() {
    }

    /** Writes a file's content to a stream; the stream is flushed and fsynced by {@link AtomicFiles}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Who may read the file written: as the folder's defaults give, or its owner alone (where POSIX rules). */
    public enum Access {
        DEFAULT, OWNER_ONLY
    }

    /** Writes {@code bytes} as the whole of {@code target}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, Access.DEFAULT, out -> out.write(bytes));
    }

    /**
     * Writes {@code content} as the whole of {@code target}: temp file beside it, fsync, atomic rename, fsync of
     * the folder. On any failure before the rename, {@code target} is untouched and the temp file is removed.
     */
    public static void write(Path target, Access access, Content content) throws IOException {
        Path temp = tempBeside(target, "patina");
        try {
            if (access == Access.OWNER_ONLY) {
                createOwnerOnly(temp);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A fresh temp file name in {@code target}'s folder: {@code .<name>.<tag>-<token>.tmp} (not created). */
    public static Path tempBeside(Path target, String tag) {
        Path absolute = target.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + "." + tag + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
    }

    /** Fsyncs a file written by someone else (SQLite, a copy), before it is renamed into place. */
    public static void syncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Renames the finished, fsynced {@code temp} onto {@code target} (replacing it) and fsyncs the folder, so the
     * rename survives a crash. Both must be in the same folder.
     */
    public static void replace(Path temp, Path target) throws IOException {
        rename(temp, target);
        syncFolder(target.toAbsolutePath().getParent());
    }

    /** The atomic rename alone (replacing {@code target}); the caller fsyncs the folder when its steps are done. */
    public static void rename(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Fsyncs {@code dir}, making the renames and creations in it durable.
     *
     * @throws IOException when the folder cannot be fsynced (never on Windows, where this is skipped)
     */
    public static void syncFolder(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file); // the folder's own access rules apply
        }
    }
}
