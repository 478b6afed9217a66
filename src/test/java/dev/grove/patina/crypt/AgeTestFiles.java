package dev.grove.patina.crypt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;

/** Helpers for the crypt tests: encrypt and decrypt byte arrays, and make reproducible plaintext. */
final class AgeTestFiles {
    private AgeTestFiles() {
    }

    static byte[] encrypt(byte[] plain, List<? extends AgeRecipient> recipients) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new AgeEncryptor(recipients).encrypt(sink)) {
            out.write(plain);
        }
        return sink.toByteArray();
    }

    static byte[] decrypt(byte[] file, List<? extends AgeIdentity> identities) throws IOException {
        try (InputStream in = new AgeDecryptor(identities).decrypt(new ByteArrayInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static byte[] plaintext(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
