package dev.grove.patina.store.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BackupStore} in a local folder, the embedded default: key {@code daily/2026-01-05/shop.sql.gz} is the
 * file {@code <root>/daily/2026-01-05/shop.sql.gz}, so the backups can be read with any file manager.
 *
 * <p>Every put writes {@code .<name>.tmp-<token>} in the target folder, fsyncs it, writes the metadata to
 * {@code .<name>.meta-tmp-<token>} and fsyncs it, then under one lock: deletes the old sidecar, renames the data
 * into place atomically, renames the metadata to {@code .<name>.meta.json}, fsyncing the folder after each step.
 * A crash at any point leaves either the old object or the new one under the final name, never a half file; at
 * worst an object without its metadata (never with another object's metadata). {@link #cleanupTemp()} removes
 * what a crash left and finishes a put that crashed between its two renames.
 *
 * <p>Names matching those patterns are the store's own: they are hidden from {@link #list} and refused as keys.
 */
public final class LocalFolderStore implements BackupStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFolderStore.class);
    private static final Pattern DATA_TEMP = Pattern.compile("\\.(.+)\\.tmp-([0-9a-z]+)");
    private static final Pattern META_TEMP = Pattern.compile("\\.(.+)\\.meta-tmp-([0-9a-z]+)");
    private static final Pattern SIDECAR = Pattern.compile("\\.(.+)\\.meta\\.json");
    private static final int BUFFER_BYTES = 256 * 1024;
    private static final int SIDECAR_FORMAT = 1;

    private final Path root;
    private final ObjectMapper json = new ObjectMapper();
    private final Object commitLock = new Object();

    /** @param root the folder; created on the first put when missing */
    public LocalFolderStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The folder. */
    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "folder " + root;
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
        Path target = pathOf(key);
        Path dir = target.getParent();
        String name = target.getFileName().toString();
        String token = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        Path temp = dir.resolve("." + name + ".tmp-" + token);
        Path metaTemp = dir.resolve("." + name + ".meta-tmp-" + token);
        try {
            Map<String, String> metadata;
            long size;
            try (FileChannel channel = createTemp(key, dir, temp)) {
                RecordingOutputStream out = new RecordingOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES), key);
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
            writeSidecar(key, metaTemp, size, metadata);
            commit(key, temp, target, metaTemp, sidecarOf(target));
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
        Path path = pathOf(key);
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
        Path path = pathOf(key);
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(info(key, path, attrs));
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read '" + key + "' in " + describe() + ": " + e, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        String p = prefix == null ? "" : prefix;
        if (p.startsWith("/") || p.indexOf('\\') >= 0 || List.of(p.split("/", -1)).contains("..")) {
            throw new StoreException("refused list prefix '" + StoreRules.printable(p) + "' in " + describe());
        }
        int slash = p.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(p.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Map<String, ObjectInfo> found = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(start)) {
            Iterator<Path> it = walk.iterator();
            while (it.hasNext()) {
                Path file = it.next();
                String key = keyOf(file);
                if (key == null || !key.startsWith(p) || isReservedName(file.getFileName().toString())) {
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
            throw new StoreException("cannot list '" + p + "' in " + describe() + ": " + e.getCause(), e.getCause());
        } catch (IOException e) {
            throw new StoreException("cannot list '" + p + "' in " + describe() + ": " + e, e);
        }
        return List.copyOf(found.values());
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = pathOf(key);
        Path dir = path.getParent();
        try {
            synchronized (commitLock) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    return; // a folder is no object: nothing under this key
                }
                // Data first: a crash in between leaves an invisible sidecar, never data without its metadata.
                boolean existed = Files.deleteIfExists(path);
                Files.deleteIfExists(sidecarOf(path));
                if (existed) {
                    syncDirectory(dir, key);
                }
                pruneEmptyFolders(dir);
            }
        } catch (IOException e) {
            throw new StoreException("cannot delete '" + key + "' in " + describe() + ": " + e, e);
        }
    }

    private static boolean lastModifiedBefore(Path file, java.time.Instant cutoff) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false; // gone meanwhile, or unreadable: not ours to touch now
        }
    }

    @Override
    public int cleanUpInterruptedPuts() throws IOException {
        return cleanupTemp();
    }

    /** Cleans up only what puts left that were last written before {@code startedBefore}. */
    @Override
    public int cleanUpInterruptedPuts(java.time.Instant startedBefore) throws IOException {
        return cleanupTemp(startedBefore);
    }

    /**
     * Removes what interrupted puts left: temporary files and sidecars without data. A put that crashed after
     * renaming its data but before renaming its metadata is finished (the metadata is put in place). Call it at
     * start, while no put runs.
     *
     * @return how many leftovers were removed or finished
     */
    public int cleanupTemp() throws IOException {
        return cleanupTemp(null);
    }

    private int cleanupTemp(java.time.Instant startedBefore) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> startedBefore == null || lastModifiedBefore(f, startedBefore)).forEach(files::add);
        } catch (UncheckedIOException e) {
            throw new StoreException("cannot clean up " + describe() + ": " + e.getCause(), e.getCause());
        }
        return cleanup(files);
    }

    /** Removes the temporary files of puts of {@code key} (and finishes one that crashed between its renames). */
    @Override
    public int cleanUpInterruptedPut(String key) throws IOException {
        Path target = pathOf(key);
        Path dir = target.getParent();
        String name = target.getFileName().toString();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).filter(f -> {
                String n = f.getFileName().toString();
                Matcher data = DATA_TEMP.matcher(n);
                Matcher meta = META_TEMP.matcher(n);
                return data.matches() && data.group(1).equals(name) || meta.matches() && meta.group(1).equals(name);
            }).forEach(files::add);
        } catch (UncheckedIOException e) {
            throw new StoreException("cannot clean up '" + key + "' in " + describe() + ": " + e.getCause(),
                    e.getCause());
        }
        int count = cleanup(files);
        pruneEmptyFolders(dir);
        return count;
    }

    private int cleanup(List<Path> files) throws IOException {
        Set<Path> present = new HashSet<>(files);
        int count = 0;
        synchronized (commitLock) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                Path dir = file.getParent();
                Matcher meta = META_TEMP.matcher(fileName);
                Matcher data = DATA_TEMP.matcher(fileName);
                Matcher sidecar = SIDECAR.matcher(fileName);
                if (meta.matches()) {
                    String name = meta.group(1);
                    Path dataTemp = dir.resolve("." + name + ".tmp-" + meta.group(2));
                    Path target = dir.resolve(name);
                    Path finalSidecar = sidecarOf(target);
                    if (!present.contains(dataTemp) && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                            && !Files.exists(finalSidecar) && sidecarSize(file) == Files.size(target)) {
                        // The data was renamed into place, the metadata was not yet: finish the put.
                        AtomicFiles.rename(file, finalSidecar);
                        syncDirectory(dir, name);
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
            LOG.info("removed {} leftovers of interrupted puts in {}", count, describe());
        }
        return count;
    }

    private ObjectInfo info(String key, Path path, BasicFileAttributes attrs) throws IOException {
        return new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant(),
                readSidecar(sidecarOf(path), attrs.size()));
    }

    private FileChannel createTemp(String key, Path dir, Path temp) throws StoreException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                createFolders(dir, key);
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

    /** Creates the missing folders from the root down, fsyncing each new folder's parent. */
    private void createFolders(Path dir, String key) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(root);
        Path current = root;
        for (Path segment : root.relativize(dir)) {
            Path next = current.resolve(segment);
            try {
                Files.createDirectory(next);
                syncDirectory(current, key);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(next)) {
                    throw new StoreException("cannot store '" + key + "' in " + describe() + ": '"
                            + root.relativize(next) + "' is a file, not a folder");
                }
            }
            current = next;
        }
    }

    private void commit(String key, Path temp, Path target, Path metaTemp, Path sidecar) throws StoreException {
        Path dir = target.getParent();
        synchronized (commitLock) {
            try {
                // Without the old sidecar a crash between the renames leaves data without metadata, never the
                // new data with the old object's metadata.
                if (Files.deleteIfExists(sidecar)) {
                    syncDirectory(dir, key);
                }
                AtomicFiles.rename(temp, target);
                syncDirectory(dir, key);
                AtomicFiles.rename(metaTemp, sidecar);
                syncDirectory(dir, key);
            } catch (IOException e) {
                throw new StoreException("cannot move '" + key + "' into place in " + describe() + ": " + e, e);
            }
        }
    }

    private void writeSidecar(String key, Path metaTemp, long size, Map<String, String> metadata)
            throws StoreException {
        ObjectNode node = json.createObjectNode();
        node.put("format", SIDECAR_FORMAT);
        node.put("size", size);
        ObjectNode meta = node.putObject("metadata");
        metadata.forEach(meta::put);
        try (FileChannel channel = FileChannel.open(metaTemp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(node)));
            channel.force(true);
        } catch (IOException e) {
            throw new StoreException("cannot write the metadata of '" + key + "' in " + describe() + ": " + e, e);
        }
    }

    /** The sidecar's metadata; empty when there is none or it does not describe a file of {@code size} bytes. */
    private Map<String, String> readSidecar(Path sidecar, long size) throws IOException {
        JsonNode node;
        try {
            node = json.readTree(Files.readAllBytes(sidecar));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            LOG.warn("ignoring unreadable metadata file {}: {}", sidecar, e.getOriginalMessage());
            return Map.of();
        }
        if (node == null || node.path("size").asLong(-1) != size) {
            LOG.warn("ignoring metadata file {}: it does not describe the {} bytes beside it", sidecar, size);
            return Map.of();
        }
        Map<String, String> metadata = new TreeMap<>();
        node.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return metadata;
    }

    private long sidecarSize(Path sidecar) {
        try {
            return json.readTree(Files.readAllBytes(sidecar)).path("size").asLong(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private void force(FileChannel channel, String key) throws StoreException {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new StoreException("cannot fsync '" + key + "' in " + describe() + ": " + e, e);
        }
    }

    /** Makes renames and creations in {@code dir} durable ({@link AtomicFiles#syncFolder}; skipped on Windows). */
    private void syncDirectory(Path dir, String key) throws IOException {
        try {
            AtomicFiles.syncFolder(dir);
        } catch (IOException e) {
            throw new StoreException("cannot fsync the folder of '" + key + "' in " + describe() + ": " + e, e);
        }
    }

    private void pruneEmptyFolders(Path dir) {
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

    @Override
    public Optional<Path> localFile(String key) {
        try {
            return Optional.of(pathOf(key));
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    private Path pathOf(String key) throws StoreException {
        StoreRules.checkKey(key, describe());
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (isReservedName(name)) {
            throw new StoreException("refused key '" + StoreRules.printable(key) + "' in " + describe()
                    + ": names like '" + name + "' are the folder store's temporary and metadata files");
        }
        try {
            Path path = root.resolve(key).normalize();
            if (!path.startsWith(root) || path.equals(root)) {
                throw new StoreException("refused key '" + StoreRules.printable(key) + "' in " + describe()
                        + ": it leaves the folder");
            }
            return path;
        } catch (InvalidPathException e) {
            throw new StoreException("refused key '" + StoreRules.printable(key) + "' in " + describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private String keyOf(Path file) {
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

    private static boolean isReservedName(String name) {
        return DATA_TEMP.matcher(name).matches() || META_TEMP.matcher(name).matches()
                || SIDECAR.matcher(name).matches();
    }

    private static Path sidecarOf(Path data) {
        return data.resolveSibling("." + data.getFileName() + ".meta.json");
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

    /**
     * The stream handed to the writer: turns the disk's failures into a {@link StoreException} naming the key and
     * remembers it, so that {@code put} reports a full disk as a store failure even when the writer wraps it.
     * Closing it only flushes: the store still has to fsync and rename.
     */
    private final class RecordingOutputStream extends OutputStream {
        private final OutputStream out;
        private final String key;
        private StoreException failure;

        RecordingOutputStream(OutputStream out, String key) {
            this.out = out;
            this.key = key;
        }

        StoreException failure() {
            return failure;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw fail(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw fail(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw fail(e);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private StoreException fail(IOException e) {
            if (failure == null) {
                failure = new StoreException("cannot write '" + key + "' in " + describe() + ": " + e, e);
            }
            return failure;
        }
    }
}
