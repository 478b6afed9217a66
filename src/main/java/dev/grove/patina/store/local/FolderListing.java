package dev.grove.patina.store.local;

import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.StoreException;
import dev.grove.patina.store.StoreRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Lists the objects under a key prefix: walks only the folder the prefix names, skips the store's own files
 * ({@link FolderLayout}) and whatever is deleted meanwhile, and reads each object's sidecar metadata.
 */
final class FolderListing {
    private final FolderLayout layout;
    private final MetadataSidecars sidecars;
    private final String where;

    FolderListing(FolderLayout layout, MetadataSidecars sidecars, String where) {
        this.layout = layout;
        this.sidecars = sidecars;
        this.where = where;
    }

    /** Every object whose key starts with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix) throws IOException {
        String p = prefix == null ? "" : prefix;
        if (p.startsWith("/") || p.indexOf('\\') >= 0 || List.of(p.split("/", -1)).contains("..")) {
            throw new StoreException("refused list prefix '" + StoreRules.printable(p) + "' in " + where);
        }
        int slash = p.lastIndexOf('/');
        Path start = slash < 0 ? layout.root() : layout.root().resolve(p.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Map<String, ObjectInfo> found = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(start)) {
            Iterator<Path> it = walk.iterator();
            while (it.hasNext()) {
                Path file = it.next();
                String key = layout.keyOf(file);
                if (key == null || !key.startsWith(p) || FolderLayout.isReservedName(file.getFileName().toString())) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // deleted while listing
                }
                if (attrs.isRegularFile()) {
                    found.put(key, info(key, file, attrs));
                }
            }
        } catch (UncheckedIOException e) {
            throw new StoreException("cannot list '" + p + "' in " + where + ": " + e.getCause(), e.getCause());
        } catch (IOException e) {
            throw new StoreException("cannot list '" + p + "' in " + where + ": " + e, e);
        }
        return List.copyOf(found.values());
    }

    /** The object at {@code path}, with the metadata of its sidecar. */
    ObjectInfo info(String key, Path path, BasicFileAttributes attrs) throws IOException {
        return new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant(),
                sidecars.read(FolderLayout.sidecarOf(path), attrs.size()));
    }
}
