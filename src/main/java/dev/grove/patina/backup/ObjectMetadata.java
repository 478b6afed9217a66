package dev.grove.patina.backup;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata Patina attaches to every stored object, as S3 user metadata (printable ASCII only): its SHA-256,
 * size, row counts and the Patina version that wrote it. Table names can be any text, so row counts are written
 * as {@code name=count} pairs, URL-encoded.
 */
public final class ObjectMetadata {
    public static final String SHA256 = "patina-sha256";
    public static final String SIZE = "patina-size";
    public static final String ROWS = "patina-rows";
    public static final String VERSION = "patina-version";
    public static final String DATABASE = "patina-database";
    public static final String ROW_TOTAL = "patina-row-total";
    /** {@code age} on an object encrypted in the age format; absent otherwise. */
    public static final String ENCRYPTION = "patina-encryption";
    /** The fingerprints of an encrypted object's recipients, comma-separated ({@code passphrase} for one). */
    public static final String RECIPIENTS = "patina-recipients";
    /** S3 allows 2 KiB of user metadata; per-table counts beyond this stay in the catalog only. */
    private static final int MAX_ROWS_TEXT = 1200;

    private ObjectMetadata() {
    }

    /** Builds the metadata map. */
    public static Map<String, String> of(String database, String sha256, long size, Map<String, Long> rowCounts,
                                         String patinaVersion) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DATABASE, database);
        m.put(SHA256, sha256);
        m.put(SIZE, Long.toString(size));
        m.put(ROW_TOTAL, Long.toString(rowCounts.values().stream().mapToLong(Long::longValue).sum()));
        String rows = encodeRows(rowCounts);
        if (rows.length() <= MAX_ROWS_TEXT) {
            m.put(ROWS, rows);
        }
        m.put(VERSION, patinaVersion);
        return m;
    }

    /** Adds {@link #ENCRYPTION} and {@link #RECIPIENTS} to {@code metadata} when {@code cipher} encrypts. */
    /** The fingerprint of the schema a daily holds (SHA-256 of its CREATE statements, as the catalog records it). */
    public static final String SCHEMA = "patina-schema-sha256";

    /** The dump's expanded size: the bytes of SQL before compression (and encryption); what a test restore needs. */
    public static final String SQL_SIZE = "patina-sql-size";

    /** {@code metadata} with the dump's expanded size ({@link #SQL_SIZE}). */
    static Map<String, String> withSqlSize(Map<String, String> metadata, long sqlBytes) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(SQL_SIZE, Long.toString(sqlBytes));
        return m;
    }

    /** {@code metadata} with the fingerprint of the schema the dump holds. */
    static Map<String, String> withSchema(Map<String, String> metadata, java.util.List<String> schema) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(SCHEMA, dev.grove.patina.catalog.BackupSchemas.fingerprint(schema));
        return m;
    }

    static Map<String, String> withEncryption(Map<String, String> metadata, ObjectCipher cipher) {
        if (!cipher.encrypting()) {
            return metadata;
        }
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(ENCRYPTION, "age");
        m.put(RECIPIENTS, String.join(",", cipher.recipients()));
        return m;
    }

    static String encodeRows(Map<String, Long> rows) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : rows.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** Parses what {@link #of} wrote under {@link #ROWS}. */
    public static Map<String, Long> decodeRows(String text) {
        Map<String, Long> rows = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return rows;
        }
        for (String pair : text.split("&")) {
            int eq = pair.lastIndexOf('=');
            if (eq > 0) {
                rows.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        Long.parseLong(pair.substring(eq + 1)));
            }
        }
        return rows;
    }
}
