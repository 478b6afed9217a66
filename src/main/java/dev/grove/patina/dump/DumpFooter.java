package dev.grove.patina.dump;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last line of every Patina dump ({@code -- patina:footer {…}}): the row count of every table and the
 * SHA-256 of every byte above the footer line, so a restore or {@code inspect} can prove the file is whole.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DumpFooter(String sha256, long statements, Map<String, Long> tables) {
    static final String LINE_PREFIX = "-- patina:footer ";

    public DumpFooter {
        tables = tables == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /** The footer as one line of JSON. */
    public String toJson() {
        return new JsonText().field("sha256", sha256).field("statements", statements).field("tables", tables)
                .toString();
    }

    public static DumpFooter parse(String json) {
        try {
            DumpFooter f = DumpLineJson.read(json, DumpFooter.class);
            if (f.sha256() == null || !f.sha256().matches("[0-9a-f]{64}")) {
                throw new DumpException("the dump's footer has no valid sha256");
            }
            return f;
        } catch (JsonProcessingException e) {
            throw new DumpException("the dump's footer line is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
