package dev.grove.patina.store.local;

import dev.grove.patina.store.StoreException;
import dev.grove.patina.store.StoreRules;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where things live in the folder: key {@code daily/2026-01-05/shop.sql.gz} is the file
 * {@code <root>/daily/2026-01-05/shop.sql.gz}; beside it the store keeps its own files — a put's temporary data
 * {@code .<name>.tmp-<token>} and metadata {@code .<name>.meta-tmp-<token>}, and the metadata sidecar
 * {@code .<name>.meta.json}. Names of that shape are the store's own: refused as keys, hidden from listings.
 */
final class FolderLayout {
    static final Pattern DATA_TEMP = Pattern.compile("\\.(.+)\\.tmp-([0-9a-z]+)");
    static final Pattern META_TEMP = Pattern.compile("\\.(.+)\\.meta-tmp-([0-9a-z]+)");
    static final Pattern SIDECAR = Pattern.compile("\\.(.+)\\.meta\\.json");

    private final Path root;
    private final String where;

    /** @param where the store, for messages */
    FolderLayout(Path root, String where) {
        this.root = root;
        this.where = where;
    }

    Path root() {
        return root;
    }

    /** The file of {@code key}; refuses a key that breaks {@link StoreRules}, names a store file or leaves the root. */
    Path pathOf(String key) throws StoreException {
        StoreRules.checkKey(key, where);
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (isReservedName(name)) {
            throw new StoreException("refused key '" + StoreRules.printable(key) + "' in " + where
                    + ": names like '" + name + "' are the folder store's temporary and metadata files");
        }
        try {
            Path path = root.resolve(key).normalize();
            if (!path.startsWith(root) || path.equals(root)) {
                throw new StoreException("refused key '" + StoreRules.printable(key) + "' in " + where
                        + ": it leaves the folder");
            }
            return path;
        } catch (InvalidPathException e) {
            throw new StoreException("refused key '" + StoreRules.printable(key) + "' in " + where + ": "
                    + e.getMessage(), e);
        }
    }

    /** The key of a file under the root ({@code /}-separated on every OS), or null for the root itself. */
    String keyOf(Path file) {
        Path relative = root.relativize(file);
        if (relative.toString().isEmpty()) {
            return null;
        }
        StringBuilder key = new StringBuilder();
        for (Path segment : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(segment);
        }
        return key.toString();
    }

    static boolean isReservedName(String name) {
        return DATA_TEMP.matcher(name).matches() || META_TEMP.matcher(name).matches()
                || SIDECAR.matcher(name).matches();
    }

    static Path dataTemp(Path target, String token) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + token);
    }

    static Path metaTemp(Path target, String token) {
        return target.resolveSibling("." + target.getFileName() + ".meta-tmp-" + token);
    }

    static Path sidecarOf(Path data) {
        return data.resolveSibling("." + data.getFileName() + ".meta.json");
    }
}
