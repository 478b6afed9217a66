package dev.grove.patina.crypt;

import java.util.Base64;
import java.util.Optional;

/** age's base64: standard alphabet, no padding, and only canonical encodings are accepted (RFC 4648 3.5). */
final class AgeBase64 {
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private AgeBase64() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Decodes {@code text}, or empty when it is not canonical unpadded standard base64. */
    static Optional<byte[]> decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            if (!ok) {
                return Optional.empty();
            }
        }
        if (text.length() % 4 == 1) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // the decoder ignores non-zero trailing bits; a canonical encoding re-encodes to itself
        return ENCODER.encodeToString(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    }
}
