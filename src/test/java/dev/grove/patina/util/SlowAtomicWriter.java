package dev.grove.patina.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child JVM of {@link AtomicFilesCrashTest}: writes {@code TARGET} through {@link AtomicFiles} slowly (64 KiB,
 * then a pause), so the test can {@code kill -9} it in the middle of a write. {@code once}: one version, 1; {@code
 * loop}: versions 1, 2, 3, … until killed, printing {@code wrote N} after each. Version {@code n} is the line
 * {@code patina-version n LENGTH} followed by LENGTH bytes of one letter, so a half file is recognised as one.
 */
public final class SlowAtomicWriter {
    public static final int LENGTH = 2 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private SlowAtomicWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        boolean loop = args[1].equals("loop");
        long pauseMillis = Long.parseLong(args[2]);
        for (int n = 1; ; n++) {
            int version = n;
            AtomicFiles.write(target, AtomicFiles.Access.DEFAULT, out -> version(out, version, pauseMillis));
            System.out.println("wrote " + n);
            System.out.flush();
            if (!loop) {
                return;
            }
        }
    }

    /** The content of version {@code n}, paused after each chunk. */
    public static void version(OutputStream out, int n, long pauseMillis) throws IOException {
        out.write(header(n).getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, letter(n));
        for (int written = 0; written < LENGTH; written += CHUNK) {
            out.write(chunk, 0, Math.min(CHUNK, LENGTH - written));
            out.flush();
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    public static String header(int n) {
        return "patina-version " + n + " " + LENGTH + "\n";
    }

    public static byte letter(int n) {
        return (byte) ('a' + n % 26);
    }

    /**
     * The number of the whole version {@code bytes} hold.
     *
     * @throws AssertionError when they are not one whole version (cut short, torn, or no header)
     */
    public static int versionOf(byte[] bytes) {
        int eol = -1;
        for (int i = 0; i < bytes.length && i < 100; i++) {
            if (bytes[i] == '\n') {
                eol = i;
                break;
            }
        }
        if (eol < 0) {
            throw new AssertionError("no version header: a half file (" + bytes.length + " bytes)");
        }
        String[] header = new String(bytes, 0, eol, StandardCharsets.US_ASCII).split(" ");
        int n = Integer.parseInt(header[1]);
        if (Integer.parseInt(header[2]) != LENGTH || bytes.length != eol + 1 + LENGTH) {
            throw new AssertionError("version " + n + " cut short: " + bytes.length + " bytes");
        }
        for (int i = eol + 1; i < bytes.length; i++) {
            if (bytes[i] != letter(n)) {
                throw new AssertionError("byte " + i + " of version " + n + " is not its letter: a torn file");
            }
        }
        return n;
    }
}
