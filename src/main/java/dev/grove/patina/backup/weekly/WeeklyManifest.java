package dev.grove.patina.backup.weekly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code manifest.json} member that ends every weekly archive: which week, when, by which Patina, every member
 * with the SHA-256 of its decompressed bytes, and every missing daily with its reason.
 */
public record WeeklyManifest(IsoWeek week, Instant created, String patinaVersion, List<ArchivedMember> members,
                             List<MissingDaily> missing) {
    /** The member's path in the archive. */
    public static final String PATH = "manifest.json";
    public static final String FORMAT = "patina-weekly-manifest";
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public WeeklyManifest {
        members = List.copyOf(members);
        missing = List.copyOf(missing);
    }

    /** The member listed under {@code path}, if any. */
    public Optional<ArchivedMember> member(String path) {
        return members.stream().filter(m -> m.path().equals(path)).findFirst();
    }

    /** The manifest as UTF-8 JSON. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("week", week.toString());
        root.put("from", week.monday().toString());
        root.put("to", week.sunday().toString());
        root.put("created", created.toString());
        root.put("patinaVersion", patinaVersion);
        ArrayNode ms = root.putArray("members");
        for (ArchivedMember m : members) {
            ObjectNode n = ms.addObject();
            n.put("path", m.path());
            n.put("database", m.database());
            n.put("date", m.date().toString());
            n.put("sha256", m.sha256());
            n.put("size", m.size());
            ObjectNode rows = n.putObject("rowCounts");
            m.rowCounts().forEach(rows::put);
            n.put("sourceKey", m.sourceKey());
        }
        ArrayNode miss = root.putArray("missing");
        for (MissingDaily d : missing) {
            miss.addObject().put("database", d.database()).put("date", d.date().toString()).put("reason", d.reason());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the weekly manifest", e);
        }
    }

    /**
     * Reads a manifest written by {@link #toJson()}.
     *
     * @throws IOException when it is not a weekly manifest, or one of a newer format
     */
    public static WeeklyManifest parse(byte[] json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("manifest.json is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException("manifest.json is not a Patina weekly manifest");
        }
        if (root.path("formatVersion").asInt() > FORMAT_VERSION) {
            throw new IOException("manifest.json has format version " + root.path("formatVersion").asInt()
                    + "; this Patina reads up to " + FORMAT_VERSION + " — upgrade Patina");
        }
        try {
            List<ArchivedMember> members = new ArrayList<>();
            for (JsonNode n : root.path("members")) {
                Map<String, Long> rows = new LinkedHashMap<>();
                n.path("rowCounts").fields().forEachRemaining(e -> rows.put(e.getKey(), e.getValue().asLong()));
                members.add(new ArchivedMember(n.path("path").asText(), n.path("database").asText(),
                        LocalDate.parse(n.path("date").asText()), n.path("sha256").asText(), n.path("size").asLong(),
                        rows, n.path("sourceKey").asText()));
            }
            List<MissingDaily> missing = new ArrayList<>();
            for (JsonNode n : root.path("missing")) {
                missing.add(new MissingDaily(n.path("database").asText(), LocalDate.parse(n.path("date").asText()),
                        n.path("reason").asText()));
            }
            return new WeeklyManifest(IsoWeek.parse(root.path("week").asText()),
                    Instant.parse(root.path("created").asText()), root.path("patinaVersion").asText(), members,
                    missing);
        } catch (RuntimeException e) {
            throw new IOException("manifest.json is malformed: " + e.getMessage(), e);
        }
    }
}
