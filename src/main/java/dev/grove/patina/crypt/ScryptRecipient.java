package dev.grove.patina.crypt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * A passphrase recipient: the file key wrapped under scrypt(passphrase). age allows it only as the file's single
 * recipient.
 */
public final class ScryptRecipient implements AgeRecipient {
    /** age's default work factor: log2 N = 18 (256 MiB of memory, about a second). */
    public static final int DEFAULT_WORK_FACTOR = 18;
    static final String STANZA_TYPE = "scrypt";
    static final byte[] LABEL = "age-encryption.org/v1/scrypt".getBytes(StandardCharsets.US_ASCII);

    private final AgePassphrase passphrase;
    private final int workFactor;

    /** {@code passphrase} at age's default work factor. */
    public ScryptRecipient(AgePassphrase passphrase) {
        this(passphrase, DEFAULT_WORK_FACTOR);
    }

    /** {@code passphrase} at log2 N = {@code workFactor} (1..22: what age and Patina agree to decrypt). */
    public ScryptRecipient(AgePassphrase passphrase, int workFactor) {
        if (workFactor < 1 || workFactor > ScryptIdentity.DEFAULT_MAX_WORK_FACTOR) {
            throw new IllegalArgumentException("scrypt work factor must be 1.."
                    + ScryptIdentity.DEFAULT_MAX_WORK_FACTOR + ", not " + workFactor);
        }
        this.passphrase = passphrase;
        this.workFactor = workFactor;
    }

    @Override
    public String fingerprint() {
        return "passphrase";
    }

    AgeStanza wrap(byte[] fileKey, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] secret = passphrase.utf8();
        byte[] wrapKey = AgePrimitives.scrypt(secret, X25519Recipient.concat(LABEL, salt), workFactor);
        Arrays.fill(secret, (byte) 0);
        byte[] body = AgePrimitives.sealOnce(wrapKey, fileKey);
        Arrays.fill(wrapKey, (byte) 0);
        return new AgeStanza(STANZA_TYPE, List.of(AgeBase64.encode(salt), Integer.toString(workFactor)), body);
    }

    @Override
    public String toString() {
        return "ScryptRecipient[passphrase hidden, work factor 2^" + workFactor + "]";
    }
}
