package dev.grove.patina.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every age test vector of C2SP CCTV (src/test/resources/age-vectors, with its licence): each is decrypted and its
 * outcome compared with the vector's {@code expect}, and the plaintext released (all of it on success, what came
 * before the error on a payload failure) with its {@code payload} hash. Armored vectors go through the armor reader.
 * Post-quantum identities (AGE-SECRET-KEY-PQ-…) are not implemented: their vectors are expected, explicitly, to fail
 * as "post-quantum not supported".
 */
class AgeVectorsTest {
    static final String PQ_UNSUPPORTED = "post-quantum not supported";

    record Vector(String name, String expect, String payloadHash, List<String> identities, List<String> passphrases,
            boolean armored, byte[] file) {
        String expectedOutcome() {
            if (identities.stream().anyMatch(i -> i.startsWith("AGE-SECRET-KEY-PQ-"))) {
                return PQ_UNSUPPORTED;
            }
            return expect;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Path folder() throws URISyntaxException {
        return Path.of(AgeVectorsTest.class.getResource("/age-vectors/testdata").toURI());
    }

    static Stream<Vector> vectors() throws IOException, URISyntaxException {
        List<Vector> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder())) {
            for (Path p : files.sorted().toList()) {
                out.add(load(p));
            }
        }
        return out.stream();
    }

    static Vector load(Path p) throws IOException {
        byte[] all = Files.readAllBytes(p);
        int split = indexOf(all, "\n\n".getBytes(StandardCharsets.US_ASCII));
        String head = new String(all, 0, split, StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOfRange(all, split + 2, all.length);
        String expect = null;
        String payload = null;
        boolean armored = false;
        boolean zlib = false;
        List<String> ids = new ArrayList<>();
        List<String> pass = new ArrayList<>();
        for (String line : head.split("\n")) {
            int c = line.indexOf(": ");
            String k = line.substring(0, c);
            String v = line.substring(c + 2);
            switch (k) {
                case "expect" -> expect = v;
                case "payload" -> payload = v;
                case "identity" -> ids.add(v);
                case "passphrase" -> pass.add(v);
                case "armored" -> armored = v.equals("yes");
                case "compressed" -> zlib = v.equals("zlib");
                default -> { }
            }
        }
        if (zlib) {
            try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        return new Vector(p.getFileName().toString(), expect, payload, ids, pass, armored, body);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no blank line after the vector's header");
    }

    /** Runs {@code v}: its outcome label, and the SHA-256 of the plaintext released before it ended. */
    static String[] run(Vector v) throws Exception {
        List<AgeIdentity> ids = new ArrayList<>();
        for (String s : v.identities()) {
            if (s.startsWith("AGE-SECRET-KEY-PQ-")) {
                try {
                    X25519Identity.parse(s);
                    return new String[] {"a post-quantum key parsed as X25519", null};
                } catch (AgeFormatException e) {
                    assertEquals(AgeFailure.KEY, e.failure());
                    assertTrue(e.getMessage().contains("post-quantum"), e.getMessage());
                    return new String[] {PQ_UNSUPPORTED, null};
                }
            }
            ids.add(X25519Identity.parse(s));
        }
        for (String s : v.passphrases()) {
            ids.add(new ScryptIdentity(AgePassphrase.of(s)));
        }
        if (ids.isEmpty()) {
            ids.add(X25519Identity.generate(new SecureRandom())); // a key that matches nothing
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        String outcome;
        try (InputStream in = new AgeDecryptor(ids).decrypt(new ByteArrayInputStream(v.file()))) {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    released.write(buf, 0, n);
                }
                outcome = "success";
            } catch (AgeFormatException e) {
                outcome = e.failure().label();
            }
        } catch (AgeFormatException e) {
            outcome = e.failure().label();
        }
        return new String[] {outcome, HexFormat.of().formatHex(sha.digest(released.toByteArray()))};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vectorDecryptsAsExpected(Vector v) throws Exception {
        String[] result = run(v);
        assertEquals(v.expectedOutcome(), result[0], v.name());
        if (result[0].equals("success") || result[0].equals(AgeFailure.PAYLOAD.label())) {
            assertEquals(v.payloadHash(), result[1], v.name() + ": the plaintext released");
        }
    }

    @Test
    void allVectorsAreThereAndCountedByOutcome() throws Exception {
        List<Vector> all = vectors().toList();
        assertEquals(143, all.size(), "CCTV age vectors copied");
        assertTrue(Files.isRegularFile(folder().getParent().resolve("LICENSE")), "the vectors' licence file");
        long armored = all.stream().filter(Vector::armored).count();
        long pq = all.stream().filter(v -> v.expectedOutcome().equals(PQ_UNSUPPORTED)).count();
        assertEquals(33, armored, "armored vectors, run through the armor reader");
        assertEquals(19, pq, "post-quantum vectors (one of them armored), recorded as not supported");
    }
}
