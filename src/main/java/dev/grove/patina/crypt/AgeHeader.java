package dev.grove.patina.crypt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * An age v1 header: the recipient stanzas and the MAC that closes it. It encodes itself canonically (bodies in
 * unpadded base64 wrapped at 64 columns, always ending with a line shorter than 64), which is also the text the MAC
 * covers.
 */
final class AgeHeader {
    static final String VERSION_LINE = "age-encryption.org/v1";
    static final int COLUMNS = 64;
    static final int BYTES_PER_LINE = COLUMNS / 4 * 3;

    private final List<AgeStanza> stanzas;
    private final byte[] mac;

    AgeHeader(List<AgeStanza> stanzas, byte[] mac) {
        this.stanzas = List.copyOf(stanzas);
        this.mac = mac.clone();
    }

    /** A header for {@code stanzas}, with its MAC computed from {@code fileKey}. */
    static AgeHeader sealed(List<AgeStanza> stanzas, byte[] fileKey) {
        return new AgeHeader(stanzas, macOf(encodeWithoutMac(stanzas), fileKey));
    }

    List<AgeStanza> stanzas() {
        return stanzas;
    }

    /** True when the MAC matches the header as encoded, under {@code fileKey}. */
    boolean macMatches(byte[] fileKey) {
        return MessageDigest.isEqual(mac, macOf(encodeWithoutMac(stanzas), fileKey));
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(encodeWithoutMac(stanzas));
        out.write((" " + AgeBase64.encode(mac) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] macOf(byte[] headerWithoutMac, byte[] fileKey) {
        byte[] key = AgePrimitives.hkdf(fileKey, new byte[0], "header");
        return AgePrimitives.hmacSha256(key, headerWithoutMac);
    }

    /** The header from its version line up to and including the {@code ---} of the MAC line. */
    static byte[] encodeWithoutMac(List<AgeStanza> stanzas) {
        StringBuilder sb = new StringBuilder(VERSION_LINE).append('\n');
        for (AgeStanza s : stanzas) {
            sb.append("-> ").append(s.type());
            for (String a : s.args()) {
                sb.append(' ').append(a);
            }
            sb.append('\n');
            String body = AgeBase64.encode(s.body());
            int at = 0;
            while (body.length() - at >= COLUMNS) {
                sb.append(body, at, at + COLUMNS).append('\n');
                at += COLUMNS;
            }
            sb.append(body, at, body.length()).append('\n');
        }
        sb.append("---");
        ByteArrayOutputStream out = new ByteArrayOutputStream(sb.length());
        out.writeBytes(sb.toString().getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
