package dev.grove.patina.dump;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of UTF-8 SQL text. The dump writer assembles statements here so that it knows their exact
 * byte length (D1's 100,000-byte statement limit) before it commits them to the output.
 */
final class SqlBuffer {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Both hex digits of every byte value, so each input byte costs one table look-up. */
    private static final byte[] HEX_PAIRS = new byte[512];

    static {
        for (int v = 0; v < 256; v++) {
            HEX_PAIRS[2 * v] = HEX[v >>> 4];
            HEX_PAIRS[2 * v + 1] = HEX[v & 0x0F];
        }
    }

    private byte[] bytes;
    private int size;

    SqlBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** Cuts the buffer back to {@code newSize} bytes (drops what was appended after that point). */
    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("cannot truncate " + size + " bytes to " + newSize);
        }
        size = newSize;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    String asString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    /** Feeds the bytes held to {@code digest}. */
    void updateDigest(java.security.MessageDigest digest) {
        digest.update(bytes, 0, size);
    }

    /** The byte at {@code i}. */
    byte byteAt(int i) {
        return bytes[i];
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed > bytes.length) {
            int capacity = Math.max(needed, bytes.length * 2);
            bytes = Arrays.copyOf(bytes, capacity);
        }
    }

    SqlBuffer append(SqlBuffer other) {
        ensure(other.size);
        System.arraycopy(other.bytes, 0, bytes, size, other.size);
        size += other.size;
        return this;
    }

    SqlBuffer append(byte[] src) {
        ensure(src.length);
        System.arraycopy(src, 0, bytes, size, src.length);
        size += src.length;
        return this;
    }

    SqlBuffer append(char asciiChar) {
        ensure(1);
        bytes[size++] = (byte) asciiChar;
        return this;
    }

    /** Appends {@code v} in decimal, exactly as {@link Long#toString(long)} writes it. */
    SqlBuffer appendLong(long v) {
        if (v == Long.MIN_VALUE) {
            return appendAscii("-9223372036854775808");
        }
        ensure(20);
        if (v < 0) {
            bytes[size++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int p = end - 1; p >= size; p--) {
            bytes[p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        size = end;
        return this;
    }

    /** Appends text that is known to be ASCII (keywords, numbers). */
    SqlBuffer appendAscii(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    /**
     * Appends {@code s} encoded as UTF-8, doubling every occurrence of {@code quote} (a {@code '} or {@code "}).
     * Unpaired surrogates cannot come from valid UTF-8 text; they are rejected rather than silently replaced.
     */
    SqlBuffer appendUtf8Doubling(String s, char quote) {
        int n = s.length();
        ensure(n * 3 + 8);
        byte[] b = bytes;
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == quote) {
                    b[p++] = (byte) c; // at most 2 bytes per char here: the 3-per-char reserve covers it
                }
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("text holds an unpaired surrogate at index " + i);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = p;
        return this;
    }

    /**
     * Appends {@code utf8} doubling every {@code '} if it is well-formed UTF-8 (shortest forms, no surrogates, at
     * most U+10FFFF) without NUL or CR bytes, and returns true; otherwise returns false, having appended an
     * unspecified part of it (the caller truncates). A CR is refused because the {@code sqlite3} shell drops a CR
     * that ends an input line: raw inside a literal, {@code a\r\nb} would load back as {@code a\nb}.
     */
    boolean appendCleanUtf8DoublingQuote(byte[] utf8) {
        int n = utf8.length;
        ensure(n * 2);
        byte[] b = bytes;
        int p = size;
        int i = 0;
        while (i < n) {
            int b0 = utf8[i];
            if (b0 > 0) {
                if (b0 == '\r') {
                    return false;
                }
                if (b0 == '\'') {
                    b[p++] = (byte) b0;
                }
                b[p++] = (byte) b0;
                i++;
                continue;
            }
            if (b0 == 0) {
                return false;
            }
            b0 &= 0xFF;
            int len;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                len = 2;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                len = 3;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                len = 4;
            } else {
                return false;
            }
            if (i + len > n) {
                return false;
            }
            int b1 = utf8[i + 1] & 0xFF;
            if ((b1 & 0xC0) != 0x80) {
                return false;
            }
            if (len == 3 && ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0))) {
                return false;
            }
            if (len == 4 && ((b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 >= 0x90))) {
                return false;
            }
            for (int k = 2; k < len; k++) {
                if ((utf8[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            System.arraycopy(utf8, i, b, p, len);
            p += len;
            i += len;
        }
        size = p;
        return true;
    }

    /** Appends {@code len} bytes of {@code src} from {@code off} as upper-case hex digits. */
    SqlBuffer appendHex(byte[] src, int off, int len) {
        ensure(len * 2);
        byte[] b = bytes;
        int p = size;
        for (int i = off, end = off + len; i < end; i++) {
            int v = (src[i] & 0xFF) << 1;
            b[p] = HEX_PAIRS[v];
            b[p + 1] = HEX_PAIRS[v + 1];
            p += 2;
        }
        size = p;
        return this;
    }
}
