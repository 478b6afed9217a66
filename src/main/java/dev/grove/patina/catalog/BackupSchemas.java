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

    private final CatalogConnection db;

    BackupSchemas(CatalogConnection db) {
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

    /** The newest daily of {@code database} with a recorded schema, deleted or not. */
    public Optional<Recorded> latest(String database) {
        return db.read("reading the newest recorded schema of " + database, c -> SchemaRecords.latest(c, database));
    }
}
