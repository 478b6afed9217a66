package dev.grove.patina.dump;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;

/**
 * The metadata at the top of every Patina dump, written as one JSON object on a {@code -- patina:header} comment
 * line. {@code user_version} and {@code application_id} travel here because D1 refuses those PRAGMAs; Patina's
 * restore applies them to SQLite targets. {@code warnings} says what the dump could not carry (for example the
 * text of a contentless FTS5 index, which SQLite never stores); it is absent when there is nothing to say.
 * {@code pageSize} is the source file's page size (absent for D1, and in dumps written before it was recorded):
 * Patina's restore creates the new file with it (ADR 0022). {@code reader} says which reader read the rows when it
 * was not the default sqlite-jdbc one ({@code pages}, or why the page reader asked for was not used: ADR 0032);
 * it is absent otherwise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DumpHeader(String format, int formatVersion, String patinaVersion, String source, String createdAt,
                         String dialect, String sqliteVersion, long userVersion, long applicationId,
                         String encoding, List<String> tables, List<String> warnings, Integer pageSize,
                         String reader) {

    public static final String FORMAT = "patina-sql-dump";
    public static final int FORMAT_VERSION = 1;
    static final String LINE_PREFIX = "-- patina:header ";

    /** The header as one line of JSON (no line breaks: control characters are escaped). */
    public String toJson() {
        return new JsonText().field("format", format).field("formatVersion", formatVersion)
                .field("patinaVersion", patinaVersion).field("source", source).field("createdAt", createdAt)
                .field("dialect", dialect).field("sqliteVersion", sqliteVersion).field("userVersion", userVersion)
                .field("applicationId", applicationId).field("encoding", encoding).field("tables", tables)
                .field("warnings", warnings).fieldIfPresent("pageSize", pageSize)
                .field("reader", reader).toString();
    }

    /** Parses the header JSON; a dump of a newer format version is refused with a clear message. */
    public static DumpHeader parse(String json) {
        DumpHeader h;
        try {
            h = DumpLineJson.read(json, DumpHeader.class);
        } catch (JsonProcessingException e) {
            throw new DumpException("the dump's header line is not valid JSON: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(h.format())) {
            throw new DumpException("the dump's header names format '" + h.format() + "', not " + FORMAT);
        }
        if (h.formatVersion() > FORMAT_VERSION) {
            throw new DumpException("the dump is format version " + h.formatVersion()
                    + "; this Patina reads up to version " + FORMAT_VERSION + " — upgrade Patina to restore it");
        }
        return h;
    }
}
