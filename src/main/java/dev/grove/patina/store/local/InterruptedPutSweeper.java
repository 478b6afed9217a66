package dev.grove.patina.store.local;

import dev.grove.patina.store.StoreException;
import dev.grove.patina.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what puts interrupted by a crash or kill left in the folder: temporary data and metadata files, and
 * sidecars whose data is gone. A put that crashed after renaming its data but before renaming its metadata is
 * finished instead (its metadata is put in place). Works under the store's commit lock, so it never races a commit
 * of this process; the age cut-off keeps it off another process's put that may still run.
 */
final class InterruptedPutSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedPutSweeper.class);

    private final FolderLayout layout;
    private final FolderTree tree;
    private final MetadataSidecars sidecars;
    private final Object commitLock;
    private final String where;

    InterruptedPutSweeper(FolderLayout layout, FolderTree tree, MetadataSidecars sidecars, Object commitLock,
                          String where) {
        this.layout = layout;
        this.tree = tree;
        this.sidecars = sidecars;
        this.commitLock = commitLock;
        this.where = where;
    }

    /** Sweeps the whole folder: every leftover, or (when not null) only those last written before the cut-off. */
    int sweep(Instant startedBefore) throws IOException {
        Path root = layout.root();
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> startedBefore == null || lastModifiedBefore(f, startedBefore)).forEach(files::add);
        } catch (UncheckedIOException e) {
            throw new StoreException("cannot clean up " + where + ": " + e.getCause(), e.getCause());
        }
        return sweep(files);
    }

    /** Sweeps the temporary files of puts of exactly {@code key}, whatever their age. */
    int sweep(String key) throws IOException {
        Path target = layout.pathOf(key);
        Path dir = target.getParent();
        String name = target.getFileName().toString();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).filter(f -> {
                String n = f.getFileName().toString();
                Matcher data = FolderLayout.DATA_TEMP.matcher(n);
                Matcher meta = FolderLayout.META_TEMP.matcher(n);
                return data.matches() && data.group(1).equals(name) || meta.matches() && meta.group(1).equals(name);
            }).forEach(files::add);
        } catch (UncheckedIOException e) {
            throw new StoreException("cannot clean up '" + key + "' in " + where + ": " + e.getCause(),
                    e.getCause());
        }
        int count = sweep(files);
        tree.pruneEmpty(dir);
        return count;
    }

    private int sweep(List<Path> files) throws IOException {
        Set<Path> present = new HashSet<>(files);
        int count = 0;
        synchronized (commitLock) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                Path dir = file.getParent();
                Matcher meta = FolderLayout.META_TEMP.matcher(fileName);
                Matcher data = FolderLayout.DATA_TEMP.matcher(fileName);
                Matcher sidecar = FolderLayout.SIDECAR.matcher(fileName);
                if (meta.matches()) {
                    String name = meta.group(1);
                    Path target = dir.resolve(name);
                    Path dataTemp = FolderLayout.dataTemp(target, meta.group(2));
                    Path finalSidecar = FolderLayout.sidecarOf(target);
                    if (!present.contains(dataTemp) && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                            && !Files.exists(finalSidecar) && sidecars.sizeIn(file) == Files.size(target)) {
                        // The data was renamed into place, the metadata was not yet: finish the put.
                        AtomicFiles.rename(file, finalSidecar);
                        tree.sync(dir, name);
                        LOG.info("finished an interrupted put: metadata of {} put in place", target);
                    } else {
                        Files.deleteIfExists(file);
                    }
                    count++;
                } else if (data.matches()) {
                    Files.deleteIfExists(file);
                    count++;
                } else if (sidecar.matches() && !Files.exists(dir.resolve(sidecar.group(1)))) {
                    Files.deleteIfExists(file);
                    count++;
                }
            }
        }
        if (count > 0) {
            LOG.info("removed {} leftovers of interrupted puts in {}", count, where);
        }
        return count;
    }

    private static boolean lastModifiedBefore(Path file, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false; // gone meanwhile, or unreadable: not ours to touch now
        }
    }
}
