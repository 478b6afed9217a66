package dev.grove.patina.store.local;

import dev.grove.patina.store.StoreException;
import dev.grove.patina.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders under the root: created from the root down with each new folder's parent fsynced, fsynced after a
 * rename or delete in them ({@link AtomicFiles#syncFolder}; skipped on Windows), pruned when a delete empties them.
 */
final class FolderTree {
    private static final Logger LOG = LoggerFactory.getLogger(FolderTree.class);

    private final Path root;
    private final String where;

    /** @param where the store, for messages */
    FolderTree(Path root, String where) {
        this.root = root;
        this.where = where;
    }

    /** Creates the missing folders from the root down to {@code dir}, fsyncing each new folder's parent. */
    void create(Path dir, String key) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(root);
        Path current = root;
        for (Path segment : root.relativize(dir)) {
            Path next = current.resolve(segment);
            try {
                Files.createDirectory(next);
                sync(current, key);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(next)) {
                    throw new StoreException("cannot store '" + key + "' in " + where + ": '"
                            + root.relativize(next) + "' is a file, not a folder");
                }
            }
            current = next;
        }
    }

    /** Makes renames and creations in {@code dir} durable. */
    void sync(Path dir, String key) throws StoreException {
        try {
            AtomicFiles.syncFolder(dir);
        } catch (IOException e) {
            throw new StoreException("cannot fsync the folder of '" + key + "' in " + where + ": " + e, e);
        }
    }

    /** Removes {@code dir} and its parents up to (not including) the root, as long as they are empty. */
    void pruneEmpty(Path dir) {
        Path current = dir;
        while (current != null && current.startsWith(root) && !current.equals(root)) {
            try {
                Files.delete(current);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                LOG.debug("could not remove empty folder {}: {}", current, e.toString());
                return;
            }
            current = current.getParent();
        }
    }
}
