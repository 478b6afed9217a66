package dev.grove.patina.backup;

import dev.grove.patina.crypt.AgeDecryptor;
import dev.grove.patina.crypt.AgeEncryptor;
import dev.grove.patina.crypt.AgeFailure;
import dev.grove.patina.crypt.AgeFormatException;
import dev.grove.patina.crypt.AgeIdentity;
import dev.grove.patina.store.ObjectKeys;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Client-side encryption of stored objects in the age format: what new objects are encrypted to (after
 * compression), and what opens the stored ones. An object is encrypted when its key ends in {@code .age}; the
 * others pass through untouched, so a store holding both kinds works. Every failure names the object and, when a key
 * is missing or wrong, the fingerprints of the recipients that open it — never a key or a passphrase.
 */
public final class ObjectCipher {
    /** The identities that open objects, read when first needed (an identity file is read at that moment). */
    @FunctionalInterface
    public interface IdentitySupply {
        /** The identities; empty when none is configured. */
        List<AgeIdentity> identities() throws IOException;
    }

    private final AgeEncryptor encryptor;
    private final IdentitySupply identities;

    /**
     * @param encryptor  encrypts new objects, or null to store them as written
     * @param identities open encrypted objects
     */
    public ObjectCipher(AgeEncryptor encryptor, IdentitySupply identities) {
        this.encryptor = encryptor;
        this.identities = identities;
    }

    /** Nothing is encrypted and nothing configured opens an encrypted object. */
    public static ObjectCipher none() {
        return new ObjectCipher(null, List::of);
    }

    /** Tells whether new objects are encrypted. */
    public boolean encrypting() {
        return encryptor != null;
    }

    /** The key suffix of a new object: {@code .age} when encrypting, else empty. */
    public String suffix() {
        return encrypting() ? ObjectKeys.AGE : "";
    }

    /** The fingerprints new objects are encrypted to (empty when not encrypting). */
    public List<String> recipients() {
        return encrypting() ? encryptor.fingerprints() : List.of();
    }

    /**
     * Encrypts what is written to the result into {@code sink} when encrypting (closing it writes the last chunk and
     * closes {@code sink}); else returns {@code sink}.
     */
    public OutputStream encrypt(OutputStream sink) throws IOException {
        return encrypting() ? encryptor.encrypt(sink) : sink;
    }

    /** Tells whether an identity or passphrase is configured to open encrypted objects. */
    public boolean canDecrypt() throws IOException {
        return !identities.identities().isEmpty();
    }

    /**
     * The content of the object {@code key} whose stored bytes {@code stored} gives: decrypted as it is read when
     * the key names an encrypted object, else {@code stored} itself.
     *
     * @param recipients the fingerprints the catalog recorded for it (for the messages), empty when unknown
     * @throws KeyNeededException when no identity is configured, or none of them opens the object
     * @throws IOException        naming the object when its header is damaged; reading the result fails with an
     *                            {@code IOException} naming the object when the payload is truncated or altered
     */
    public InputStream open(String key, List<String> recipients, InputStream stored) throws IOException {
        if (!ObjectKeys.isEncrypted(key)) {
            return stored;
        }
        return decrypt(key, recipients, stored);
    }

    /**
     * Decrypts {@code stored}, an age file (a file {@code age -e} wrote, say), named {@code name} in messages.
     *
     * @throws KeyNeededException when no configured key opens it
     */
    public InputStream decrypt(String name, List<String> recipients, InputStream stored) throws IOException {
        String key = name;
        List<AgeIdentity> ids = identities.identities();
        if (ids.isEmpty()) {
            throw new KeyNeededException(key, recipients, "object " + key + " is encrypted (age) to "
                    + describe(recipients) + ", and no key to open it is configured on this machine: "
                    + (recipients.contains("passphrase")
                    ? "set [encryption] passphrase = \"env:NAME\" (or keyring:NAME) to the passphrase it was"
                    + " encrypted with"
                    : "set [encryption] identity to the age identity file that holds one of these keys"));
        }
        try {
            return new NamedFailures(key, new AgeDecryptor(ids).decrypt(stored));
        } catch (AgeFormatException e) {
            if (e.failure() == AgeFailure.NO_MATCH) {
                throw new KeyNeededException(key, recipients, "cannot open object " + key + ": it is encrypted to "
                        + describe(recipients) + ", which the configured identity does not open (" + e.getMessage()
                        + ")");
            }
            throw new IOException("cannot decrypt object " + key + ": " + e.getMessage(), e);
        }
    }

    private static String describe(List<String> recipients) {
        if (recipients.isEmpty()) {
            return "recipients the catalog does not record";
        }
        if (recipients.equals(List.of("passphrase"))) {
            return "a passphrase";
        }
        return "the recipient(s) with fingerprint " + String.join(", ", recipients);
    }

    /** Tells whether {@code head}, the first bytes of a file, start an age file (binary or ASCII-armored). */
    public static boolean looksEncrypted(byte[] head) {
        String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.startsWith("age-encryption.org/") || text.startsWith("-----BEGIN AGE ENCRYPTED FILE-----");
    }

    @Override
    public String toString() {
        return "ObjectCipher[" + (encrypting() ? "encrypting to " + recipients() : "not encrypting") + "]";
    }

    /** An encrypted object this machine has no key for: names the object and the fingerprints that open it. */
    public static final class KeyNeededException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final List<String> recipients;

        KeyNeededException(String key, List<String> recipients, String message) {
            super(message);
            this.key = key;
            this.recipients = List.copyOf(recipients);
        }

        public String key() {
            return key;
        }

        /** The fingerprints of the recipients that open the object ({@code passphrase} for a passphrase). */
        public List<String> recipients() {
            return recipients;
        }
    }

    /** Names the object in a failure of the payload (truncated, altered). */
    private static final class NamedFailures extends FilterInputStream {
        private final String key;

        NamedFailures(String key, InputStream in) {
            super(in);
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (AgeFormatException e) {
                throw named(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (AgeFormatException e) {
                throw named(e);
            }
        }

        private IOException named(AgeFormatException e) {
            return new IOException("cannot decrypt object " + key + " (truncated or altered): " + e.getMessage(), e);
        }
    }
}
