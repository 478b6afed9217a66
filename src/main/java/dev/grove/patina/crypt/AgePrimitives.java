package dev.grove.patina.crypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** The primitives age is built from, all from BouncyCastle: this class only adapts their calls. */
final class AgePrimitives {
    static final int FILE_KEY_SIZE = 16;
    static final int KEY_SIZE = 32;
    static final int TAG_SIZE = 16;
    private static final byte[] ZERO_NONCE = new byte[12];

    private AgePrimitives() {
    }

    /** HKDF-SHA-256 (extract with {@code salt}, expand with {@code info}) to 32 bytes. */
    static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
        HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
        gen.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[KEY_SIZE];
        gen.generateBytes(out, 0, out.length);
        return out;
    }

    static byte[] hmacSha256(byte[] key, byte[] message) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(message, 0, message.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    static byte[] sha256(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** ChaCha20-Poly1305 with the all-zero nonce, as stanza bodies use it (each key is used once). */
    static byte[] sealOnce(byte[] key, byte[] plaintext) {
        ChaCha20Poly1305 aead = new ChaCha20Poly1305();
        aead.init(true, new AEADParameters(new KeyParameter(key), TAG_SIZE * 8, ZERO_NONCE));
        byte[] out = new byte[plaintext.length + TAG_SIZE];
        int n = aead.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            aead.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 refused to encrypt", e);
        }
        return out;
    }

    /** Opens a stanza body sealed with {@link #sealOnce}; null when it does not authenticate. */
    static byte[] openOnce(byte[] key, byte[] ciphertext) {
        ChaCha20Poly1305 aead = new ChaCha20Poly1305();
        aead.init(false, new AEADParameters(new KeyParameter(key), TAG_SIZE * 8, ZERO_NONCE));
        byte[] out = new byte[Math.max(0, ciphertext.length - TAG_SIZE)];
        try {
            int n = aead.processBytes(ciphertext, 0, ciphertext.length, out, 0);
            aead.doFinal(out, n);
            return out;
        } catch (InvalidCipherTextException e) {
            Arrays.fill(out, (byte) 0);
            return null;
        }
    }

    /** X25519(scalar, basepoint). */
    static byte[] x25519Base(byte[] scalar) {
        byte[] out = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(scalar, 0, out, 0);
        return out;
    }

    /** X25519(scalar, point); null when the shared secret is all zeros (a low-order point). */
    static byte[] x25519(byte[] scalar, byte[] point) {
        byte[] out = new byte[X25519.POINT_SIZE];
        return X25519.calculateAgreement(scalar, 0, point, 0, out, 0) ? out : null;
    }

    /** scrypt with r = 8, p = 1 and a 32-byte output, as age's scrypt stanza uses it. */
    static byte[] scrypt(byte[] passphrase, byte[] salt, int logN) {
        return SCrypt.generate(passphrase, salt, 1 << logN, 8, 1, KEY_SIZE);
    }
}
