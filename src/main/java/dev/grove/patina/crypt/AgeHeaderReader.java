package dev.grove.patina.crypt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses an age v1 header strictly from a stream, consuming exactly the header's bytes (the payload follows). Lines
 * and the whole header are bounded, so a hostile file cannot make it buffer without limit.
 */
final class AgeHeaderReader {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_STANZAS = 256;
    private static final int MAX_BODY = 64 * 1024;

    private final InputStream in;
    private int lineNo;

    AgeHeaderReader(InputStream in) {
        this.in = in;
    }

    AgeHeader read() throws IOException {
        String first = readLine();
        if (first == null) {
            throw fail("the file is empty");
        }
        if (!first.equals(AgeHeader.VERSION_LINE)) {
            throw fail(first.startsWith("age-encryption.org/") ? "unsupported age version on line 1"
                    : "not an age file: line 1 is not the age-encryption.org/v1 version line");
        }
        List<AgeStanza> stanzas = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw fail("the header ends before its MAC line (---)");
            }
            if (line.startsWith("---")) {
                if (stanzas.isEmpty()) {
                    throw fail("the header has no recipient stanza");
                }
                return new AgeHeader(stanzas, parseMac(line));
            }
            if (stanzas.size() == MAX_STANZAS) {
                throw fail("more than " + MAX_STANZAS + " recipient stanzas");
            }
            stanzas.add(readStanza(line));
        }
    }

    private byte[] parseMac(String line) throws AgeFormatException {
        String[] parts = line.split(" ", -1);
        if (!parts[0].equals("---") || parts.length != 2) {
            throw fail("malformed MAC line " + lineNo);
        }
        Optional<byte[]> mac = AgeBase64.decode(parts[1]);
        if (mac.isEmpty() || mac.get().length != 32) {
            throw fail("malformed MAC on line " + lineNo + " (not canonical base64 of 32 bytes)");
        }
        return mac.get();
    }

    private AgeStanza readStanza(String argLine) throws IOException {
        int at = lineNo;
        String[] parts = argLine.split(" ", -1);
        if (!parts[0].equals("->") || parts.length < 2) {
            throw fail("malformed stanza opening line " + at + " (expected \"-> TYPE ARGS\")");
        }
        List<String> args = new ArrayList<>(Arrays.asList(parts).subList(1, parts.length));
        for (String a : args) {
            if (!isValidArgument(a)) {
                throw fail("malformed stanza on line " + at + ": empty argument or character outside printable ASCII");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw fail("stanza from line " + at + " has no final body line");
            }
            Optional<byte[]> chunk = AgeBase64.decode(line);
            if (chunk.isEmpty()) {
                throw fail("malformed body line " + lineNo + " of the stanza from line " + at
                        + (line.startsWith("->") || line.startsWith("---")
                        ? " (the stanza ended without a short line)" : " (not canonical unpadded base64)"));
            }
            if (chunk.get().length > AgeHeader.BYTES_PER_LINE) {
                throw fail("body line " + lineNo + " is longer than 64 columns");
            }
            body.writeBytes(chunk.get());
            if (body.size() > MAX_BODY) {
                throw fail("the stanza from line " + at + " has a body over " + MAX_BODY + " bytes");
            }
            if (chunk.get().length < AgeHeader.BYTES_PER_LINE) {
                return new AgeStanza(args.get(0), args.subList(1, args.size()), body.toByteArray());
            }
        }
    }

    private static boolean isValidArgument(String a) {
        if (a.isEmpty()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c < 33 || c > 126) {
                return false;
            }
        }
        return true;
    }

    /** The next line without its LF; null at a clean end of input; a failure at a line cut off by the end. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw fail("line " + (lineNo + 1) + " of the header is cut off by the end of the file");
            }
            if (b == '\n') {
                lineNo++;
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (line.size() == MAX_LINE) {
                throw fail("line " + (lineNo + 1) + " of the header is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    private static AgeFormatException fail(String message) {
        return new AgeFormatException(AgeFailure.HEADER, "invalid age header: " + message);
    }
}
