package dev.grove.patina.crypt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** An X25519 public key, {@code age1…}: the recipient a file is encrypted to. Public; safe to show and store. */
public final class X25519Recipient implements AgeRecipient {
    static final String HRP = "age";
    static final String STANZA_TYPE = "X25519";
    static final String LABEL = "age-encryption.org/v1/X25519";

    private final byte[] publicKey;
    private final String encoded;

    X25519Recipient(byte[] publicKey) {
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an X25519 public key has 32 bytes, not " + publicKey.length);
        }
        this.publicKey = publicKey.clone();
        this.encoded = Bech32.encode(HRP, publicKey);
    }

    /** Parses an {@code age1…} recipient string. */
    public static X25519Recipient parse(String text) throws AgeFormatException {
        String s = text.strip();
        Bech32.Decoded d;
        try {
            d = Bech32.decode(s, "recipient");
        } catch (AgeFormatException e) {
            throw new AgeFormatException(AgeFailure.KEY, e.getMessage() + " (" + s + ")");
        }
        if (!d.hrp().equals(HRP) || d.data().length != 32) {
            throw new AgeFormatException(AgeFailure.KEY, "not an X25519 age recipient (age1…): " + s);
        }
        return new X25519Recipient(d.data());
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    /** The {@code age1…} string. */
    public String encoded() {
        return encoded;
    }

    /** The first 8 bytes of SHA-256 over the {@code age1…} string (UTF-8), as 16 lowercase hex characters. */
    @Override
    public String fingerprint() {
        byte[] digest = AgePrimitives.sha256(encoded.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    /** Wraps {@code fileKey} for this recipient under a fresh ephemeral key. */
    AgeStanza wrap(byte[] fileKey, SecureRandom random) {
        byte[] ephemeral = new byte[32];
        random.nextBytes(ephemeral);
        byte[] share = AgePrimitives.x25519Base(ephemeral);
        byte[] shared = AgePrimitives.x25519(ephemeral, publicKey);
        Arrays.fill(ephemeral, (byte) 0);
        if (shared == null) {
            throw new IllegalStateException("recipient " + encoded + " is a low-order point");
        }
        byte[] wrapKey = AgePrimitives.hkdf(shared, concat(share, publicKey), LABEL);
        byte[] body = AgePrimitives.sealOnce(wrapKey, fileKey);
        Arrays.fill(shared, (byte) 0);
        Arrays.fill(wrapKey, (byte) 0);
        return new AgeStanza(STANZA_TYPE, List.of(AgeBase64.encode(share)), body);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof X25519Recipient r && Arrays.equals(publicKey, r.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return encoded;
    }
}
