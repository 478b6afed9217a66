package dev.grove.patina.crypt;

import static dev.grove.patina.crypt.AgeTestFiles.decrypt;
import static dev.grove.patina.crypt.AgeTestFiles.encrypt;
import static dev.grove.patina.crypt.AgeTestFiles.plaintext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Truncated, altered and wrongly keyed files fail with the failure kind that names what broke. */
class AgeTamperTest {
    private static final int CHUNK = 64 * 1024;
    private static final int SEALED = CHUNK + 16;
    private final SecureRandom random = new SecureRandom();
    private final X25519Identity id = X25519Identity.generate(random);

    private static int headerLength(byte[] file) {
        String s = new String(file, 0, Math.min(file.length, 2000), StandardCharsets.ISO_8859_1);
        return s.indexOf('\n', s.indexOf("\n--- ") + 1) + 1;
    }

    private AgeFormatException failure(byte[] file, List<? extends AgeIdentity> ids) {
        return assertThrows(AgeFormatException.class, () -> decrypt(file, ids));
    }

    @Test
    void truncationAtEveryChunkBoundaryAndInsideChunksFails() throws Exception {
        byte[] plain = plaintext(3 * CHUNK + 10, 1);
        byte[] file = encrypt(plain, List.of(id.recipient()));
        int payload = headerLength(file) + 16;
        int[] cuts = {payload, payload + 1, payload + SEALED - 1, payload + SEALED, payload + SEALED + 1,
            payload + 2 * SEALED, payload + 3 * SEALED, payload + 3 * SEALED + 5, file.length - 1};
        for (int cut : cuts) {
            AgeFormatException e = failure(Arrays.copyOf(file, cut), List.of(id));
            assertEquals(AgeFailure.PAYLOAD, e.failure(), "cut at " + cut + ": " + e.getMessage());
        }
        for (int cut : new int[] {0, 10, payload - 17, payload - 1}) {
            AgeFormatException e = failure(Arrays.copyOf(file, cut), List.of(id));
            assertEquals(AgeFailure.HEADER, e.failure(), "cut at " + cut + " (in the header or nonce)");
        }
    }

    @Test
    void truncatingAnEmptyOrExactChunkFileFails() throws Exception {
        for (int size : new int[] {0, CHUNK, 2 * CHUNK}) {
            byte[] file = encrypt(plaintext(size, size), List.of(id.recipient()));
            int payload = headerLength(file) + 16;
            for (int cut = payload; cut < file.length; cut += Math.max(1, (file.length - payload) / 3)) {
                assertEquals(AgeFailure.PAYLOAD, failure(Arrays.copyOf(file, cut), List.of(id)).failure(),
                        size + " bytes cut at " + cut);
            }
        }
    }

    @Test
    void dataAfterTheFinalChunkFails() throws Exception {
        for (int size : new int[] {5, CHUNK}) {
            byte[] file = encrypt(plaintext(size, 2), List.of(id.recipient()));
            byte[] longer = Arrays.copyOf(file, file.length + 1);
            assertEquals(AgeFailure.PAYLOAD, failure(longer, List.of(id)).failure(), size + " bytes + 1");
        }
    }

    @Test
    void aFlippedByteAnywhereFails() throws Exception {
        byte[] file = encrypt(plaintext(2 * CHUNK + 3, 4), List.of(id.recipient()));
        int header = headerLength(file);
        for (int at = 0; at < file.length; at += (at < header + 40 ? 1 : 997)) {
            byte[] bad = file.clone();
            bad[at] ^= 0x01;
            AgeFormatException e = failure(bad, List.of(id));
            if (at < header) {
                assertFalse(e.failure() == AgeFailure.PAYLOAD, "flip at " + at + " is in the header: " + e);
            } else {
                assertEquals(AgeFailure.PAYLOAD, e.failure(), "flip at " + at + " (nonce or payload)");
            }
        }
    }

    @Test
    void aFlippedMacOrNonceByteNamesIt() throws Exception {
        byte[] file = encrypt(plaintext(100, 4), List.of(id.recipient()));
        int header = headerLength(file);
        byte[] mac = file.clone();
        mac[header - 3] = (byte) (mac[header - 3] == 'A' ? 'B' : 'A');
        AgeFormatException e = failure(mac, List.of(id));
        assertEquals(AgeFailure.HMAC, e.failure(), e.getMessage());
        assertTrue(e.getMessage().contains("MAC"), e.getMessage());
        byte[] nonce = file.clone();
        nonce[header + 3] ^= 0x40;
        assertEquals(AgeFailure.PAYLOAD, failure(nonce, List.of(id)).failure());
    }

    @Test
    void wrongKeyNamesTheRecipientsAndTheKeysTriedWithoutSecrets() throws Exception {
        X25519Identity other = X25519Identity.generate(random);
        byte[] file = encrypt(plaintext(10, 5), List.of(id.recipient(), X25519Identity.generate(random).recipient()));
        AgeFormatException e = failure(file, List.of(other));
        assertEquals(AgeFailure.NO_MATCH, e.failure());
        assertTrue(e.getMessage().startsWith("no identity matches: the file is encrypted to 2 X25519 recipient(s)"),
                e.getMessage());
        assertTrue(e.getMessage().contains(other.fingerprint()), e.getMessage());
        assertFalse(e.getMessage().contains("AGE-SECRET-KEY"), e.getMessage());
    }

    @Test
    void wrongPassphraseAndPassphraseForKeyFileAreNoMatch() throws Exception {
        byte[] file = encrypt(plaintext(10, 6), List.of(new ScryptRecipient(AgePassphrase.of("right"), 10)));
        AgeFormatException e = failure(file, List.of(new ScryptIdentity(AgePassphrase.of("wrong pass"))));
        assertEquals(AgeFailure.NO_MATCH, e.failure());
        assertTrue(e.getMessage().contains("with a passphrase"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong pass"), e.getMessage());
        assertEquals(AgeFailure.NO_MATCH, failure(file, List.of(id)).failure());
        byte[] keyFile = encrypt(plaintext(10, 6), List.of(id.recipient()));
        assertEquals(AgeFailure.NO_MATCH,
                failure(keyFile, List.of(new ScryptIdentity(AgePassphrase.of("right")))).failure());
    }

    @Test
    void encryptorRefusesAPassphraseBesideOtherRecipients() {
        ScryptRecipient pass = new ScryptRecipient(AgePassphrase.of("secret-pass"), 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AgeEncryptor(List.of(id.recipient(), pass)));
        assertTrue(e.getMessage().contains("age forbids a passphrase beside any other recipient"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-pass"));
        assertThrows(IllegalArgumentException.class, () -> new AgeEncryptor(List.of(pass, pass)));
        assertThrows(IllegalArgumentException.class, () -> new AgeEncryptor(List.of()));
    }

    @Test
    void decryptorRefusesScryptBesideAnotherStanza() throws Exception {
        byte[] fileKey = new byte[16];
        random.nextBytes(fileKey);
        AgePassphrase pass = AgePassphrase.of("pw");
        List<AgeStanza> stanzas = List.of(new ScryptRecipient(pass, 10).wrap(fileKey, random),
                id.recipient().wrap(fileKey, random));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        AgeHeader.sealed(stanzas, fileKey).writeTo(out);
        out.write(new byte[16]);
        AgeFormatException e = failure(out.toByteArray(), List.of(new ScryptIdentity(pass), id));
        assertEquals(AgeFailure.HEADER, e.failure());
        assertTrue(e.getMessage().contains("scrypt"), e.getMessage());
    }

    @Test
    void absurdScryptWorkFactorIsRefusedBeforeWorking() throws Exception {
        byte[] file = encrypt(new byte[1], List.of(new ScryptRecipient(AgePassphrase.of("pw"), 10)));
        String text = new String(file, StandardCharsets.ISO_8859_1).replaceFirst(" 10\n", " 40\n");
        AgeFormatException e = failure(text.getBytes(StandardCharsets.ISO_8859_1),
                List.of(new ScryptIdentity(AgePassphrase.of("pw"))));
        assertEquals(AgeFailure.HEADER, e.failure());
        assertTrue(e.getMessage().contains("above the maximum 2^22"), e.getMessage());
        AgeFormatException limited = failure(file, List.of(new ScryptIdentity(AgePassphrase.of("pw"), 9)));
        assertTrue(limited.getMessage().contains("2^10 is above the maximum 2^9"), limited.getMessage());
    }

    @Test
    void armoredFilesDecryptAndMalformedArmorOrForeignInputsAreNamed() throws Exception {
        byte[] plain = plaintext(CHUNK + 5, 8);
        byte[] file = encrypt(plain, List.of(id.recipient()));
        String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(file);
        String pem = "\n  " + "\n-----BEGIN AGE ENCRYPTED FILE-----\n" + body + "\n-----END AGE ENCRYPTED FILE-----\n";
        assertArrayEquals(plain, decrypt(pem.getBytes(StandardCharsets.US_ASCII), List.of(id)));
        String crlf = pem.replace("\n", "\r\n");
        assertArrayEquals(plain, decrypt(crlf.getBytes(StandardCharsets.US_ASCII), List.of(id)));
        String garbage = pem + "garbage\n";
        assertEquals(AgeFailure.ARMOR, failure(garbage.getBytes(StandardCharsets.US_ASCII), List.of(id)).failure());
        String shortLine = pem.replaceFirst("\n([A-Za-z0-9+/]{64})\n", "\n$1\n\n");
        AgeFormatException e = failure(shortLine.getBytes(StandardCharsets.US_ASCII), List.of(id));
        assertEquals(AgeFailure.ARMOR, e.failure());
        assertTrue(e.getMessage().startsWith("invalid ASCII armor: "), e.getMessage());
        AgeFormatException notAge = failure("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), List.of(id));
        assertEquals(AgeFailure.HEADER, notAge.failure());
        assertTrue(notAge.getMessage().contains("not an age file"), notAge.getMessage());
    }
}
