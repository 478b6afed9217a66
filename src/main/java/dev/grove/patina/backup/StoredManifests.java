package dev.grove.patina.backup;

import dev.grove.patina.catalog.ObjectChains;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.ManifestHeader;
import dev.grove.patina.dump.ManifestReader;
import dev.grove.patina.dump.TableDigest;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.StoreException;
import dev.grove.patina.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The row manifest of a full travels with it (ADR 0030): stored beside the full as its own object,
 * {@code daily/DATE/<db>.manifest[.gz|.zst][.age]}, compressed like the daily and encrypted when the daily is, with
 * its stored bytes' SHA-256 and the full it belongs to in its metadata; and fetched back by a node (or a machine that
 * lost its data folder) whose data folder lacks it — checked before it is used: the SHA-256, the full it names, that
 * full's dump SHA-256 as the catalog records it, and that every table's entries add up to the rows and content digest
 * the catalog recorded for that full. Anything less is no manifest, and the night is a full.
 */
final class StoredManifests {
    /** The key of the full the manifest belongs to. */
    static final String MANIFEST_OF = "patina-manifest-of";
    /** That full's dump SHA-256 (its footer's), as the manifest's header names it. */
    static final String BASE_DUMP_SHA256 = "patina-base-dump-sha256";

    /** Why a stored manifest cannot be used; the message says what was found, naming the object. */
    static final class UnusableManifestException extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableManifestException(String message) {
            super(message);
        }
    }

    private final BackupStore store;
    private final ObjectKeys keys;
    private final BackupSettings settings;

    StoredManifests(BackupStore store, ObjectKeys keys, BackupSettings settings) {
        this.store = store;
        this.keys = keys;
        this.settings = settings;
    }

    /** The key of the manifest object of the full {@code fullKey}. */
    String keyOf(String fullKey) {
        return keys.manifestOf(fullKey);
    }

    /**
     * Stores the sealed manifest {@code sealed} beside its full {@code header.baseKey()}: compressed with the
     * daily's compression, then encrypted when dailies are.
     *
     * @return the stored object as the store confirmed it
     * @throws StoreException when the store confirms other bytes than were written
     */
    ObjectInfo upload(String database, ManifestHeader header, Path sealed) throws IOException {
        String key = keyOf(header.baseKey());
        HashingCountingOutputStream[] counted = new HashingCountingOutputStream[1];
        String[] sha256 = new String[1];
        ObjectInfo stored = store.put(key, out -> {
            counted[0] = new HashingCountingOutputStream(out);
            try (OutputStream compressed = settings.compression().wrap(settings.cipher().encrypt(counted[0]))) {
                Files.copy(sealed, compressed);
            }
            sha256[0] = counted[0].sha256Hex();
            Map<String, String> m = new LinkedHashMap<>();
            m.put(ObjectMetadata.DATABASE, database);
            m.put(ObjectMetadata.SHA256, sha256[0]);
            m.put(ObjectMetadata.SIZE, Long.toString(counted[0].count()));
            m.put(MANIFEST_OF, header.baseKey());
            m.put(BASE_DUMP_SHA256, header.baseDumpSha256());
            m.put(ObjectMetadata.VERSION, settings.patinaVersion());
            return ObjectMetadata.withEncryption(m, settings.cipher());
        });
        if (stored.size() != counted[0].count()) {
            throw new StoreException(store.describe() + " confirmed " + stored.size() + " bytes for '" + key
                    + "' but Patina wrote " + counted[0].count() + ": the row manifest's upload is damaged");
        }
        String confirmed = stored.metadata().get(ObjectMetadata.SHA256);
        if (confirmed != null && !confirmed.equals(sha256[0])) {
            throw new StoreException(store.describe() + " confirmed SHA-256 " + confirmed + " for '" + key
                    + "' but Patina wrote " + sha256[0] + ": the row manifest's upload is damaged");
        }
        return stored;
    }

    /**
     * Fetches the manifest of the full {@code base} from the store, checks it, and installs it as {@code target}
     * (owner-only, replacing what was there). Nothing is installed unless every check passes.
     *
     * @param link the catalog's chain of {@code base}: its dump SHA-256 and per-table digests
     * @return the stored size of the object fetched
     * @throws UnusableManifestException saying why the manifest cannot be used (missing, damaged, another full's,
     *                                   no key to open it, unreadable)
     */
    long fetch(StoredObject base, ObjectChains.Link link, Path target) throws UnusableManifestException {
        String key = keyOf(base.key());
        String where = store.describe();
        Optional<ObjectInfo> head;
        try {
            head = store.head(key);
        } catch (IOException | RuntimeException e) {
            throw new UnusableManifestException("looking for the row manifest " + key + " in " + where + " failed: "
                    + e.getMessage());
        }
        if (head.isEmpty()) {
            throw new UnusableManifestException("the store has no row manifest " + key + " beside the full (a Patina "
                    + "before ADR 0030 wrote the full, or the manifest's upload failed)");
        }
        Map<String, String> meta = head.get().metadata();
        String recorded = meta.get(ObjectMetadata.SHA256);
        if (recorded == null) {
            throw new UnusableManifestException("the row manifest " + key + " has no SHA-256 in its metadata to check "
                    + "it against");
        }
        String of = meta.get(MANIFEST_OF);
        if (of != null && !of.equals(base.key())) {
            throw new UnusableManifestException("the row manifest " + key + " names the full " + of + ", not "
                    + base.key());
        }
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UnusableManifestException("cannot create " + target.toAbsolutePath().getParent() + ": "
                    + e.getMessage());
        }
        Path raw = AtomicFiles.tempBeside(target, "fetch");
        Path plain = AtomicFiles.tempBeside(target, "fetched");
        try {
            HashingInputStream hashed;
            try (InputStream in = store.get(key)) {
                hashed = new HashingInputStream(in);
                Files.copy(hashed, raw);
            }
            String actual = hashed.sha256Hex();
            if (!actual.equals(recorded)) {
                throw new UnusableManifestException("the row manifest " + key + " is damaged: its bytes have SHA-256 "
                        + actual + ", its metadata records " + recorded);
            }
            List<String> recipients = Optional.ofNullable(meta.get(ObjectMetadata.RECIPIENTS))
                    .map(r -> Arrays.asList(r.split(","))).orElse(List.of());
            AtomicFiles.write(plain, AtomicFiles.Access.OWNER_ONLY, out -> {
                try (InputStream in = Compression.decompressing(settings.cipher().open(key, recipients,
                        Files.newInputStream(raw)))) {
                    in.transferTo(out);
                }
            });
            check(plain, key, base, link);
            AtomicFiles.replace(plain, target);
            return head.get().size();
        } catch (ObjectCipher.KeyNeededException e) {
            throw new UnusableManifestException(e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new UnusableManifestException("the row manifest " + key + " cannot be read: " + e.getMessage());
        } finally {
            deleteQuietly(raw);
            deleteQuietly(plain);
        }
    }

    /** The manifest is the one of {@code base} as the catalog records it, and holds together. */
    private static void check(Path plain, String key, StoredObject base, ObjectChains.Link link)
            throws IOException, UnusableManifestException {
        try (InputStream in = Files.newInputStream(plain); ManifestReader reader = new ManifestReader(in)) {
            ManifestHeader h = reader.header();
            if (!base.key().equals(h.baseKey()) || !base.database().equals(h.source())) {
                throw new UnusableManifestException("the row manifest " + key + " belongs to " + h.baseKey() + " of "
                        + h.source() + ", not to " + base.key());
            }
            if (!link.dumpSha256().equals(h.baseDumpSha256())) {
                throw new UnusableManifestException("the row manifest " + key + " describes a full whose dump SHA-256 "
                        + "is " + h.baseDumpSha256() + ", but the catalog records " + link.dumpSha256() + " for "
                        + base.key());
            }
            Map<String, TableDigest> tables = reader.readToEnd();
            Map<String, TableDigest> expected = new LinkedHashMap<>();
            link.digests().forEach((t, d) -> expected.put(t, new TableDigest(d.rows(), d.digest())));
            if (!expected.isEmpty() && !expected.equals(tables)) {
                throw new UnusableManifestException("the row manifest " + key + " does not describe the tables the "
                        + "catalog recorded for " + base.key() + " (rows and content digests differ)");
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file in Patina's data folder: the next fetch names its own
        }
    }
}
