package dev.grove.patina.util;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The rules every command that writes a final file follows (RELIABILITY 27, 28): nothing that holds data is ever
 * replaced without the operator's {@code --force}; with it, the old file is kept beside the new one under the first
 * free name of {@code <file>.bak}, {@code <file>.bak.1}, {@code <file>.bak.2}, … — a kept copy is never
 * overwritten; and no file is ever written onto a file the same command reads (compared as real files: symbolic and
 * hard links included), {@code --force} or not.
 *
 * <p>The old file is kept by a hard link taken before the new file is renamed over its name, so at every moment the
 * old content has a name; where hard links are not supported it is moved aside instead (never replacing anything).
 */
public final class FileTargets {
    /** The files SQLite opens beside a database {@code db}: {@code db-wal}, {@code db-journal}, {@code db-shm}. */
    public static final List<String> SQLITE_SIDECARS = List.of("-wal", "-journal", "-shm");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private FileTargets() {
    }

    /** A target that may not be written: it holds data and {@code --force} was not given, or it is a source. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** True when {@code file} exists and is not an empty regular file (a folder, a device or data: all count). */
    public static boolean holdsData(Path file) {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            return !Files.isRegularFile(file) || Files.size(file) > 0;
        } catch (IOException e) {
            return true; // cannot tell: assume it matters
        }
    }

    /** {@code file} with {@code suffix} appended to its name: {@code app.sqlite} + {@code -wal}. */
    public static Path withSuffix(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** The sidecar files of a SQLite database {@code db} that exist now. */
    public static List<Path> sqliteSidecars(Path db) {
        List<Path> out = new ArrayList<>();
        for (String s : SQLITE_SIDECARS) {
            Path p = withSuffix(db, s);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Checks that {@code output} may be written by a command given {@code --force} or not: its folder exists, it is
     * not a folder, it is none of {@code sources} (nor their SQLite sidecars), and it holds no data unless
     * {@code force}.
     *
     * @param sources the files the command reads (a dump's database, the catalog, the stored object …)
     * @throws RefusedException naming the file and what to do
     */
    public static void checkOutput(Path output, boolean force, Collection<Path> sources) throws IOException {
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("the folder of " + output + " does not exist");
        }
        if (Files.isDirectory(output)) {
            throw new RefusedException(output + " is a folder; name a file");
        }
        refuseSources(output, sources);
        if (!force && holdsData(output)) {
            throw new RefusedException(output + " exists and is not empty; choose another file, or pass --force "
                    + "to replace it (the old file is kept as " + nextKept(output, List.of()).getFileName() + ")");
        }
    }

    /**
     * Refuses {@code output} when it is one of {@code sources} or a SQLite sidecar of one, following symbolic links
     * and recognising hard links (the same file under another name), whatever {@code --force} says.
     */
    public static void refuseSources(Path output, Collection<Path> sources) throws RefusedException {
        for (Path source : sources) {
            if (source == null) {
                continue;
            }
            if (sameFile(output, source)) {
                throw new RefusedException(output + (samePath(output, source) ? " is the file"
                        : " is the same file as " + source + ", which") + " this command reads: refused even with "
                        + "--force; write elsewhere");
            }
            for (String s : SQLITE_SIDECARS) {
                if (sameFile(output, withSuffix(source, s))) {
                    throw new RefusedException(output + " is the " + s + " file SQLite keeps beside " + source
                            + ", which this command reads: refused even with --force; write elsewhere");
                }
            }
        }
    }

    private static boolean samePath(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** True when both name the same existing file (through links) or the same path (normalised, absolute). */
    public static boolean sameFile(Path a, Path b) {
        if (samePath(a, b)) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The first of {@code file.bak}, {@code file.bak.1}, {@code file.bak.2} … such that neither it nor it with any
     * of {@code companions} appended exists.
     */
    public static Path nextKept(Path file, List<String> companions) {
        for (int n = 0; ; n++) {
            Path candidate = withSuffix(file, n == 0 ? ".bak" : ".bak." + n);
            if (free(candidate, companions)) {
                return candidate;
            }
        }
    }

    /**
     * The first free name for a leftover file set aside at {@code at}: {@code file.stray-20261128T020000Z}, then
     * {@code file.stray-20261128T020000Z.1}, … — a name no SQLite database ever opens as a sidecar.
     */
    public static Path nextStray(Path file, Instant at) {
        String base = file.getFileName() + ".stray-" + STAMP.format(at);
        for (int n = 0; ; n++) {
            Path candidate = file.resolveSibling(n == 0 ? base : base + "." + n);
            if (free(candidate, List.of())) {
                return candidate;
            }
        }
    }

    private static boolean free(Path candidate, List<String> companions) {
        if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        for (String c : companions) {
            if (Files.exists(withSuffix(candidate, c), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gives {@code file}'s content the name {@code kept} as well, never replacing anything at {@code kept}: a hard
     * link where the file system has them (so {@code file} keeps its name until it is replaced), else a move.
     *
     * @return true when {@code file} still exists (linked), false when it was moved
     * @throws FileAlreadyExistsException when {@code kept} exists
     */
    public static boolean keepAs(Path file, Path kept) throws IOException {
        try {
            Files.createLink(kept, file);
            return true;
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            moveNoReplace(file, kept);
            return false;
        }
    }

    /** Renames {@code from} to {@code to}, failing with {@link FileAlreadyExistsException} when {@code to} exists. */
    public static void moveNoReplace(Path from, Path to) throws IOException {
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(to.toString());
        }
        boolean linked;
        try {
            // a hard link then the unlink of the old name: never replaces a file appearing at `to` meanwhile
            Files.createLink(to, from);
            linked = true;
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            linked = false;
        }
        if (linked) {
            Files.delete(from); // if this fails, both names hold the content: nothing is lost
        } else {
            Files.move(from, to); // without REPLACE_EXISTING: fails when `to` exists
        }
    }

    /**
     * Renames {@code from} onto {@code to}, atomically where the file system can, replacing {@code to}
     * ({@link AtomicFiles#rename}); the caller fsyncs the folder.
     */
    public static void moveReplacing(Path from, Path to) throws IOException {
        AtomicFiles.rename(from, to);
    }

    /**
     * Puts a finished, fsynced {@code temp} file (in {@code output}'s folder) in place as {@code output}, through
     * {@link AtomicFiles#replace}: atomic rename, then fsync of the folder. An {@code output} that holds data needs
     * {@code force} and is kept under {@link #nextKept}; nothing else is ever replaced.
     *
     * @return where the old {@code output} is kept, or null when there was none (or it was empty)
     * @throws RefusedException when {@code output} holds data and {@code force} is false (it appeared meanwhile)
     */
    public static Path install(Path temp, Path output, boolean force) throws IOException {
        Path kept = null;
        if (holdsData(output)) {
            if (!force) {
                throw new RefusedException(output + " appeared while it was being written and is not empty; "
                        + "not replaced (pass --force to keep it as " + nextKept(output, List.of()).getFileName()
                        + " and replace it)");
            }
            for (int attempt = 0; kept == null; attempt++) {
                Path candidate = nextKept(output, List.of());
                try {
                    keepAs(output, candidate);
                    kept = candidate;
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                }
            }
        }
        AtomicFiles.replace(temp, output); // the rename, then the folder's fsync
        return kept;
    }

    /**
     * Makes renames in {@code dir} durable as far as it can ({@link AtomicFiles#syncFolder}), ignoring a failure:
     * for the best-effort paths (putting files back after a failed restore), where the error already reported
     * matters more.
     */
    public static void syncDirectory(Path dir) {
        try {
            AtomicFiles.syncFolder(dir);
        } catch (IOException ignored) {
            // best effort on a path that is already failing
        }
    }

    /** Deletes {@code file} if it exists, ignoring failures (a temp file that is never used again). */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (NoSuchFileException ignored) {
            // gone
        } catch (IOException ignored) {
            // best effort
        }
    }
}
