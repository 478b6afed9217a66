package dev.grove.patina.dump;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The first line of a row manifest after its magic (ADR 0016): which full it belongs to and the schema it was read
 * with. A differential is written only against a manifest whose full and schema still hold.
 *
 * @param baseKey           the object key of the full the manifest was written with
 * @param baseDumpSha256    that full's dump SHA-256 (its footer's)
 * @param schemaFingerprint {@link SchemaFingerprint} of the database when the full was read
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestHeader(String format, int formatVersion, String source, String baseKey, String baseDumpSha256,
                             String createdAt, String schemaFingerprint) {
    public static final String FORMAT = "patina-row-manifest";
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ManifestHeader of(String source, String baseKey, String baseDumpSha256, String createdAt,
                                    String schemaFingerprint) {
        return new ManifestHeader(FORMAT, FORMAT_VERSION, source, baseKey, baseDumpSha256, createdAt,
                schemaFingerprint);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ManifestHeader parse(String json) {
        ManifestHeader h;
        try {
            h = JSON.readValue(json, ManifestHeader.class);
        } catch (JsonProcessingException e) {
            throw new DumpException("the row manifest's header is not valid JSON: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(h.format()) || h.formatVersion() < 1) {
            throw new DumpException("not a row manifest (format '" + h.format() + "')");
        }
        if (h.formatVersion() > FORMAT_VERSION) {
            throw new DumpException("the row manifest is format version " + h.formatVersion() + "; this Patina reads "
                    + "up to version " + FORMAT_VERSION);
        }
        return h;
    }
}
