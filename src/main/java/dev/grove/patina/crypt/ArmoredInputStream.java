package dev.grove.patina.crypt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads age's ASCII armor ({@code age -a}): a strict PEM block labelled {@code AGE ENCRYPTED FILE}, padded base64
 * lines of exactly 64 columns but the last, LF or CRLF line ends, whitespace allowed only before and after the
 * block (at most 1 KiB each). It decodes line by line as it is read, so memory stays bounded; anything else fails
 * with {@link AgeFailure#ARMOR}.
 */
final class ArmoredInputStream extends InputStream {
    static final String BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
    static final String END = "-----END AGE ENCRYPTED FILE-----";
    private static final int MAX_WHITESPACE = 1024;
    private static final int MAX_LINE = 1024;
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    private final InputStream in;
    private byte[] decoded = new byte[0];
    private int pos;
    private boolean started;
    private boolean ended;
    private int lineNo;

    ArmoredInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (pos == decoded.length) {
            if (ended) {
                return -1;
            }
            nextLine();
        }
        int n = Math.min(len, decoded.length - pos);
        System.arraycopy(decoded, pos, b, off, n);
        pos += n;
        return n;
    }

    private void nextLine() throws IOException {
        pos = 0;
        decoded = new byte[0];
        int whitespace = 0;
        while (!started) {
            String line = readLine("the BEGIN line");
            if (line.isBlank()) {
                whitespace += line.length() + 1;
                if (whitespace > MAX_WHITESPACE) {
                    throw fail("more than " + MAX_WHITESPACE + " bytes of whitespace before the BEGIN line");
                }
                continue;
            }
            if (!line.equals(BEGIN)) {
                throw fail("line " + lineNo + " is not \"" + BEGIN + "\"");
            }
            started = true;
        }
        String line = readLine("the END line");
        if (line.equals(END)) {
            finish();
            return;
        }
        if (line.isEmpty()) {
            throw fail("empty line " + lineNo + " in the armored data");
        }
        if (line.length() > AgeHeader.COLUMNS) {
            throw fail("line " + lineNo + " is longer than 64 columns");
        }
        decoded = decode(line);
        if (decoded.length < AgeHeader.BYTES_PER_LINE) {
            if (!readLine("the END line").equals(END)) {
                throw fail("line " + lineNo + " after the short line " + (lineNo - 1) + " is not the END line");
            }
            finish();
        }
    }

    private byte[] decode(String line) throws AgeFormatException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || (c == '=' && i >= line.length() - 2);
            if (!ok) {
                throw fail("line " + lineNo + " has a character outside padded base64");
            }
        }
        try {
            byte[] bytes = DECODER.decode(line);
            if (line.length() % 4 == 0 && ENCODER.encodeToString(bytes).equals(line)) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw fail("line " + lineNo + " is not canonical padded base64");
    }

    /** After the END line: at most 1 KiB of whitespace, then the end of the input. */
    private void finish() throws IOException {
        ended = true;
        byte[] rest = in.readNBytes(MAX_WHITESPACE);
        if (!new String(rest, StandardCharsets.ISO_8859_1).isBlank()) {
            throw fail("data after the END line");
        }
        if (rest.length == MAX_WHITESPACE) {
            throw fail("more than " + MAX_WHITESPACE + " bytes of whitespace after the END line");
        }
    }

    /** The next line without LF or CRLF; the last line may lack its LF; EOF before any byte fails. */
    private String readLine(String expected) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(66);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() == MAX_LINE) {
                throw fail("line " + (lineNo + 1) + " is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            throw fail("the input ends before " + expected);
        }
        lineNo++;
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static AgeFormatException fail(String message) {
        return new AgeFormatException(AgeFailure.ARMOR, "invalid ASCII armor: " + message);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
