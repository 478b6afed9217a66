package dev.grove.patina.dump;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The header of a differential ({@code -- patina:header {…}}, format {@code patina-sql-diff}, ADR 0016): like a
 * dump's, plus the full it applies to — its object key and the SHA-256 its footer states — and the schema
 * fingerprint both share. A dump reader refuses it (another format), so a differential is never restored alone.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DiffHeader(String format, int formatVersion, String patinaVersion, String source, String createdAt,
                         String dialect, String sqliteVersion, long userVersion, long applicationId, String encoding,
                         String baseKey, String baseDumpSha256, String schemaFingerprint) {
    public static final String FORMAT = "patina-sql-diff";
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses the header JSON; another format, or a newer version, is refused with a clear message. */
    public static DiffHeader parse(String json) {
        DiffHeader h;
        try {
            h = JSON.readValue(json, DiffHeader.class);
        } catch (JsonProcessingException e) {
            throw new DumpException("the differential's header line is not valid JSON: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(h.format())) {
            throw new DumpException("the file's header names format '" + h.format() + "', not " + FORMAT);
        }
        if (h.formatVersion() > FORMAT_VERSION) {
            throw new DumpException("the differential is format version " + h.formatVersion()
                    + "; this Patina reads up to version " + FORMAT_VERSION + " — upgrade Patina to restore it");
        }
        if (h.baseKey() == null || h.baseDumpSha256() == null) {
            throw new DumpException("the differential's header names no base full");
        }
        return h;
    }

    /** Tells whether a header line's JSON names this format (without checking the rest). */
    public static boolean names(String json) {
        return json != null && json.contains("\"" + FORMAT + "\"");
    }
}
