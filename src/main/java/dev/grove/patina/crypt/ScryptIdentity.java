package dev.grove.patina.crypt;

import java.util.Arrays;
import java.util.Optional;

/**
 * A passphrase that opens scrypt-encrypted files. Like age it refuses work factors above a maximum (default
 * log2 N = 22), and also any this JVM's heap could not hold (scrypt needs 1 KiB × N).
 */
public final class ScryptIdentity implements AgeIdentity {
    /** age's own limit on decrypt: log2 N = 22. */
    public static final int DEFAULT_MAX_WORK_FACTOR = 22;

    private final AgePassphrase passphrase;
    private final int maxWorkFactor;

    public ScryptIdentity(AgePassphrase passphrase) {
        this(passphrase, DEFAULT_MAX_WORK_FACTOR);
    }

    public ScryptIdentity(AgePassphrase passphrase, int maxWorkFactor) {
        if (maxWorkFactor < 1 || maxWorkFactor > 30) {
            throw new IllegalArgumentException("maximum scrypt work factor must be 1..30, not " + maxWorkFactor);
        }
        this.passphrase = passphrase;
        this.maxWorkFactor = maxWorkFactor;
    }

    @Override
    public String fingerprint() {
        return "passphrase";
    }

    /** The file key from an scrypt stanza; empty for other stanzas or a wrong passphrase. */
    Optional<byte[]> unwrap(AgeStanza stanza) throws AgeFormatException {
        if (!stanza.type().equals(ScryptRecipient.STANZA_TYPE)) {
            return Optional.empty();
        }
        if (stanza.args().size() != 2) {
            throw invalid("an scrypt stanza has 2 arguments, this one " + stanza.args().size());
        }
        byte[] salt = AgeBase64.decode(stanza.args().get(0)).orElse(null);
        if (salt == null || salt.length != 16) {
            throw invalid("the scrypt stanza's salt is not canonical base64 of 16 bytes");
        }
        String factor = stanza.args().get(1);
        if (!factor.matches("[1-9][0-9]*")) {
            throw invalid("the scrypt work factor is not a decimal number without leading zeros");
        }
        int logN = factor.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(factor);
        if (logN > maxWorkFactor) {
            throw invalid("the scrypt work factor 2^" + factor + " is above the maximum 2^" + maxWorkFactor);
        }
        // scrypt needs 1 KiB × N in one piece. Refuse before working when the heap can never hold it; otherwise try:
        // "free" memory before a collection says little (garbage counts as used), and the JVM collects before it
        // gives up on an allocation, so an OutOfMemoryError below means the memory truly is not there.
        long needed = 1024L << logN;
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap) {
            throw invalid("the scrypt work factor 2^" + logN + " needs " + (needed >> 20)
                    + " MiB of memory, more than this JVM's whole heap (" + (heap >> 20) + " MiB)");
        }
        if (stanza.bodyLength() != AgePrimitives.FILE_KEY_SIZE + AgePrimitives.TAG_SIZE) {
            throw invalid("the scrypt stanza's body has " + stanza.bodyLength() + " bytes instead of 32");
        }
        byte[] secret = passphrase.utf8();
        byte[] wrapKey;
        try {
            wrapKey = AgePrimitives.scrypt(secret, X25519Recipient.concat(ScryptRecipient.LABEL, salt), logN);
        } catch (OutOfMemoryError e) {
            throw invalid("the scrypt work factor 2^" + logN + " needs " + (needed >> 20)
                    + " MiB of memory, which this JVM could not find (heap " + (heap >> 20) + " MiB)");
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        byte[] fileKey = AgePrimitives.openOnce(wrapKey, stanza.body());
        Arrays.fill(wrapKey, (byte) 0);
        return Optional.ofNullable(fileKey);
    }

    private static AgeFormatException invalid(String message) {
        return new AgeFormatException(AgeFailure.HEADER, "invalid age header: " + message);
    }

    @Override
    public String toString() {
        return "ScryptIdentity[passphrase hidden, max work factor 2^" + maxWorkFactor + "]";
    }
}
