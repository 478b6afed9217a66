package dev.grove.patina.config;

import static dev.grove.patina.config.ConfigKey.ENCRYPTION_IDENTITY;
import static dev.grove.patina.config.ConfigKey.ENCRYPTION_PASSPHRASE;
import static dev.grove.patina.config.ConfigKey.ENCRYPTION_RECIPIENTS;

import dev.grove.patina.crypt.AgeFormatException;
import dev.grove.patina.crypt.X25519Recipient;
import dev.grove.patina.util.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tomlj.TomlArray;

/**
 * Reads and checks {@code [encryption]}: {@code recipients} (age1… public keys), {@code passphrase} (a reference
 * only: env:, file: or keyring:), {@code identity} (a path, or env:/keyring:). Errors name the key and, for a bad
 * recipient, its index; a passphrase or identity never appears in a message.
 */
final class EncryptionTableReader {
    private EncryptionTableReader() {
    }

    static EncryptionConfig read(TableView t, PathResolver paths, SecretResolver secrets) {
        t.rejectUnknownKeys(ConfigKey.idsOf(ConfigTable.ENCRYPTION), "[encryption]");
        List<X25519Recipient> recipients = recipients(t);
        Optional<Secret> passphrase = Optional.empty();
        String passKey = ENCRYPTION_PASSPHRASE.id();
        if (t.has(passKey)) {
            if (!(t.raw(passKey) instanceof String text) || !SecretReferences.isReference(text)) {
                throw t.error(passKey, t.key(passKey) + " must be a reference: env:NAME, file:/path or keyring:NAME"
                        + " (a passphrase is never written in the file itself)");
            }
            passphrase = secrets.optional(t, passKey);
            if (!recipients.isEmpty()) {
                throw t.error(passKey, t.key(passKey) + " stands beside " + recipients.size() + " recipient(s) in "
                        + t.key(ENCRYPTION_RECIPIENTS.id()) + ", which age forbids: a passphrase (scrypt) must be "
                        + "the only recipient of a file; use either X25519 recipients or one passphrase");
            }
        }
        Optional<Path> identityFile = Optional.empty();
        Optional<Secret> identityKey = Optional.empty();
        String idKey = ENCRYPTION_IDENTITY.id();
        Optional<String> identity = t.string(idKey);
        if (identity.isPresent()) {
            String text = identity.get();
            if (text.isBlank()) {
                throw t.error(idKey, t.key(idKey) + " must not be empty: the path of an age identity file, or"
                        + " env:NAME or keyring:NAME");
            }
            if (text.startsWith(SecretReferences.ENV) || text.startsWith(SecretReferences.KEYRING)) {
                identityKey = secrets.optional(t, idKey);
            } else if (text.startsWith("AGE-SECRET-KEY-")) {
                throw t.error(idKey, t.key(idKey) + " holds a secret key itself: write the path of the identity"
                        + " file (age-keygen -o FILE), or env:NAME or keyring:NAME");
            } else {
                String path = text.startsWith(SecretReferences.FILE) ? text.substring(SecretReferences.FILE.length())
                        : text;
                identityFile = Optional.of(paths.resolve(t, idKey, path));
            }
        }
        return new EncryptionConfig(recipients, passphrase, identityFile, identityKey);
    }

    private static List<X25519Recipient> recipients(TableView t) {
        String key = ENCRYPTION_RECIPIENTS.id();
        Object raw = t.raw(key);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof TomlArray array)) {
            throw t.error(key, t.key(key) + " must be an array of age public keys, [\"age1…\", …] (found "
                    + TableView.typeName(raw) + ")");
        }
        if (array.isEmpty()) {
            throw t.error(key, t.key(key) + " is empty: give at least one age1… public key, or leave it out");
        }
        List<X25519Recipient> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object v = array.get(i);
            if (!(v instanceof String text)) {
                throw t.error(key, t.key(key) + "[" + i + "] must be a string \"age1…\" (found "
                        + TableView.typeName(v) + ")");
            }
            if (text.startsWith("AGE-SECRET-KEY-")) {
                throw t.error(key, t.key(key) + "[" + i + "] is a secret key, not a public key: recipients take the"
                        + " age1… public key (age-keygen -y FILE prints it); remove the secret key from the file");
            }
            X25519Recipient r;
            try {
                r = X25519Recipient.parse(text.strip());
            } catch (AgeFormatException e) {
                throw t.error(key, t.key(key) + "[" + i + "] is not an age X25519 public key: " + e.getMessage());
            }
            if (seen.contains(r.encoded())) {
                throw t.error(key, t.key(key) + "[" + i + "] repeats " + r.encoded());
            }
            seen.add(r.encoded());
            out.add(r);
        }
        return out;
    }
}
