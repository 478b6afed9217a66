package dev.grove.patina.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Two schemas compared, with labels for each side ("2026-12-01", "live"): the summary line, the text and the JSON
 * rendering. Stable: the same two schemas always render the same bytes.
 */
public record SchemaComparison(String database, String fromLabel, String toLabel, List<SchemaChange> changes,
                               long rowsDelta) {

    public SchemaComparison {
        changes = List.copyOf(changes);
    }

    public static SchemaComparison of(DatabaseSchema from, DatabaseSchema to, String fromLabel, String toLabel) {
        long delta = 0;
        for (Map.Entry<String, TableSchema> e : to.tables().entrySet()) {
            TableSchema a = from.tables().get(e.getKey());
            if (a != null && a.rows() != null && e.getValue().rows() != null) {
                delta += e.getValue().rows() - a.rows();
            }
        }
        return new SchemaComparison(to.database(), fromLabel, toLabel, new SchemaDiff().compare(from, to), delta);
    }

    /** Whether the schema (not just the row counts) differs. */
    public boolean schemaChanged() {
        return changes.stream().anyMatch(c -> c.kind() != ChangeKind.ROWS);
    }

    /** Whether anything differs, row counts included. */
    public boolean anyChange() {
        return !changes.isEmpty();
    }

    /** "grove-auth: 2 tables changed, 1 index added; rows +46". */
    public String summary() {
        Set<String> changedTables = new LinkedHashSet<>();
        Map<String, Set<String>> counts = new LinkedHashMap<>();
        for (SchemaChange c : changes) {
            switch (c.objectType()) {
                case "column", "foreign key", "check constraint" -> changedTables.add(c.object().contains(".") && c.objectType()
                        .equals("column") ? c.object().substring(0, c.object().lastIndexOf('.')) : c.object());
                case "table" -> {
                    if (c.kind() == ChangeKind.CHANGED) {
                        changedTables.add(c.object());
                    } else {
                        counts.computeIfAbsent("table " + word(c.kind()), k -> new LinkedHashSet<>()).add(c.object());
                    }
                }
                case "rows" -> { }
                default -> counts.computeIfAbsent(c.objectType() + " " + word(c.kind()), k -> new LinkedHashSet<>())
                        .add(c.object());
            }
        }
        List<String> parts = new ArrayList<>();
        counts.entrySet().stream().filter(e -> e.getKey().startsWith("table ")).forEach(e -> parts.add(part(e)));
        if (!changedTables.isEmpty()) {
            parts.add(changedTables.size() + (changedTables.size() == 1 ? " table changed" : " tables changed"));
        }
        counts.entrySet().stream().filter(e -> !e.getKey().startsWith("table ")).forEach(e -> parts.add(part(e)));
        String schema = parts.isEmpty() ? "schema unchanged" : String.join(", ", parts);
        return database + ": " + schema + "; rows " + (rowsDelta >= 0 ? "+" : "")
                + String.format(Locale.ROOT, "%,d", rowsDelta);
    }

    private static String part(Map.Entry<String, Set<String>> e) {
        String[] w = e.getKey().split(" (?=[a-z]+$)");
        int n = e.getValue().size();
        return n + " " + (n == 1 ? w[0] : plural(w[0])) + " " + w[1];
    }

    private static String plural(String noun) {
        return noun.endsWith("x") ? noun + "es" : noun + "s";
    }

    private static String word(ChangeKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The summary, the two sides, then one line per change. */
    public String text() {
        StringBuilder b = new StringBuilder(summary()).append('\n');
        b.append("from ").append(fromLabel).append(" to ").append(toLabel).append('\n');
        changes.forEach(c -> b.append("  ").append(c.text()).append('\n'));
        return b.toString();
    }

    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", database);
        m.put("from", fromLabel);
        m.put("to", toLabel);
        m.put("summary", summary());
        m.put("schemaChanged", schemaChanged());
        m.put("rowsDelta", rowsDelta);
        List<Map<String, String>> list = new ArrayList<>();
        for (SchemaChange c : changes) {
            Map<String, String> one = new LinkedHashMap<>();
            one.put("kind", word(c.kind()));
            one.put("objectType", c.objectType());
            one.put("object", c.object());
            one.put("text", c.text());
            list.add(one);
        }
        m.put("changes", list);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the comparison of " + database + " as JSON", e);
        }
    }
}
