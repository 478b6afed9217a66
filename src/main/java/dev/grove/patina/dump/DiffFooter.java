package dev.grove.patina.dump;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last line of a differential ({@code -- patina:footer {…}}, ADR 0016): the SHA-256 of every byte above it, the
 * statement count, and per table the rows and content digest of the database the night it was read — what the
 * base full with this differential applied must give back — and what changed: rows added, changed, removed (a table
 * copied whole counts its old rows as removed and its new ones as added).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DiffFooter(String sha256, long statements, Map<String, TableDigest> result,
                         Map<String, long[]> changes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DiffFooter {
        result = result == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(result));
        changes = changes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DiffFooter parse(String json) {
        try {
            DiffFooter f = JSON.readValue(json, DiffFooter.class);
            if (f.sha256() == null || !f.sha256().matches("[0-9a-f]{64}")) {
                throw new DumpException("the differential's footer has no valid sha256");
            }
            return f;
        } catch (JsonProcessingException e) {
            throw new DumpException("the differential's footer line is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
