package dev.grove.patina.config;

import dev.grove.patina.crypt.X25519Recipient;
import dev.grove.patina.util.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Client-side encryption in the age format: the {@code [encryption]} table. New objects are encrypted to the
 * X25519 {@code recipients} (public keys, safe in the file) or to one {@code passphrase} (never both: age forbids a
 * passphrase beside another recipient). Objects are opened with the identity — an {@code age-keygen} identity file,
 * or its text from the environment or the keyring — or with the passphrase. Without the table nothing is encrypted.
 *
 * @param recipients   X25519 public keys new objects are encrypted to, in file order; empty with a passphrase
 * @param passphrase   the passphrase (scrypt) new objects are encrypted to and opened with, from a reference
 * @param identityFile the path of an age identity file (read when an object is opened, never copied)
 * @param identityKey  the identity's text from {@code env:} or {@code keyring:} (never written back: its source is)
 */
public record EncryptionConfig(List<X25519Recipient> recipients, Optional<Secret> passphrase,
                               Optional<Path> identityFile, Optional<Secret> identityKey) {
    public EncryptionConfig {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(identityFile, "identityFile");
        Objects.requireNonNull(identityKey, "identityKey");
        if (!recipients.isEmpty() && passphrase.isPresent()) {
            throw new IllegalArgumentException("age forbids a passphrase beside X25519 recipients");
        }
        if (identityFile.isPresent() && identityKey.isPresent()) {
            throw new IllegalArgumentException("one identity: a file or a reference, not both");
        }
    }

    /** No {@code [encryption]} table: objects are stored as written. */
    public static EncryptionConfig none() {
        return new EncryptionConfig(List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Tells whether new objects are encrypted. */
    public boolean encrypts() {
        return !recipients.isEmpty() || passphrase.isPresent();
    }

    /** Tells whether anything is configured to open encrypted objects (an identity or the passphrase). */
    public boolean canDecrypt() {
        return identityFile.isPresent() || identityKey.isPresent() || passphrase.isPresent();
    }

    /** Tells whether the table says anything at all. */
    public boolean configured() {
        return encrypts() || canDecrypt();
    }
}
