package dev.grove.patina.crypt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Identity files in {@code age-keygen}'s format: one {@code AGE-SECRET-KEY-1…} per line, with {@code #} comment
 * lines and blank lines allowed (LF or CRLF). Errors name the line number, never its content.
 */
public final class AgeIdentityFile {
    private AgeIdentityFile() {
    }

    /** The identities in {@code text}; fails when there are none or a line is not a comment, blank or a key. */
    public static List<X25519Identity> parse(String text, String source) throws AgeFormatException {
        List<X25519Identity> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(X25519Identity.parse(line));
            } catch (AgeFormatException e) {
                throw new AgeFormatException(AgeFailure.KEY, "identity file " + source + ", line " + (i + 1) + ": "
                        + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new AgeFormatException(AgeFailure.KEY, "identity file " + source + " holds no AGE-SECRET-KEY-1…"
                    + " line");
        }
        return out;
    }

    /** Reads the identity file at {@code path}. */
    public static List<X25519Identity> read(Path path) throws IOException {
        return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    }

    /** The text {@code age-keygen} writes for {@code identity}: created and public key comments, then the key. */
    public static String format(X25519Identity identity, OffsetDateTime created) {
        return "# created: " + created.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + "\n# public key: " + identity.recipient().encoded() + "\n" + identity.encodedSecret() + "\n";
    }
}
