package dev.grove.patina.crypt;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * age's STREAM over ChaCha20-Poly1305: 64 KiB chunks, each sealed under the payload key with the nonce
 * {@code counter (11 bytes, big endian) || last-chunk flag (1 byte)}.
 */
final class PayloadCipher {
    static final int CHUNK = 64 * 1024;
    static final int SEALED_CHUNK = CHUNK + AgePrimitives.TAG_SIZE;
    static final int NONCE_SIZE = 16;

    private final KeyParameter key;
    private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
    private final byte[] nonce = new byte[12];

    /** The STREAM cipher for {@code fileKey} and the payload's 16-byte {@code payloadNonce}. */
    PayloadCipher(byte[] fileKey, byte[] payloadNonce) {
        this.key = new KeyParameter(AgePrimitives.hkdf(fileKey, payloadNonce, "payload"));
    }

    private void init(boolean encrypt, long counter, boolean last) {
        for (int i = 0; i < 8; i++) {
            nonce[10 - i] = (byte) (counter >>> (8 * i));
        }
        nonce[11] = (byte) (last ? 1 : 0);
        aead.init(encrypt, new AEADParameters(key, AgePrimitives.TAG_SIZE * 8, nonce));
    }

    /** Seals {@code len} bytes of {@code in} as chunk {@code counter} into {@code out}; returns the sealed length. */
    int seal(long counter, boolean last, byte[] in, int len, byte[] out) {
        init(true, counter, last);
        int n = aead.processBytes(in, 0, len, out, 0);
        try {
            return n + aead.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 refused to encrypt chunk " + counter, e);
        }
    }

    /** Opens chunk {@code counter} ({@code len} sealed bytes) into {@code out}; -1 when it does not authenticate. */
    int open(long counter, boolean last, byte[] in, int len, byte[] out) {
        if (len < AgePrimitives.TAG_SIZE) {
            return -1;
        }
        init(false, counter, last);
        try {
            int n = aead.processBytes(in, 0, len, out, 0);
            return n + aead.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            return -1;
        }
    }
}
