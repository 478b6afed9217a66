package dev.grove.patina.crypt;

import static dev.grove.patina.crypt.AgeTestFiles.decrypt;
import static dev.grove.patina.crypt.AgeTestFiles.encrypt;
import static dev.grove.patina.crypt.AgeTestFiles.plaintext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgeRoundTripTest {
    private static final int CHUNK = 64 * 1024;
    private final SecureRandom random = new SecureRandom();

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 100, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 7, 5 * 1024 * 1024 + 3})
    void x25519RoundTripsAtEverySizeAroundChunkBoundaries(int size) throws Exception {
        X25519Identity id = X25519Identity.generate(random);
        byte[] plain = plaintext(size, size);
        byte[] file = encrypt(plain, List.of(id.recipient()));
        int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        String header = new String(file, 0, Math.min(file.length, 300), StandardCharsets.ISO_8859_1);
        int headerLen = header.indexOf("\n", header.indexOf("--- ")) + 1;
        assertEquals(headerLen + 16 + size + 16L * chunks, file.length, "header, nonce, chunks and their tags");
        assertArrayEquals(plain, decrypt(file, List.of(id)));
    }

    @Test
    void headerIsCanonicalAge() throws Exception {
        X25519Identity id = X25519Identity.generate(random);
        byte[] file = encrypt(new byte[10], List.of(id.recipient()));
        String[] lines = new String(file, StandardCharsets.ISO_8859_1).split("\n");
        assertEquals("age-encryption.org/v1", lines[0]);
        assertTrue(lines[1].matches("-> X25519 [A-Za-z0-9+/]{43}"), lines[1]);
        assertTrue(lines[2].matches("[A-Za-z0-9+/]{43}"), "a 32-byte body on one short line: " + lines[2]);
        assertTrue(lines[3].matches("--- [A-Za-z0-9+/]{43}"), lines[3]);
    }

    @Test
    void severalRecipientsEachDecryptAlone() throws Exception {
        List<X25519Identity> ids = List.of(X25519Identity.generate(random), X25519Identity.generate(random),
                X25519Identity.generate(random));
        byte[] plain = plaintext(3 * CHUNK + 5, 7);
        byte[] file = encrypt(plain, ids.stream().map(X25519Identity::recipient).toList());
        for (X25519Identity id : ids) {
            assertArrayEquals(plain, decrypt(file, List.of(id)), id.toString());
        }
        X25519Identity stranger = X25519Identity.generate(random);
        assertArrayEquals(plain, decrypt(file, List.of(stranger, ids.get(2))), "a non-matching key first");
    }

    @Test
    void passphraseRoundTripsAtAgesDefaultWorkFactor() throws Exception {
        byte[] plain = plaintext(CHUNK + 1, 3);
        AgePassphrase pass = AgePassphrase.of("correct horse battery staple ✓");
        byte[] file = encrypt(plain, List.of(new ScryptRecipient(pass)));
        String header = new String(file, 0, 120, StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("\n-> scrypt ") && header.contains(" 18\n"), header);
        assertArrayEquals(plain, decrypt(file, List.of(new ScryptIdentity(pass))));
        assertArrayEquals(plain, decrypt(file, List.of(X25519Identity.generate(random), new ScryptIdentity(pass))));
    }

    @Test
    void aWorkFactorTheHeapCanNeverHoldIsRefusedBeforeWorking() throws Exception {
        AgePassphrase pass = AgePassphrase.of("correct horse battery staple");
        byte[] file = encrypt(plaintext(100, 5), List.of(new ScryptRecipient(pass, 10)));
        // the smallest factor whose 1 KiB × N is more than this JVM's whole heap (21 under surefire's -Xmx1g)
        long heapKib = Runtime.getRuntime().maxMemory() / 1024;
        int tooBig = 64 - Long.numberOfLeadingZeros(heapKib);
        String header = new String(file, StandardCharsets.ISO_8859_1);
        int at = header.indexOf(" 10\n");
        assertTrue(at > 0 && tooBig >= 10 && tooBig <= 30, header.substring(0, 100) + " / " + tooBig);
        byte[] claimed = (header.substring(0, at) + " " + tooBig + "\n" + header.substring(at + 4))
                .getBytes(StandardCharsets.ISO_8859_1);
        AgeFormatException e = org.junit.jupiter.api.Assertions.assertThrows(AgeFormatException.class,
                () -> decrypt(claimed, List.of(new ScryptIdentity(pass, Math.max(tooBig, 22)))));
        assertTrue(e.getMessage().contains("2^" + tooBig) && e.getMessage().contains("whole heap"), e.getMessage());
    }

    @Test
    void manySmallWritesAndSingleByteReadsGiveTheSameBytes() throws Exception {
        X25519Identity id = X25519Identity.generate(random);
        byte[] plain = plaintext(2 * CHUNK + 100, 11);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Random sizes = new Random(5);
        try (OutputStream out = new AgeEncryptor(List.of(id.recipient())).encrypt(sink)) {
            for (int at = 0; at < plain.length; ) {
                int n = Math.min(plain.length - at, sizes.nextInt(3000));
                if (n == 1) {
                    out.write(plain[at]);
                } else {
                    out.write(plain, at, n);
                }
                at += n;
            }
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = new AgeDecryptor(List.of(id)).decrypt(new ByteArrayInputStream(sink.toByteArray()))) {
            for (int b; (b = in.read()) >= 0; ) {
                got.write(b);
            }
        }
        assertArrayEquals(plain, got.toByteArray());
    }

    @Test
    void streamsInBoundedMemory() throws Exception {
        X25519Identity id = X25519Identity.generate(random);
        long size = 64L * 1024 * 1024;
        java.io.PipedOutputStream pipeOut = new java.io.PipedOutputStream();
        java.io.PipedInputStream pipeIn = new java.io.PipedInputStream(pipeOut, 256 * 1024);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        Thread writer = new Thread(() -> {
            try (OutputStream out = new AgeEncryptor(List.of(id.recipient())).encrypt(pipeOut)) {
                byte[] buf = new byte[100_000];
                Random r = new Random(1);
                for (long left = size; left > 0; left -= buf.length) {
                    r.nextBytes(buf);
                    int n = (int) Math.min(left, buf.length);
                    sent.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "age-writer");
        writer.start();
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = new AgeDecryptor(List.of(id)).decrypt(pipeIn)) {
            byte[] buf = new byte[50_000];
            for (int n; (n = in.read(buf)) > 0; ) {
                got.update(buf, 0, n);
                total += n;
            }
        }
        writer.join();
        assertEquals(size, total);
        assertArrayEquals(sent.digest(), got.digest(), "64 MiB through a 256 KiB pipe, never held whole");
    }
}
