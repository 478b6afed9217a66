package dev.grove.patina.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A whole, checksummed format-1 dump written the way Patina wrote TEXT before issue 11: a value holding
 * {@code \r\n} raw inside its literal. Patina's restore and D1 keep that CR; the {@code sqlite3} shell drops it.
 * Table {@code notes(id INTEGER PRIMARY KEY, body TEXT)}, one row: id 1, body {@link #BODY}.
 */
public final class OlderDump {
    /** The value the dump holds: a CR before a line break, raw in the literal. */
    public static final String BODY = "first line\r\nsecond line";

    private OlderDump() {
    }

    /** Writes the dump to {@code file} (d1 dialect, footer with the right SHA-256 and row count). */
    public static Path write(Path file) throws IOException {
        String body = "-- Patina SQL dump, format 1, dialect d1, source older\n"
                + "-- Load with: patina restore FILE DB | sqlite3 DB < FILE | wrangler d1 execute DB --file FILE\n"
                + "-- patina:header {\"format\":\"patina-sql-dump\",\"formatVersion\":1,\"patinaVersion\":\"0.1.0\","
                + "\"source\":\"older\",\"createdAt\":\"2026-11-28T02:00:00Z\",\"dialect\":\"d1\","
                + "\"sqliteVersion\":\"3.47.1\",\"userVersion\":0,\"applicationId\":0,\"encoding\":\"UTF-8\"}\n"
                + "PRAGMA defer_foreign_keys=on;\n"
                + "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n"
                + "INSERT INTO \"notes\" (\"id\", \"body\") VALUES\n"
                + "(1,'" + BODY + "');\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(file, body + "-- patina:footer {\"sha256\":\"" + sha
                + "\",\"statements\":3,\"tables\":{\"notes\":1}}\n", StandardCharsets.UTF_8);
        return file;
    }
}
