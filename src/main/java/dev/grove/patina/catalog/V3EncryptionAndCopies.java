package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Version 3: what opens an encrypted object, and where its copies are (issue 14).
 *
 * <ul>
 *   <li>{@code objects.encryption}: null for an object stored as written; {@code age} for an object encrypted in
 *       the age format (age-encryption.org/v1) before upload. Its {@code sha256} stays the SHA-256 of the stored
 *       (encrypted) bytes, so an integrity check needs no key.</li>
 *   <li>{@code objects.recipients}: for an encrypted object, a JSON array of what opens it — the fingerprint of
 *       each X25519 recipient, or {@code "passphrase"} for an scrypt stanza. Never a key, never a passphrase.</li>
 *   <li>{@code object_copies}: one row per object and replica store ({@code [[replicas]]} by name; the primary is
 *       the {@code objects} row itself). {@code pending} until the copy was read back with a matching SHA-256,
 *       then {@code present}; {@code deleted} once retention removed it from that store. A pending copy is retried
 *       by the next run; nothing is deleted from a replica that the primary still lacks.</li>
 * </ul>
 */
final class V3EncryptionAndCopies implements Migration {
    static final String DDL = """
            ALTER TABLE objects ADD COLUMN encryption TEXT;   -- null: as written; 'age': encrypted in the age format
            ALTER TABLE objects ADD COLUMN recipients TEXT;   -- JSON array of recipient fingerprints / "passphrase"

            CREATE TABLE object_copies (
                "key"      TEXT NOT NULL REFERENCES objects ("key") ON DELETE CASCADE,
                store      TEXT NOT NULL,          -- the replica's name
                state      TEXT NOT NULL,          -- pending | present | deleted
                size       INTEGER,                -- as the replica confirmed it
                sha256     TEXT,                   -- of the bytes read back from the replica
                copied_at  INTEGER,                -- epoch ms UTC the read-back matched
                attempts   INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,                   -- why the last attempt failed (secrets scrubbed)
                deleted_at INTEGER,                -- epoch ms UTC retention removed it from this store
                PRIMARY KEY ("key", store)
            );
            CREATE INDEX object_copies_pending ON object_copies (store, "key") WHERE state = 'pending';
            """;

    @Override
    public int target() {
        return 3;
    }

    @Override
    public String description() {
        return "add objects.encryption and objects.recipients, create object_copies";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Migration.runDdl(connection, DDL);
    }
}
