package dev.grove.patina.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The header's canonical encoding: body wrapping at 64 columns, the short final line, strict parsing. */
class AgeHeaderTest {
    private static final byte[] FILE_KEY = "YELLOW SUBMARINE".getBytes(StandardCharsets.US_ASCII);

    private static byte[] encode(List<AgeStanza> stanzas) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgeHeader.sealed(stanzas, FILE_KEY).writeTo(out);
        out.write("payload".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void bodiesOfEveryLengthAroundA64ColumnLineRoundTrip() throws Exception {
        for (int len : new int[] {0, 1, 47, 48, 49, 96, 100}) {
            byte[] body = new byte[len];
            for (int i = 0; i < len; i++) {
                body[i] = (byte) (i * 7);
            }
            AgeStanza s = new AgeStanza("example.com/grease", List.of("a", "~!@#$%^&*()"), body);
            byte[] file = encode(List.of(s));
            String text = new String(file, StandardCharsets.ISO_8859_1);
            if (len % 48 == 0) {
                assertTrue(text.contains("\n\n---") || len == 0, len + ": a body of whole lines ends with an empty one");
            }
            InputStream in = new ByteArrayInputStream(file);
            AgeHeader back = new AgeHeaderReader(in).read();
            assertEquals(1, back.stanzas().size());
            assertEquals("example.com/grease", back.stanzas().get(0).type());
            assertEquals(List.of("a", "~!@#$%^&*()"), back.stanzas().get(0).args());
            assertArrayEquals(body, back.stanzas().get(0).body(), len + "-byte body");
            assertTrue(back.macMatches(FILE_KEY));
            assertFalse(back.macMatches(new byte[16]));
            assertEquals("payload", new String(in.readAllBytes(), StandardCharsets.US_ASCII), "reads no further");
        }
    }

    @Test
    void nonCanonicalHeadersFailAsHeaderFailures() throws Exception {
        String good = new String(encode(List.of(new AgeStanza("X", List.of("y"), new byte[48]))),
                StandardCharsets.ISO_8859_1);
        List<String> bad = List.of(
                good.replace("\n\n---", "\n---"), // whole-line body without its empty final line
                good.replace("-> X y", "->  X y"), // empty argument
                good.replace("-> X y", "-> X\ty"), // a tab inside an argument line
                good.replace("-> X y", "->"), // no arguments
                good.replace("--- ", "---  "), // two spaces before the MAC
                good.replaceFirst("age-encryption.org/v1\n", "age-encryption.org/v2\n"),
                good.replace("\n", "\r\n"),
                good.substring(0, good.indexOf("---")));
        for (String b : bad) {
            AgeFormatException e = assertThrows(AgeFormatException.class,
                    () -> new AgeHeaderReader(new ByteArrayInputStream(b.getBytes(StandardCharsets.ISO_8859_1))).read(),
                    b);
            assertEquals(AgeFailure.HEADER, e.failure(), e.getMessage());
            assertTrue(e.getMessage().startsWith("invalid age header: "), e.getMessage());
        }
    }
}
