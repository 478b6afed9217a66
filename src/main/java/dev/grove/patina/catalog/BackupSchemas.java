package dev.grove.patina.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The schema each daily backup holds, recorded in the catalog at backup time (catalog version 4): the CREATE
 * statements exactly as the dump holds them, stored once per distinct schema under their fingerprint. A schema
 * comparison of two recorded backups reads no dump.
 */
public final class BackupSchemas {
    /** A backup's recorded schema: the object, its day, the fingerprint and the statements. */
    public record Recorded(String key, LocalDate date, String fingerprint, List<String> statements) {
        public Recorded {
            statements = List.copyOf(statements);
        }
    }

    /**
     * A daily whose schema differs from the previous daily of its database, as the history table marks it.
     *
     * @param summary            what changed, as the nightly recorded it ({@code database_results.schema_change});
     *                           when no run recorded a verdict, "schema differs from the backup of DATE"
     * @param previousKey        the previous daily of the database (by day, deleted or not)
     * @param previousDate       its day
     * @param previousComparable whether it is still present and not found damaged (so the two can be compared)
     */
    public record SchemaMark(String key, String summary, String previousKey, LocalDate previousDate,
                             boolean previousComparable) {
    }

    private final CatalogLink db;

    BackupSchemas(CatalogLink db) {
        this.db = db;
    }

    /** The fingerprint of {@code statements}: the SHA-256 (hex) of the statements joined by a newline. */
    public static String fingerprint(List<String> statements) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(String.join("\n", statements)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records that the object {@code key} (already in the catalog) holds {@code statements}.
     *
     * @return the fingerprint
     * @throws IllegalArgumentException when the catalog has no object {@code key}
     */
    public String record(String key, List<String> statements) {
        Objects.requireNonNull(key, "key");
        List<String> copy = List.copyOf(statements);
        String fingerprint = fingerprint(copy);
        boolean known = db.write("recording the schema of " + key,
                c -> SchemaRecords.record(c, key, fingerprint, copy));
        if (!known) {
            throw new IllegalArgumentException("the catalog has no object " + key + " to record a schema for");
        }
        return fingerprint;
    }

    /** The recorded schema of object {@code key}, empty when it has none (stored before version 4, or a weekly). */
    public Optional<Recorded> of(String key) {
        return db.read("reading the schema of " + key, c -> SchemaRecords.ofObject(c, key));
    }

    /**
     * Of the objects {@code keys}, the dailies whose schema differs from the previous daily of their database (by
     * day): the nightly's verdict when one is recorded, else the two recorded fingerprints. One query for all keys
     * (a history page), each lookup through an index: the previous daily by {@code objects_by_database}, the run
     * that stored the key by {@code runs_by_start} (started within the day before the object) and the primary key
     * of {@code database_results}. Keys without a recorded schema, weeklies and unknown keys are left out.
     */
    public java.util.Map<String, SchemaMark> marks(java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return java.util.Map.of();
        }
        List<String> list = List.copyOf(keys);
        return db.read("reading the schema changes of " + list.size() + " backups", c -> SchemaRecords.marks(c, list));
    }

    /** The newest daily of {@code database} with a recorded schema, deleted or not. */
    public Optional<Recorded> latest(String database) {
        return db.read("reading the newest recorded schema of " + database, c -> SchemaRecords.latest(c, database));
    }
}
