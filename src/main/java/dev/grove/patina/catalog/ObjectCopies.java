package dev.grove.patina.catalog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The catalog's record of each object's copies on the replica stores ({@code [[replicas]]}, by name; the primary is
 * the {@code objects} row itself). Reached through {@link Catalog#copies()}. Texts are stored as given: callers
 * scrub secrets first.
 */
public final class ObjectCopies {
    private final CatalogLink db;

    ObjectCopies(CatalogLink db) {
        this.db = db;
    }

    /**
     * The primary's present, intact objects the store has no matching copy of, oldest first: what a run copies
     * (new objects and the catch-up of earlier pending ones alike).
     *
     * @param limit at most this many
     */
    public List<StoredObject> missing(String store, int limit) {
        Objects.requireNonNull(store, "store");
        return db.read("reading the objects " + store + " lacks", c -> CopyRecords.missing(c, store, limit));
    }

    /** How many objects the store lacks: the "N behind" of {@code status} and the dashboard. */
    public long behind(String store) {
        Objects.requireNonNull(store, "store");
        return db.read("counting the objects " + store + " lacks", c -> CopyRecords.behind(c, store));
    }

    /** Why the store's latest pending copy failed, or empty when none is pending with a reason. */
    public Optional<String> lastError(String store) {
        return Optional.ofNullable(db.read("reading the last copy error of " + store,
                c -> CopyRecords.lastError(c, db.dialect(), store)));
    }

    /** When the oldest object the store lacks was stored on the primary; empty when it lacks none. */
    public Optional<Instant> oldestMissing(String store) {
        Objects.requireNonNull(store, "store");
        Long ms = db.read("reading the oldest object " + store + " lacks", c -> CopyRecords.oldestMissing(c, store));
        return Optional.ofNullable(ms).map(Instant::ofEpochMilli);
    }

    /**
     * Why the latest failed copy of an object the store still lacks failed: the last sync to it failed, and what it
     * failed to copy is still missing. Empty when no missing object has a failed copy.
     */
    public Optional<String> missingError(String store) {
        Objects.requireNonNull(store, "store");
        return Optional.ofNullable(db.read("reading the last failed copy to " + store,
                c -> CopyRecords.missingError(c, db.dialect(), store)));
    }

    /** Copies still on the store of objects the primary deleted while intact: deletes the replica still owes. */
    public List<ObjectCopy> leftBehind(String store) {
        Objects.requireNonNull(store, "store");
        return db.read("reading the copies " + store + " still holds", c -> CopyRecords.leftBehind(c, store));
    }

    /** Records a copy read back from the store with this SHA-256 and size at {@code at}: present. */
    public void recordPresent(String key, String store, long size, String sha256, Instant at) {
        Objects.requireNonNull(sha256, "sha256");
        db.update("recording the copy of " + key + " on " + store,
                c -> CopyRecords.present(c, key, store, size, sha256, millis(at)));
    }

    /** Records a failed copy attempt: the copy is pending, one more attempt, {@code error} why. */
    public void recordFailure(String key, String store, String error) {
        Objects.requireNonNull(error, "error");
        db.update("recording a failed copy of " + key + " to " + store,
                c -> CopyRecords.failed(c, key, store, error));
    }

    /**
     * Records that a check (verify, a download) read the copy back whole with the object's SHA-256 at {@code at}:
     * present. False when there is no copy row (a copy Patina never made is not recorded by a check).
     */
    public boolean recordVerified(String key, String store, Instant at) {
        return db.write("recording the verified copy of " + key + " on " + store,
                c -> CopyRecords.verified(c, key, store, millis(at)));
    }

    /** Records that retention removed the copy from the store; false when there is no copy row. */
    public boolean markDeleted(String key, String store, Instant at) {
        return db.write("marking the copy of " + key + " on " + store + " deleted",
                c -> CopyRecords.deleted(c, key, store, millis(at)));
    }

    /** Records that deleting the copy failed; it stays as it was. False when there is no copy row. */
    public boolean recordDeleteFailure(String key, String store, String error) {
        Objects.requireNonNull(error, "error");
        return db.write("recording a failed delete of " + key + " from " + store,
                c -> CopyRecords.deleteFailed(c, key, store, error));
    }

    /** Every replica copy of the object, by store name. */
    public List<ObjectCopy> of(String key) {
        return db.read("reading the copies of " + key, c -> CopyRecords.of(c, key));
    }

    /** The copies of each of {@code keys} (one query: for a page of the console's table), by key. */
    public java.util.Map<String, List<ObjectCopy>> of(java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return java.util.Map.of();
        }
        String json = keys.stream().map(k -> "\"" + k.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        List<ObjectCopy> all = db.read("reading the copies of " + keys.size() + " objects",
                c -> CopyRecords.ofKeys(c, db.dialect(), json));
        java.util.Map<String, List<ObjectCopy>> byKey = new java.util.LinkedHashMap<>();
        for (ObjectCopy copy : all) {
            byKey.computeIfAbsent(copy.key(), k -> new java.util.ArrayList<>()).add(copy);
        }
        return byKey;
    }

    /** The object's copy on the store, if the catalog has a row for it. */
    public Optional<ObjectCopy> get(String key, String store) {
        return db.read("reading the copy of " + key + " on " + store, c -> CopyRecords.get(c, key, store));
    }

    private static long millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    }
}
