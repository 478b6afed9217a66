package dev.grove.patina.crypt;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A passphrase, held privately as its UTF-8 bytes; {@code toString} never shows it. */
public final class AgePassphrase {
    private final byte[] utf8;

    private AgePassphrase(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** The passphrase {@code chars}; the array is not kept (the caller may clear it). Empty is refused. */
    public static AgePassphrase of(char[] chars) {
        if (chars.length == 0) {
            throw new IllegalArgumentException("the passphrase is empty");
        }
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
        Arrays.fill(bb.array(), (byte) 0);
        return new AgePassphrase(bytes);
    }

    public static AgePassphrase of(String passphrase) {
        return of(passphrase.toCharArray());
    }

    byte[] utf8() {
        return utf8.clone();
    }

    @Override
    public String toString() {
        return "AgePassphrase[hidden]";
    }
}
