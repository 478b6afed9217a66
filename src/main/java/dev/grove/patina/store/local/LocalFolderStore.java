package dev.grove.patina.store.local;

import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.NoSuchObjectException;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectWriter;
import dev.grove.patina.store.StoreException;
import dev.grove.patina.store.StoreRules;
import dev.grove.patina.util.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BackupStore} in a local folder, the embedded default: key {@code daily/2026-01-05/shop.sql.gz} is the
 * file {@code <root>/daily/2026-01-05/shop.sql.gz} ({@link FolderLayout}), so the backups can be read with any file
 * manager.
 *
 * <p>Every put writes {@code .<name>.tmp-<token>} in the target folder, fsyncs it, writes the metadata to
 * {@code .<name>.meta-tmp-<token>} and fsyncs it ({@link MetadataSidecars}), then under one lock: deletes the old
 * sidecar, renames the data into place atomically, renames the metadata to {@code .<name>.meta.json}, fsyncing the
 * folder after each step ({@link FolderTree}). A crash at any point leaves either the old object or the new one
 * under the final name, never a half file; at worst an object without its metadata (never with another object's
 * metadata). {@link #cleanUpInterruptedPuts()} removes what a crash left and finishes a put that crashed between its two
 * renames ({@link InterruptedPutSweeper}).
 *
 * <p>Names matching those patterns are the store's own: they are hidden from {@link #list} and refused as keys.
 */
public final class LocalFolderStore implements BackupStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFolderStore.class);
    private static final int BUFFER_BYTES = 256 * 1024;

    private final Path root;
    private final String where;
    private final Object commitLock = new Object();
    private final FolderLayout layout;
    private final FolderTree tree;
    private final MetadataSidecars sidecars;
    private final FolderListing listing;
    private final InterruptedPutSweeper sweeper;

    /** @param root the folder; created on the first put when missing */
    public LocalFolderStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.where = "folder " + this.root;
        this.layout = new FolderLayout(this.root, where);
        this.tree = new FolderTree(this.root, where);
        this.sidecars = new MetadataSidecars(where);
        this.listing = new FolderListing(layout, sidecars, where);
        this.sweeper = new InterruptedPutSweeper(layout, tree, sidecars, commitLock, where);
    }

    /** The folder. */
    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return where;
    }

    /** Creates the folder if needed and checks that it is a writable folder. */
    @Override
    public void checkAccess() throws IOException {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StoreException(describe() + ": cannot create the folder: " + e.getMessage(), e);
        }
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new StoreException(describe() + " is not a writable folder; check its path and permissions");
        }
    }

    @Override
    public ObjectInfo put(String key, ObjectWriter writer) throws IOException {
        Path target = layout.pathOf(key);
        Path dir = target.getParent();
        String token = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        Path temp = FolderLayout.dataTemp(target, token);
        Path metaTemp = FolderLayout.metaTemp(target, token);
        try {
            Map<String, String> metadata;
            long size;
            try (FileChannel channel = createTemp(key, dir, temp)) {
                FailureRecordingStream out = new FailureRecordingStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES), key, where);
                Map<String, String> returned;
                try {
                    returned = writer.write(out);
                    out.flush();
                } catch (IOException | RuntimeException | Error e) {
                    if (out.failure() != null) {
                        throw withSuppressed(out.failure(), e);
                    }
                    throw e;
                }
                metadata = StoreRules.checkMetadata(key, returned, describe());
                force(channel, key);
                size = channel.size();
            }
            sidecars.write(key, metaTemp, size, metadata);
            commit(key, temp, target, metaTemp, FolderLayout.sidecarOf(target));
            BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class);
            return new ObjectInfo(key, size, attrs.lastModifiedTime().toInstant(), metadata);
        } finally {
            // After a successful commit both are gone; after a failure this discards the partial object.
            deleteQuietly(metaTemp);
            deleteQuietly(temp);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        Path path = layout.pathOf(key);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchObjectException("no object '" + key + "' in " + describe());
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException("no object '" + key + "' in " + describe());
        } catch (IOException e) {
            throw new StoreException("cannot read '" + key + "' in " + describe() + ": " + e, e);
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        Path path = layout.pathOf(key);
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(listing.info(key, path, attrs));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read '" + key + "' in " + describe() + ": " + e, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        return listing.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = layout.pathOf(key);
        Path dir = path.getParent();
        try {
            synchronized (commitLock) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    return; // a folder is no object: nothing under this key
                }
                // Data first: a crash in between leaves an invisible sidecar, never data without its metadata.
                boolean existed = Files.deleteIfExists(path);
                Files.deleteIfExists(FolderLayout.sidecarOf(path));
                if (existed) {
                    tree.sync(dir, key);
                }
                tree.pruneEmpty(dir);
            }
        } catch (IOException e) {
            throw new StoreException("cannot delete '" + key + "' in " + describe() + ": " + e, e);
        }
    }

    /**
     * Removes what interrupted puts left: temporary files and sidecars without data. A put that crashed after
     * renaming its data but before renaming its metadata is finished (the metadata is put in place). Call it at
     * start, while no put runs.
     *
     * @return how many leftovers were removed or finished
     */
    @Override
    public int cleanUpInterruptedPuts() throws IOException {
        return sweeper.sweep((Instant) null);
    }

    /** Cleans up only what puts left that were last written before {@code startedBefore}. */
    @Override
    public int cleanUpInterruptedPuts(Instant startedBefore) throws IOException {
        return sweeper.sweep(startedBefore);
    }

    /** Removes the temporary files of puts of {@code key} (and finishes one that crashed between its renames). */
    @Override
    public int cleanUpInterruptedPut(String key) throws IOException {
        return sweeper.sweep(key);
    }

    @Override
    public Optional<Path> localFile(String key) {
        try {
            return Optional.of(layout.pathOf(key));
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    private FileChannel createTemp(String key, Path dir, Path temp) throws StoreException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                tree.create(dir, key);
                return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                last = e; // a delete pruned the folder in between: create it again
            } catch (IOException e) {
                last = e;
                break;
            }
        }
        throw new StoreException("cannot create a file for '" + key + "' in " + describe() + ": " + last, last);
    }

    private void commit(String key, Path temp, Path target, Path metaTemp, Path sidecar) throws StoreException {
        Path dir = target.getParent();
        synchronized (commitLock) {
            try {
                // Without the old sidecar a crash between the renames leaves data without metadata, never the
                // new data with the old object's metadata.
                if (Files.deleteIfExists(sidecar)) {
                    tree.sync(dir, key);
                }
                AtomicFiles.rename(temp, target);
                tree.sync(dir, key);
                AtomicFiles.rename(metaTemp, sidecar);
                tree.sync(dir, key);
            } catch (IOException e) {
                throw new StoreException("cannot move '" + key + "' into place in " + describe() + ": " + e, e);
            }
        }
    }

    private void force(FileChannel channel, String key) throws StoreException {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new StoreException("cannot fsync '" + key + "' in " + describe() + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not delete temporary file {}: {}", path, e.toString());
        }
    }

    private static <T extends Throwable> T withSuppressed(T main, Throwable other) {
        if (other != main) {
            main.addSuppressed(other);
        }
        return main;
    }
}
