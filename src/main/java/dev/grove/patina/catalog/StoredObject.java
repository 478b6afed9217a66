package dev.grove.patina.catalog;

import dev.grove.patina.model.ObjectKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One object in the backup store, as the catalog knows it. Instants are kept to the millisecond.
 *
 * @param key         the full object key ({@code [prefix]daily/2026-11-28/app.sql.zst}); unique in the catalog
 * @param database    the database a daily belongs to; null for a weekly archive, which holds every database
 * @param kind        daily dump or weekly archive
 * @param date        the day a daily backs up; for a weekly, the Monday of its ISO week
 * @param size        bytes stored
 * @param sha256      hex SHA-256 of the stored bytes, null when unknown
 * @param rowCounts   rows per table in the dump (empty for weeklies or when unknown)
 * @param createdAt   when it was stored
 * @param verifiedAt  when it was last verified, null when never
 * @param deletedAt   when it was deleted from the store (the row stays, as history), null while present
 * @param deleteError why the last attempt to delete it failed, null when none did; the object is still present
 * @param damagedAt   when a check (verify, a download) found it damaged or missing, null when none did
 * @param damage      what that check found (checksum mismatch, missing, restore failed …), null when not damaged
 * @param encryption  null for an object stored as written; {@link #AGE} for one encrypted in the age format
 * @param recipients  for an encrypted object, the fingerprints of what opens it (16 hex characters per X25519 key,
 *                    or {@code passphrase}); empty otherwise. Never a key or a passphrase.
 */
public record StoredObject(String key, String database, ObjectKind kind, LocalDate date, long size, String sha256,
                           Map<String, Long> rowCounts, Instant createdAt, Instant verifiedAt, Instant deletedAt,
                           String deleteError, Instant damagedAt, String damage, String encryption,
                           java.util.List<String> recipients) {
    /** The {@code encryption} of an object encrypted in the age format (age-encryption.org/v1). */
    public static final String AGE = "age";

    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(createdAt, "createdAt");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        if (kind == ObjectKind.DAILY && database == null) {
            throw new IllegalArgumentException("daily object " + key + " names no database");
        }
        if (size < 0) {
            throw new IllegalArgumentException("object " + key + ": negative size " + size);
        }
        rowCounts = rowCounts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
        if (encryption != null && !encryption.equals(AGE)) {
            throw new IllegalArgumentException("object " + key + ": unknown encryption '" + encryption + "'");
        }
        recipients = encryption == null || recipients == null ? java.util.List.of() : java.util.List.copyOf(recipients);
    }

    /** An object stored as written (not encrypted). */
    public StoredObject(String key, String database, ObjectKind kind, LocalDate date, long size, String sha256,
                        Map<String, Long> rowCounts, Instant createdAt, Instant verifiedAt, Instant deletedAt,
                        String deleteError, Instant damagedAt, String damage) {
        this(key, database, kind, date, size, sha256, rowCounts, createdAt, verifiedAt, deletedAt, deleteError,
                damagedAt, damage, null, null);
    }

    /** Tells whether the object was encrypted before upload. */
    public boolean encrypted() {
        return encryption != null;
    }

    /** The same object, encrypted in the age format to {@code fingerprints} (as the catalog records it). */
    public StoredObject encryptedTo(java.util.List<String> fingerprints) {
        return new StoredObject(key, database, kind, date, size, sha256, rowCounts, createdAt, verifiedAt, deletedAt,
                deleteError, damagedAt, damage, AGE, fingerprints);
    }

    /** An object not known to be damaged. */
    public StoredObject(String key, String database, ObjectKind kind, LocalDate date, long size, String sha256,
                        Map<String, Long> rowCounts, Instant createdAt, Instant verifiedAt, Instant deletedAt,
                        String deleteError) {
        this(key, database, kind, date, size, sha256, rowCounts, createdAt, verifiedAt, deletedAt, deleteError, null,
                null);
    }

    /** A freshly stored object: not verified, not deleted, no delete error. */
    public StoredObject(String key, String database, ObjectKind kind, LocalDate date, long size, String sha256,
                        Map<String, Long> rowCounts, Instant createdAt, Instant verifiedAt, Instant deletedAt) {
        this(key, database, kind, date, size, sha256, rowCounts, createdAt, verifiedAt, deletedAt, null);
    }

    /** Tells whether a check found the object damaged or missing: then it is never counted as a good copy. */
    public boolean damaged() {
        return damagedAt != null;
    }

    /** The same object, as a check found it damaged at {@code at}: {@code what} failed. */
    public StoredObject asDamaged(Instant at, String what) {
        return new StoredObject(key, database, kind, date, size, sha256, rowCounts, createdAt, verifiedAt, deletedAt,
                deleteError, at, what, encryption, recipients);
    }

    /** Tells whether the object is still in the store. */
    public boolean present() {
        return deletedAt == null;
    }

    /** The object as the CLI's {@code list --json} and the API's {@code /list} print it (insertion-ordered). */
    public java.util.Map<String, Object> toJsonMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("key", key);
        m.put("database", database);
        m.put("kind", kind.id());
        m.put("date", date.toString());
        m.put("size", size);
        m.put("sha256", sha256);
        m.put("rowCounts", rowCounts);
        m.put("createdAt", String.valueOf(createdAt));
        m.put("verifiedAt", verifiedAt == null ? null : verifiedAt.toString());
        m.put("deletedAt", deletedAt == null ? null : deletedAt.toString());
        if (damagedAt != null) {
            m.put("damagedAt", damagedAt.toString());
            m.put("damage", damage);
        }
        if (encryption != null) {
            m.put("encryption", encryption);
            m.put("recipients", recipients);
        }
        return m;
    }
}
