package dev.grove.patina.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class AgeKeysTest {
    /** The example identity of the age spec (c2sp.org/age); its recipient as {@code age-keygen -y} prints it. */
    private static final String SPEC_SECRET = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";
    private static final String SPEC_RECIPIENT = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";

    private final SecureRandom random = new SecureRandom();

    @Test
    void specIdentityGivesItsRecipientAndEncodesBack() throws Exception {
        X25519Identity id = X25519Identity.parse(SPEC_SECRET);
        assertEquals(SPEC_RECIPIENT, id.recipient().encoded());
        assertEquals(SPEC_SECRET, id.encodedSecret());
        assertEquals(id.recipient(), X25519Recipient.parse(SPEC_RECIPIENT));
        assertEquals(id.recipient(), X25519Recipient.parse(SPEC_RECIPIENT.toUpperCase()), "Bech32 all uppercase");
        assertEquals(id.recipient(), X25519Identity.parse(SPEC_SECRET.toLowerCase()).recipient());
    }

    @Test
    void fingerprintIsTheFirstEightBytesOfSha256OfTheRecipientString() throws Exception {
        X25519Recipient r = X25519Recipient.parse(SPEC_RECIPIENT);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(SPEC_RECIPIENT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.util.HexFormat.of().formatHex(digest).substring(0, 16), r.fingerprint());
        assertEquals(r.fingerprint(), X25519Identity.parse(SPEC_SECRET).fingerprint());
        assertEquals("passphrase", new ScryptRecipient(AgePassphrase.of("x")).fingerprint());
    }

    @Test
    void malformedKeysAreRefusedWithoutEchoingSecrets() {
        String flipped = SPEC_SECRET.substring(0, 20) + (SPEC_SECRET.charAt(20) == 'Q' ? 'P' : 'Q')
                + SPEC_SECRET.substring(21);
        AgeFormatException e = assertThrows(AgeFormatException.class, () -> X25519Identity.parse(flipped));
        assertEquals(AgeFailure.KEY, e.failure());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertFalse(e.getMessage().contains(flipped.substring(16, 40)), e.getMessage());
        String mixed = "Age" + SPEC_SECRET.substring(3);
        assertTrue(assertThrows(AgeFormatException.class, () -> X25519Identity.parse(mixed)).getMessage()
                .contains("mixed"));
        assertThrows(AgeFormatException.class, () -> X25519Identity.parse(SPEC_RECIPIENT), "a recipient is no key");
        assertThrows(AgeFormatException.class, () -> X25519Recipient.parse(SPEC_SECRET), "a key is no recipient");
        AgeFormatException pq = assertThrows(AgeFormatException.class, () -> X25519Identity.parse(
                "AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR"));
        assertTrue(pq.getMessage().contains("post-quantum"), pq.getMessage());
    }

    @Test
    void secretsNeverShowInToString() throws Exception {
        X25519Identity id = X25519Identity.generate(random);
        String secret = id.encodedSecret();
        for (Object o : List.of(id, new ScryptIdentity(AgePassphrase.of("hunter2-pass")),
                new ScryptRecipient(AgePassphrase.of("hunter2-pass")), AgePassphrase.of("hunter2-pass"),
                new AgeDecryptor(List.of(id)), new AgeEncryptor(List.of(id.recipient())))) {
            String s = o.toString();
            assertFalse(s.contains("AGE-SECRET-KEY") || s.contains(secret.substring(15, 40))
                    || s.contains("hunter2"), s);
        }
        assertTrue(id.toString().contains(id.recipient().encoded()) && id.toString().contains(id.fingerprint()));
    }

    @Test
    void generatedIdentityFileIsInAgeKeygensFormatAndReadsBack() throws Exception {
        X25519Identity id = X25519Identity.generate(random);
        OffsetDateTime at = OffsetDateTime.of(2026, 12, 4, 18, 30, 15, 123, ZoneOffset.UTC);
        String text = AgeIdentityFile.format(id, at);
        assertEquals("# created: 2026-12-04T18:30:15Z\n# public key: " + id.recipient().encoded() + "\n"
                + id.encodedSecret() + "\n", text);
        List<X25519Identity> back = AgeIdentityFile.parse(text, "key.txt");
        assertEquals(1, back.size());
        assertEquals(id.recipient(), back.get(0).recipient());
    }

    @Test
    void identityFileWithCommentsBlankLinesCrlfAndSeveralKeys() throws Exception {
        X25519Identity a = X25519Identity.generate(random);
        X25519Identity b = X25519Identity.generate(random);
        String text = "# operator key\r\n" + a.encodedSecret() + "\r\n\r\n   \n# offline recovery key\n"
                + b.encodedSecret();
        List<X25519Identity> ids = AgeIdentityFile.parse(text, "keys.txt");
        assertEquals(List.of(a.recipient(), b.recipient()), ids.stream().map(X25519Identity::recipient).toList());
    }

    @Test
    void identityFileErrorsNameTheLineNotItsContent() {
        X25519Identity a = X25519Identity.generate(random);
        String secret = a.encodedSecret();
        // substitute a different bech32 letter at one place: one changed character is always caught by the checksum
        char swapped = secret.charAt(50) == 'Q' ? 'P' : 'Q';
        String broken = secret.substring(0, 50) + swapped + secret.substring(51);
        assertNotEquals(secret, broken);
        AgeFormatException e = assertThrows(AgeFormatException.class,
                () -> AgeIdentityFile.parse("# c\n" + broken + "\n", "backup.key"));
        assertTrue(e.getMessage().startsWith("identity file backup.key, line 2: "), e.getMessage());
        assertFalse(e.getMessage().contains(broken.substring(15, 45)), e.getMessage());
        AgeFormatException none = assertThrows(AgeFormatException.class,
                () -> AgeIdentityFile.parse("# only a comment\n", "empty.key"));
        assertTrue(none.getMessage().contains("no AGE-SECRET-KEY-1"), none.getMessage());
    }
}
