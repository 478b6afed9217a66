package dev.grove.patina.backup;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code patina rekey}: re-encrypts stored objects to the configured recipients — the way out when a key is lost or
 * leaked. The work list is every present encrypted object whose recipients (as the catalog records them) differ from
 * the configuration's. Each object is streamed (decrypted with the configured identity, encrypted to the new
 * recipients) into a staging object {@code <key>.rekey}; the staging object is read back and checked (its SHA-256,
 * and its plaintext's when this machine can open it) before it replaces the object; then the catalog records the new
 * SHA-256, size and recipients and the staging object is removed. A crash at any step leaves the old object or a
 * checked new one under the key: the next run finishes or redoes the object.
 */
public final class RekeyService {
    static final String STAGING = ".rekey";

    private final BackupStore store;
    private final Catalog catalog;
    private final ObjectCipher cipher;

    public RekeyService(BackupStore store, Catalog catalog, ObjectCipher cipher) {
        this.store = store;
        this.catalog = catalog;
        this.cipher = cipher;
    }

    /** The work: the objects to re-encrypt, and the recipients they will have. */
    public record RekeyPlan(List<StoredObject> objects, List<String> recipients) {
    }

    /** How one object fared; {@code error} null when it was re-encrypted. */
    public record Rekeyed(String key, List<String> from, List<String> to, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Plans the work; reads the catalog only.
     *
     * @throws IllegalStateException when encryption is off (there are no recipients to re-encrypt to)
     */
    public RekeyPlan plan() {
        if (!cipher.encrypting()) {
            throw new IllegalStateException("encryption is off: rekey re-encrypts to [encryption] recipients (or"
                    + " passphrase), and none is configured");
        }
        Set<String> target = Set.copyOf(cipher.recipients());
        List<StoredObject> work = new ArrayList<>();
        ObjectQuery q = ObjectQuery.firstPage(1000).withStatus(ObjectStatus.PRESENT);
        Page<StoredObject> page;
        do {
            page = catalog.findObjects(q);
            for (StoredObject o : page.items()) {
                if (o.encrypted() && !Set.copyOf(o.recipients()).equals(target)) {
                    work.add(o);
                }
            }
            q = q.next();
        } while (page.hasNext());
        return new RekeyPlan(work, cipher.recipients());
    }

    /** Re-encrypts every object of {@code plan}, one at a time; {@code listener} hears each as it ends. */
    public List<Rekeyed> apply(RekeyPlan plan, Consumer<Rekeyed> listener) {
        List<Rekeyed> done = new ArrayList<>();
        for (StoredObject o : plan.objects()) {
            Rekeyed r;
            try {
                rekey(o);
                r = new Rekeyed(o.key(), o.recipients(), cipher.recipients(), null);
            } catch (IOException | RuntimeException e) {
                r = new Rekeyed(o.key(), o.recipients(), cipher.recipients(), e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage());
            }
            done.add(r);
            listener.accept(r);
        }
        return done;
    }

    private void rekey(StoredObject o) throws IOException {
        String staging = o.key() + STAGING;
        Optional<ObjectInfo> stored = store.head(o.key());
        if (stored.isEmpty()) {
            throw new IOException("object " + o.key() + " is not in " + store.describe());
        }
        String storedSha = stored.get().metadata().get(ObjectMetadata.SHA256);
        if (storedSha != null && !storedSha.equalsIgnoreCase(o.sha256())) {
            // an earlier run replaced the object and stopped before the catalog heard of it: finish that run
            Optional<ObjectInfo> staged = store.head(staging);
            if (staged.isPresent() && storedSha.equals(staged.get().metadata().get(ObjectMetadata.SHA256))
                    && storedSha.equals(sha256Of(o.key()))) {
                record(o, stored.get().size(), storedSha);
                store.delete(staging);
                return;
            }
            throw new IOException("object " + o.key() + " holds SHA-256 " + storedSha + " but the catalog recorded "
                    + o.sha256() + ": verify it before re-encrypting it");
        }
        Map<String, String> metadata = new LinkedHashMap<>(stored.get().metadata());
        String[] plainSha = new String[1];
        ObjectInfo staged = store.put(staging, out -> {
            MessageDigest plain = digest();
            HashingCountingOutputStream counted = new HashingCountingOutputStream(out);
            try (HashingInputStream oldBytes = new HashingInputStream(store.get(o.key()))) {
                // the decrypting stream is not closed by itself: closing it would close oldBytes before the drain
                InputStream in = new DigestInputStream(cipher.open(o.key(), o.recipients(), oldBytes), plain);
                try (OutputStream encrypted = cipher.encrypt(counted)) {
                    in.transferTo(encrypted);
                }
                oldBytes.drain();
                if (!oldBytes.sha256Hex().equalsIgnoreCase(o.sha256())) {
                    throw new IOException("object " + o.key() + " is damaged: its SHA-256 is " + oldBytes.sha256Hex()
                            + ", the catalog recorded " + o.sha256() + "; not re-encrypted");
                }
            }
            plainSha[0] = HexFormat.of().formatHex(plain.digest());
            metadata.put(ObjectMetadata.SHA256, counted.sha256Hex());
            metadata.put(ObjectMetadata.SIZE, Long.toString(counted.count()));
            metadata.put(ObjectMetadata.ENCRYPTION, "age");
            metadata.put(ObjectMetadata.RECIPIENTS, String.join(",", cipher.recipients()));
            return metadata;
        });
        String newSha = metadata.get(ObjectMetadata.SHA256);
        checkStaged(o.key(), staging, newSha, plainSha[0]);
        ObjectInfo replaced = store.put(o.key(), out -> {
            try (InputStream in = store.get(staging)) {
                in.transferTo(out);
            }
            return metadata;
        });
        if (replaced.size() != staged.size()) {
            throw new IOException("object " + o.key() + ": the store confirmed " + replaced.size() + " bytes, the"
                    + " checked re-encryption has " + staged.size() + "; the staging object " + staging + " is kept");
        }
        record(o, replaced.size(), newSha);
        store.delete(staging);
    }

    /** Reads the staging object back: its stored bytes must match, and its plaintext too when this machine opens it. */
    private void checkStaged(String key, String staging, String sha, String plainSha) throws IOException {
        MessageDigest plain = digest();
        try (HashingInputStream stored = new HashingInputStream(store.get(staging))) {
            InputStream in = null;
            try {
                in = new DigestInputStream(cipher.decrypt(staging, cipher.recipients(), stored), plain);
            } catch (ObjectCipher.KeyNeededException e) {
                // this machine's identity is not among the new recipients: the stored bytes' checksum is the check
            }
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
                if (!HexFormat.of().formatHex(plain.digest()).equals(plainSha)) {
                    throw new IOException("object " + key + ": the re-encrypted copy does not decrypt to the same"
                            + " content; the object is left as it was");
                }
            }
            stored.drain();
            if (!stored.sha256Hex().equals(sha)) {
                throw new IOException("object " + key + ": the re-encrypted copy read back with SHA-256 "
                        + stored.sha256Hex() + " instead of " + sha + "; the object is left as it was");
            }
        }
    }

    private String sha256Of(String key) throws IOException {
        try (HashingInputStream in = new HashingInputStream(store.get(key))) {
            in.drain();
            return in.sha256Hex();
        }
    }

    private void record(StoredObject o, long size, String sha256) {
        catalog.recordObject(new StoredObject(o.key(), o.database(), o.kind(), o.date(), size, sha256, o.rowCounts(),
                o.createdAt(), o.verifiedAt(), o.deletedAt(), o.deleteError(), o.damagedAt(), o.damage(),
                StoredObject.AGE, cipher.recipients()));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
