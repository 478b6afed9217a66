package dev.grove.patina.backup.weekly;

import dev.grove.patina.backup.ObjectCipher;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectKeys;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What encryption means for the weekly archive: the archive is encrypted as a whole ({@code .tar.gz.age}) when
 * encryption is on, and holds the dailies decrypted, so it opens with one key and stays self-contained. To read an
 * encrypted daily the weekly needs an identity on this machine: without one it does not archive at all, and says
 * which keys would open the week's dailies (see ADR 0012).
 */
final class WeeklyEncryption {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WeeklyEncryption.class);
    private final ObjectCipher cipher;
    private final Catalog catalog;

    WeeklyEncryption(ObjectCipher cipher, Catalog catalog) {
        this.cipher = cipher;
        this.catalog = catalog;
    }

    ObjectCipher cipher() {
        return cipher;
    }

    /** The key of a new archive of the week that starts on {@code monday}. */
    String newArchiveKey(ObjectKeys keys, LocalDate monday) {
        return keys.weekly(monday, cipher.encrypting());
    }

    /**
     * The key of the stored archive of the week that starts on {@code monday}: the one the catalog records as present
     * (the newer when both an encrypted and a plain one are), else the key a new archive would have.
     */
    String storedArchiveKey(ObjectKeys keys, LocalDate monday) {
        Optional<StoredObject> encrypted = present(keys.weekly(monday, true));
        Optional<StoredObject> plain = present(keys.weekly(monday, false));
        if (encrypted.isPresent() && plain.isPresent()) {
            return encrypted.get().createdAt().isAfter(plain.get().createdAt()) ? encrypted.get().key()
                    : plain.get().key();
        }
        return encrypted.or(() -> plain).map(StoredObject::key).orElse(newArchiveKey(keys, monday));
    }

    private Optional<StoredObject> present(String key) {
        return catalog.object(key).filter(StoredObject::present);
    }

    /**
     * Why the plan cannot be archived on this machine: some of its dailies are encrypted and no identity or
     * passphrase is configured. Names the fingerprints that open them; empty when the weekly can go ahead.
     */
    Optional<String> missingKey(WeeklyPlan plan) throws IOException {
        List<PlannedMember> encrypted = plan.members().stream()
                .filter(m -> ObjectKeys.isEncrypted(m.sourceKey())).toList();
        if (encrypted.isEmpty() || cipher.canDecrypt()) {
            return Optional.empty();
        }
        Set<String> fingerprints = new LinkedHashSet<>();
        for (PlannedMember m : encrypted) {
            fingerprints.addAll(recipientsOf(m.sourceKey()));
        }
        return Optional.of(encrypted.size() + " of the " + plan.members().size() + " dailies of " + plan.week()
                + " are encrypted (age) and no key to open them is configured on this machine, so no weekly archive"
                + " was made: the weekly needs [encryption] identity (an age identity file holding the key with "
                + "fingerprint " + (fingerprints.isEmpty() ? "recorded in the catalog" : String.join(" or ",
                fingerprints)) + ")" + (fingerprints.contains("passphrase") ? " or [encryption] passphrase" : "")
                + "; the dailies are kept as they are");
    }

    /** {@link #missingKey} as the weekly's error, or null when it can go ahead (an unreadable identity is one). */
    String keyNeeded(WeeklyPlan plan) {
        try {
            return missingKey(plan).orElse(null);
        } catch (IOException e) {
            return "the weekly archive of " + plan.week() + " was not made: the configured identity cannot be read: "
                    + e.getMessage();
        }
    }

    /** Refuses a local archive file that is age-encrypted: the static extraction has no key to open it. */
    static void refuseEncryptedFile(java.nio.file.Path archive) throws IOException {
        byte[] head;
        try (InputStream in = java.nio.file.Files.newInputStream(archive)) {
            head = in.readNBytes(64);
        }
        if (ObjectCipher.looksEncrypted(head)) {
            throw new IOException(archive + " is an age-encrypted archive: extract it from the store (patina extract "
                    + "YYYY-Www …), which decrypts with [encryption] identity, or decrypt it first: age -d -i "
                    + "identity.txt -o archive.tar.gz " + archive.getFileName());
        }
    }

    /** The fingerprints the catalog records for {@code key}. */
    List<String> recipientsOf(String key) {
        try {
            return catalog.object(key).map(StoredObject::recipients).orElse(List.of());
        } catch (RuntimeException e) {
            return List.of(); // only for messages
        }
    }

    /** The content of the stored object {@code key}, decrypted when it is encrypted. */
    InputStream open(String key, InputStream stored) throws IOException {
        return cipher.open(key, recipientsOf(key), stored);
    }

    /**
     * After the archive {@code plan.key()} is stored and recorded: removes the archive of the same week in the other
     * form ({@code .tar.gz} beside a new {@code .tar.gz.age}, or the reverse — encryption was turned on or off since),
     * from the store and the catalog, so that a week has one archive. Only an archive the catalog records as present
     * is removed; a failure is logged on the run and recorded on the object, and the cleanup removes it later.
     */
    void retireOtherForm(BackupStore store, ObjectKeys keys, WeeklyPlan plan, String runId, Instant at) {
        String other = keys.weekly(plan.week().monday(), !ObjectKeys.isEncrypted(plan.key()));
        if (catalog.object(other).filter(StoredObject::present).isEmpty()) {
            return;
        }
        try {
            store.delete(other);
            catalog.markDeleted(other, at);
            catalog.log(runId, "INFO", "removed " + other + ": " + plan.key() + " replaces it (one archive per week;"
                    + " encryption was turned " + (ObjectKeys.isEncrypted(plan.key()) ? "on" : "off") + ")");
        } catch (IOException | RuntimeException e) {
            String why = "the archive " + other + " of the same week could not be removed (" + e.getMessage()
                    + "); the next cleanup removes it";
            LOG.warn("{}", why);
            try {
                catalog.log(runId, "WARN", why);
                catalog.recordDeleteFailure(other, why);
            } catch (RuntimeException notRecorded) {
                LOG.warn("cannot record that {} was not removed: {}", other, notRecorded.getMessage());
            }
        }
    }

    /** {@code o} as the catalog records a new archive: encrypted to the cipher's recipients when encrypting. */
    StoredObject recorded(StoredObject o) {
        return ObjectKeys.isEncrypted(o.key()) ? o.encryptedTo(cipher.recipients()) : o;
    }
}
