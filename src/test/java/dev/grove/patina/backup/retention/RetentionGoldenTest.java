package dev.grove.patina.backup.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.store.ObjectKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files: each scenario under {@code src/test/resources/dev/grove/patina/backup/retention/} lists its input
 * objects and the decisions the planner must make, reasons included, in plan order. The format, one item a line
 * ({@code #} starts a comment, blank lines are skipped):
 *
 * <pre>
 * today 2026-11-28
 * policy 7 12                              daily_days weekly_weeks
 * object daily/2026-11-28/shop.sql.gz      one object; flags after the key: nosha, deleted, verified, damaged
 *                                          (verify found a checksum mismatch), missing (verify found it missing),
 *                                          at=HH:MM (stored at that time of its date; 02:00 without)
 *                                          base=KEY (a differential applying to the full KEY, ADR 0016)
 * dailies shop 2026-10-30 2026-11-28       a present daily (with a checksum) of shop for every date in the range
 * KEEP   daily/2026-11-28/shop.sql.gz | daily of 2026-11-28: within the 7-day window
 * REMOVE daily/2026-11-10/shop.sql.gz | daily of 2026-11-10: older than 7 days
 * SAFETY daily/2026-11-01/shop.sql.gz | kept by safety: …      (KEEP by the safety rule)
 * </pre>
 *
 * Kind, database and date come from the key. Run with {@code -Dpatina.golden.update=true} to rewrite the expected
 * lines from the planner's output (then read the diff before committing it).
 */
class RetentionGoldenTest {
    private static final ObjectKeys KEYS = new ObjectKeys("");
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    record Scenario(LocalDate today, RetentionPolicy policy, List<StoredObject> objects, List<String> inputLines,
                    List<String> expected, Map<String, String> bases) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"thirty-days-three-databases", "failing-last-ten-days", "weeklies-across-new-year",
        "clock-went-back", "empty", "all-deleted", "newest-daily-damaged", "only-damaged-dailies-left",
        "newest-verified-kept", "encryption-switched-mid-week", "differentials-keep-their-full"})
    void planMatchesGoldenFile(String name) throws IOException, URISyntaxException {
        Scenario s = read(name + ".txt");
        RetentionPlan plan = RetentionPlanner.plan(s.objects(), s.bases(), s.policy(), s.today());
        List<String> actual = plan.decisions().stream().map(RetentionGoldenTest::line).toList();
        if (Boolean.getBoolean("patina.golden.update")) {
            rewrite(name + ".txt", s, actual);
            return;
        }
        assertEquals(String.join("\n", s.expected()), String.join("\n", actual), name);
    }

    static String line(Decision d) {
        String action = d.safety() ? "SAFETY" : d.action().name();
        return String.format("%-6s %s | %s", action, d.key(), d.reason());
    }

    static Scenario read(String resource) throws IOException {
        String text;
        try (InputStream in = RetentionGoldenTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no golden file " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        LocalDate today = null;
        RetentionPolicy policy = null;
        List<StoredObject> objects = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        Map<String, String> bases = new java.util.LinkedHashMap<>();
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                if (expected.isEmpty() && !line.startsWith("# expected decisions")) {
                    inputs.add(raw);
                }
                continue;
            }
            String[] w = line.split("\\s+");
            switch (w[0]) {
                case "today" -> today = LocalDate.parse(w[1]);
                case "policy" -> policy = new RetentionPolicy(Integer.parseInt(w[1]), Integer.parseInt(w[2]));
                case "object" -> {
                    List<String> flags = new ArrayList<>();
                    for (String f : List.of(w).subList(2, w.length)) {
                        if (f.startsWith("base=")) {
                            bases.put(w[1], f.substring("base=".length()));
                        } else {
                            flags.add(f);
                        }
                    }
                    objects.add(object(w[1], flags));
                }
                case "dailies" -> {
                    for (LocalDate d = LocalDate.parse(w[2]); !d.isAfter(LocalDate.parse(w[3])); d = d.plusDays(1)) {
                        objects.add(object(KEYS.daily(d, w[1], ".gz"), List.of()));
                    }
                }
                case "KEEP", "REMOVE", "SAFETY" -> expected.add(line);
                default -> throw new IllegalArgumentException(resource + ": cannot read line: " + raw);
            }
            if (!w[0].equals("KEEP") && !w[0].equals("REMOVE") && !w[0].equals("SAFETY")) {
                inputs.add(raw);
            }
        }
        if (today == null || policy == null) {
            throw new IllegalArgumentException(resource + ": needs a 'today' and a 'policy' line");
        }
        return new Scenario(today, policy, objects, inputs, expected, bases);
    }

    private static StoredObject object(String key, List<String> flags) {
        ObjectKeys.Parsed p = KEYS.parse(key).orElseThrow(() -> new IllegalArgumentException("not a key: " + key));
        java.time.LocalTime at = java.time.LocalTime.of(2, 0);
        for (String f : flags) {
            if (f.matches("at=\\d\\d:\\d\\d")) {
                at = java.time.LocalTime.parse(f.substring(3));
            } else if (!List.of("nosha", "deleted", "verified", "damaged", "missing").contains(f)) {
                throw new IllegalArgumentException("unknown flag " + f + " on " + key);
            }
        }
        Instant created = p.date().atTime(at).toInstant(ZoneOffset.UTC);
        StoredObject o = new StoredObject(key, p.database(), p.kind(), p.date(), 1000, flags.contains("nosha") ? null
                : "ab".repeat(32), Map.of(), created, flags.contains("verified") ? created.plusSeconds(60) : null,
                flags.contains("deleted") ? CREATED : null);
        if (flags.contains("damaged")) {
            o = o.asDamaged(created.plusSeconds(3600), "checksum mismatch");
        } else if (flags.contains("missing")) {
            o = o.asDamaged(created.plusSeconds(3600), "missing from the store");
        }
        return o;
    }

    private static void rewrite(String resource, Scenario s, List<String> actual) throws IOException,
            URISyntaxException {
        Path source = Path.of("src/test/resources/dev/grove/patina/backup/retention").resolve(resource);
        List<String> lines = new ArrayList<>(s.inputLines());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        lines.add("");
        lines.add("# expected decisions, in plan order");
        lines.addAll(actual);
        Files.writeString(source, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
