package dev.grove.patina.backup;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.ObjectChains;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.RestoreReport;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.NoSuchObjectException;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.util.FileTargets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Downloads a stored backup to a file: checksum-verified against the catalog (or the object's own metadata when
 * the catalog does not know it), optionally decompressed, written as temp file → fsync → rename, so a failed or
 * damaged download never leaves a file under the requested name. A file that holds data is replaced only when
 * forced, and kept as the first free {@code .bak}; the stored object itself and the catalog are never written
 * onto (RELIABILITY 28, {@link FileTargets}).
 */
public final class DownloadService {
    private final BackupStore store;
    private final ObjectKeys keys;
    private final Catalog catalog;
    private final java.time.Clock clock;
    private final CheckRecords records;
    private final ObjectCipher cipher;

    /** @param clock stamps the damage a download finds */
    public DownloadService(BackupStore store, ObjectKeys keys, Catalog catalog, java.time.Clock clock) {
        this(store, keys, catalog, clock, CheckRecords.of(catalog), ObjectCipher.none());
    }

    /** @param cipher opens encrypted objects ({@code .age}) */
    public DownloadService(BackupStore store, ObjectKeys keys, Catalog catalog, java.time.Clock clock,
                           ObjectCipher cipher) {
        this(store, keys, catalog, clock, CheckRecords.of(catalog), cipher);
    }

    /**
     * A download service over {@code store} (the primary, or a replica seen under the primary's keys).
     *
     * @param records where damage a download finds is recorded (the object's row, or a replica's copy)
     * @param cipher  opens encrypted objects ({@code .age})
     */
    public DownloadService(BackupStore store, ObjectKeys keys, Catalog catalog, java.time.Clock clock,
                           CheckRecords records, ObjectCipher cipher) {
        this.store = store;
        this.keys = keys;
        this.catalog = catalog;
        this.clock = clock;
        this.records = records;
        this.cipher = cipher;
    }

    /** What a download writes. */
    public enum Form {
        /** The bytes as stored: compressed, and encrypted when the object is. */
        STORED,
        /** Decrypted when the object is encrypted, still compressed (what {@code patina restore} reads). */
        DECRYPTED,
        /** Decrypted and decompressed: plain SQL. */
        PLAIN
    }

    /** The cipher that opens this store's encrypted objects. */
    public ObjectCipher cipher() {
        return cipher;
    }

    /**
     * The recipients' fingerprints of {@code key}: as the catalog records them, else as the object's metadata does
     * (an object the catalog does not know); empty when neither says.
     */
    public List<String> recipientsOf(String key) {
        try {
            List<String> known = catalog.object(key).map(StoredObject::recipients).orElse(List.of());
            if (!known.isEmpty()) {
                return known;
            }
            String listed = store.head(key).map(i -> i.metadata().get(ObjectMetadata.RECIPIENTS)).orElse(null);
            return listed == null || listed.isBlank() ? List.of() : List.of(listed.split(","));
        } catch (IOException | RuntimeException e) {
            return List.of(); // only for messages: the download itself reports what is wrong with the object
        }
    }

    /**
     * The expanded (SQL) size of {@code key}'s dump as its metadata records it ({@link ObjectMetadata#SQL_SIZE},
     * written since issue 15's test restores); empty for an older object, or when the store cannot say.
     */
    public java.util.OptionalLong sqlSizeOf(String key) {
        try {
            String recorded = store.head(key).map(i -> i.metadata().get(ObjectMetadata.SQL_SIZE)).orElse(null);
            return recorded == null ? java.util.OptionalLong.empty()
                    : java.util.OptionalLong.of(Long.parseLong(recorded.strip()));
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty(); // the download itself reports what is wrong with the object
        }
    }

    /**
     * What was downloaded.
     *
     * @param previousFile where the file that was at {@code file} is kept ({@code .bak}, {@code .bak.1}, …), or null
     */
    public record Downloaded(String key, Path file, long storedBytes, long writtenBytes, String sha256,
                             Path previousFile) {
    }

    /** Finds the daily object of {@code database} for {@code date}: in the catalog, else in the store. */
    public Target locate(LocalDate date, String database) throws IOException {
        // the newest, should a date hold both a full and a differential (ADR 0016: the later one stands for the day)
        Optional<StoredObject> known = catalog.findObjects(ObjectQuery.firstPage(10).withDatabase(database)
                .withKind(ObjectKind.DAILY).withStatus(ObjectStatus.PRESENT).withDates(date, date)).items().stream()
                .max(java.util.Comparator.comparing(StoredObject::createdAt));
        if (known.isPresent()) {
            return new Target(known.get().key(), known.get().sha256());
        }
        for (ObjectInfo info : store.list(keys.dailyPrefix(date))) {
            Optional<ObjectKeys.Parsed> parsed = keys.parse(info.key());
            if (parsed.isPresent() && database.equals(parsed.get().database())) {
                return new Target(info.key(), info.metadata().get(ObjectMetadata.SHA256));
            }
        }
        throw new NoSuchObjectException("no backup of " + database + " for " + date + " in the catalog or in "
                + store.describe());
    }

    /** The full a differential daily applies to (ADR 0016); {@code target} itself when it is a full. */
    public Target baseOf(Target target) throws IOException {
        Optional<ObjectChains.Link> link = catalog.chains().of(target.key());
        if (link.isEmpty() || !link.get().differential()) {
            return target;
        }
        String baseKey = link.get().baseKey();
        return new Target(baseKey, catalog.object(baseKey).map(StoredObject::sha256).orElse(null));
    }

    /** An object to fetch and the SHA-256 it must have (null when nothing records one). */
    public record Target(String key, String sha256) {
    }

    /**
     * The stored object is damaged: its bytes do not match the SHA-256 recorded when it was stored (the message says
     * "damaged", names the key and both checksums, and what else failed, e.g. the decompressor's words).
     */
    public static final class DamagedObjectException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final String what;

        DamagedObjectException(String key, String what, String message, Throwable cause) {
            super(message, cause);
            this.key = key;
            this.what = what;
        }

        public String key() {
            return key;
        }

        /** What failed, without the key: {@code checksum mismatch, its SHA-256 is … but … was recorded …}. */
        public String what() {
            return what;
        }
    }

    /**
     * Downloads {@code target} to {@code out}.
     *
     * @param decompress write the plain {@code .sql} instead of the stored bytes
     * @param progress   receives the stored bytes read so far
     * @throws IOException naming the key when the object is missing or its checksum does not match
     */
    public Downloaded download(Target target, Path out, boolean decompress, LongConsumer progress)
            throws IOException {
        return download(target, out, decompress, false, List.of(), progress);
    }

    /**
     * Downloads {@code target} to {@code out}, replacing a file that holds data only when {@code force} (it is kept
     * as the first free {@code out.bak}, {@code .bak.1}, …).
     *
     * @param alsoRead files {@code out} must never be, besides the stored object and the catalog (for example the
     *                 configured databases)
     * @throws FileTargets.RefusedException before anything is fetched, when {@code out} may not be written
     */
    public Downloaded download(Target target, Path out, boolean decompress, boolean force,
                               Collection<Path> alsoRead, LongConsumer progress) throws IOException {
        return download(target, out, decompress ? Form.PLAIN : Form.DECRYPTED, force, alsoRead, progress);
    }

    /**
     * Downloads {@code target} to {@code out} in {@code form}: an encrypted object is decrypted unless
     * {@link Form#STORED}; the SHA-256 is always checked over the stored bytes.
     *
     * @throws ObjectCipher.KeyNeededException when the object is encrypted and no configured key opens it (nothing
     *                                         is left at {@code out})
     */
    public Downloaded download(Target target, Path out, Form form, boolean force, Collection<Path> alsoRead,
                               LongConsumer progress) throws IOException {
        if (form != Form.STORED && keys.parse(target.key()).map(ObjectKeys.Parsed::differential).orElse(false)) {
            return downloadCombined(target, out, force, alsoRead, progress);
        }
        return downloadObject(target, out, form, force, alsoRead, progress);
    }

    /**
     * Downloads a differential daily (ADR 0016) as the one dump it stands for: its base full and it, fetched and
     * checked, combined into an ordinary dump (plain SQL) at {@code out}. What every reader of a daily gets.
     */
    private Downloaded downloadCombined(Target target, Path out, boolean force, Collection<Path> alsoRead,
                                        LongConsumer progress) throws IOException {
        List<Path> sources = new ArrayList<>(alsoRead);
        if (!catalog.clustered()) { // a cluster's catalog is in PostgreSQL: no file to overwrite
            sources.add(catalog.file());
        }
        FileTargets.checkOutput(out, force, sources);
        Path work = Files.createTempDirectory(out.toAbsolutePath().getParent(), ".patina-combine-");
        try {
            Path diff = work.resolve("diff.sql");
            Path full = work.resolve("full.sql");
            Downloaded[] fetched = fetchChain(target, diff, full, progress);
            Downloaded d = fetched[0];
            Downloaded f = fetched[1];
            Path combined = work.resolve("combined.sql");
            try (OutputStream o = Files.newOutputStream(combined)) {
                new DiffCombiner(catalog).combine(target.key(), full, diff, o, work);
            }
            FileTargets.refuseSources(out, sources);
            Path previous = FileTargets.install(combined, out, force);
            return new Downloaded(target.key(), out, d.storedBytes() + f.storedBytes(), Files.size(out), d.sha256(),
                    previous);
        } finally {
            deleteTree(work);
        }
    }

    /** Whether {@code key} is a differential daily (ADR 0016). */
    public boolean isDifferential(String key) {
        return keys.parse(key).map(ObjectKeys.Parsed::differential).orElse(false);
    }

    /**
     * Restores the differential daily {@code target} straight into the SQLite file {@code db} (ADR 0028): its full
     * and it fetched into {@code work} (SHA-256 checked, decrypted), then one load of the full with the differential
     * applied, every table's rows and digest checked against the differential's footer and the catalog — no
     * combined dump in between.
     */
    public RestoreReport restoreDifferential(Target target, Path work, Path db, Restorer restorer,
                                             RestoreOptions options, LongConsumer progress,
                                             RestoreProgress restoreProgress) throws IOException {
        Path diff = work.resolve("diff.sql");
        Path full = work.resolve("full.sql");
        fetchChain(target, diff, full, progress);
        return new DiffCombiner(catalog).restoreInto(restorer, target.key(), full, diff, DiffCombiner.header(diff),
                db, options, restoreProgress);
    }

    /** Fetches the differential {@code target} to {@code diff} and its base full to {@code full}, both checked. */
    private Downloaded[] fetchChain(Target target, Path diff, Path full, LongConsumer progress) throws IOException {
        Downloaded d = downloadObject(target, diff, Form.DECRYPTED, false, List.of(), progress);
        String baseKey = catalog.chains().of(target.key()).map(ObjectChains.Link::baseKey)
                .orElse(DiffCombiner.header(diff).baseKey());
        String baseSha = catalog.object(baseKey).map(StoredObject::sha256).orElseGet(() -> {
            try {
                return store.head(baseKey).map(i -> i.metadata().get(ObjectMetadata.SHA256)).orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        Downloaded f = downloadObject(new Target(baseKey, baseSha), full, Form.DECRYPTED, false, List.of(),
                progress);
        return new Downloaded[] {d, f};
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Downloads the object {@code target} itself in {@code form} — for a differential, the differential alone
     * ({@code patina download --differential}), which restores nothing without its full.
     */
    public Downloaded downloadObject(Target target, Path out, Form form, boolean force, Collection<Path> alsoRead,
                                     LongConsumer progress) throws IOException {
        boolean decompress = form == Form.PLAIN;
        if (target.sha256() == null) {
            throw new IOException("object " + target.key() + " has no recorded SHA-256 (not in the catalog, no "
                    + "metadata); refusing an unverifiable download");
        }
        List<Path> sources = new ArrayList<>(alsoRead);
        store.localFile(target.key()).ifPresent(sources::add);
        if (!catalog.clustered()) { // a cluster's catalog is in PostgreSQL: no file to overwrite
            sources.add(catalog.file());
        }
        FileTargets.checkOutput(out, force, sources);
        Path dir = out.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + out.getFileName() + ".patina-download-" + UUID.randomUUID().toString()
                .substring(0, 8) + ".tmp");
        try {
            long written = 0;
            HashingInputStream hashed;
            IOException readFailure = null;
            try (InputStream raw = store.get(target.key());
                 FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.WRITE)) {
                hashed = new HashingInputStream(new ProgressInputStream(raw, progress));
                OutputStream file = Channels.newOutputStream(channel);
                try {
                    InputStream content = form == Form.STORED || !ObjectKeys.isEncrypted(target.key()) ? hashed
                            : cipher.open(target.key(), recipientsOf(target.key()), hashed);
                    content = decompress ? Compression.decompressing(content) : content;
                    written = content.transferTo(file);
                } catch (NoSuchObjectException e) {
                    throw e;
                } catch (IOException e) {
                    // a damaged object often fails to decompress first ("Corrupt GZIP trailer"): the checksum of
                    // every stored byte says whether it is damaged or the failure is elsewhere
                    readFailure = e;
                }
                hashed.drain();
                file.flush();
                channel.force(true);
            }
            String actual = hashed.sha256Hex();
            if (!actual.equals(target.sha256())) {
                String what = "checksum mismatch, its SHA-256 is " + actual + " but " + target.sha256()
                        + " was recorded when it was stored" + (readFailure == null ? ""
                        : "; decompressing it failed: " + readFailure.getMessage());
                markDamaged(target.key(), what);
                throw new DamagedObjectException(target.key(), what, "object " + target.key() + " is damaged: " + what
                        + " — download refused", readFailure);
            }
            if (readFailure instanceof ObjectCipher.KeyNeededException needed) {
                throw needed;
            }
            if (readFailure != null) {
                throw new IOException("object " + target.key() + " matches its checksum but cannot be "
                        + (decompress ? "decompressed" : "read") + ": " + readFailure.getMessage(), readFailure);
            }
            FileTargets.refuseSources(out, sources); // a link made meanwhile
            Path previous = FileTargets.install(temp, out, force);
            return new Downloaded(target.key(), out, hashed.count(), written, actual, previous);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Records in the catalog that a download found the object damaged (never fails the download's own error). */
    private void markDamaged(String key, String what) {
        try {
            records.damaged(key, java.time.Instant.now(clock), what);
        } catch (RuntimeException e) {
            // the refused download is what the operator must see; the catalog's problem is its own
        }
    }

    /** Reports bytes read to a listener. */
    private static final class ProgressInputStream extends java.io.FilterInputStream {
        private final LongConsumer progress;
        private long count;

        ProgressInputStream(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                progress.accept(count);
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                progress.accept(++count);
            }
            return b;
        }
    }
}
