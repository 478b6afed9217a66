package dev.grove.patina.crypt;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An X25519 secret key, {@code AGE-SECRET-KEY-1…}. The secret stays inside: {@code toString} shows the recipient
 * and fingerprint; only {@link #encodedSecret()} gives it out, for writing an identity file.
 */
public final class X25519Identity implements AgeIdentity {
    static final String HRP = "AGE-SECRET-KEY-";

    private final byte[] secret;
    private final X25519Recipient recipient;

    private X25519Identity(byte[] secret) {
        this.secret = secret.clone();
        this.recipient = new X25519Recipient(AgePrimitives.x25519Base(secret));
    }

    /** A new key pair from {@code random}. */
    public static X25519Identity generate(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        X25519Identity id = new X25519Identity(secret);
        Arrays.fill(secret, (byte) 0);
        return id;
    }

    /** Parses an {@code AGE-SECRET-KEY-1…} string; errors never include it. */
    public static X25519Identity parse(String text) throws AgeFormatException {
        Bech32.Decoded d = Bech32.decode(text.strip(), "secret key");
        if (!d.hrp().equals(HRP.toLowerCase(Locale.ROOT))) {
            String kind = d.hrp().startsWith("age-secret-key-pq") ? " (a post-quantum key, not supported)"
                    : d.hrp().startsWith("age-plugin-") ? " (a plugin identity, not supported)" : "";
            throw new AgeFormatException(AgeFailure.KEY, "not an X25519 age secret key (AGE-SECRET-KEY-1…)" + kind);
        }
        if (d.data().length != 32) {
            throw new AgeFormatException(AgeFailure.KEY, "malformed secret key: " + d.data().length
                    + " bytes instead of 32");
        }
        return new X25519Identity(d.data());
    }

    /** The recipient ({@code age1…}) files for this identity are encrypted to. */
    public X25519Recipient recipient() {
        return recipient;
    }

    @Override
    public String fingerprint() {
        return recipient.fingerprint();
    }

    /** The secret key as {@code AGE-SECRET-KEY-1…}: a secret, for an identity file only. */
    public String encodedSecret() {
        return Bech32.encode(HRP, secret).toUpperCase(Locale.ROOT);
    }

    /**
     * The file key from {@code stanza} if it is an X25519 stanza for this identity; empty for a stanza of another
     * type or for another recipient; a header failure for a malformed X25519 stanza.
     */
    Optional<byte[]> unwrap(AgeStanza stanza) throws AgeFormatException {
        if (!stanza.type().equals(X25519Recipient.STANZA_TYPE)) {
            return Optional.empty();
        }
        if (stanza.args().size() != 1) {
            throw invalid("an X25519 stanza has 1 argument, this one " + stanza.args().size());
        }
        byte[] share = AgeBase64.decode(stanza.args().get(0)).orElse(null);
        if (share == null || share.length != 32) {
            throw invalid("the X25519 stanza's share is not canonical base64 of 32 bytes");
        }
        if (stanza.bodyLength() != AgePrimitives.FILE_KEY_SIZE + AgePrimitives.TAG_SIZE) {
            throw invalid("the X25519 stanza's body has " + stanza.bodyLength() + " bytes instead of 32");
        }
        byte[] shared = AgePrimitives.x25519(secret, share);
        if (shared == null) {
            throw invalid("the X25519 stanza's share is a low-order point (all-zero shared secret)");
        }
        byte[] wrapKey = AgePrimitives.hkdf(shared, X25519Recipient.concat(share, recipient.publicKey()),
                X25519Recipient.LABEL);
        byte[] fileKey = AgePrimitives.openOnce(wrapKey, stanza.body());
        Arrays.fill(shared, (byte) 0);
        Arrays.fill(wrapKey, (byte) 0);
        return Optional.ofNullable(fileKey);
    }

    private static AgeFormatException invalid(String message) {
        return new AgeFormatException(AgeFailure.HEADER, "invalid age header: " + message);
    }

    @Override
    public String toString() {
        return "X25519Identity[recipient " + recipient + ", fingerprint " + fingerprint() + "]";
    }
}
