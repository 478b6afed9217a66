package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records, in the suite's output (the compat profile prints test output) and in {@code target/compat-tools.txt},
 * the versions of the outside programs the suite ran with, and proves Node and wrangler are the ones
 * {@code .ci/compat/install-tools.sh} pins.
 */
@Tag("compat")
class ToolVersionsCompatTest {
    @Test
    void theSuiteRunsThePinnedToolsAndSaysWhichVersions() throws Exception {
        CompatTools tools = CompatTools.load();
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("node", firstLine(tools.node().toString(), "--version"));
        versions.put("wrangler", lastLine(run(tools, List.of(tools.wrangler().toString(), "--version"))));
        Path workerd = tools.wrangler().getParent().getParent().resolve("workerd/package.json");
        versions.put("workerd", new com.fasterxml.jackson.databind.ObjectMapper().readTree(workerd.toFile())
                .path("version").asText());
        versions.put("sqlite3", firstLine(tools.sqlite3().toString(), "-version"));
        versions.put("aws", firstLine(tools.aws().toString(), "--version"));
        versions.put("age", firstLine(tools.age().toString(), "--version"));
        versions.put("tar", firstLine(tools.tar().toString(), "--version"));

        String script = Files.readString(Path.of(".ci/compat/install-tools.sh"), StandardCharsets.UTF_8);
        assertEquals("v" + pinned(script, "NODE_VERSION"), versions.get("node"));
        assertEquals(pinned(script, "WRANGLER_VERSION"), versions.get("wrangler"));
        StringBuilder report = new StringBuilder("compatibility suite tools:\n");
        versions.forEach((tool, version) -> {
            assertFalse(version.isBlank(), tool + " printed no version");
            report.append(String.format("  %-9s %s%n", tool, version));
        });
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/compat-tools.txt"), report, StandardCharsets.UTF_8);
        assertTrue(versions.get("sqlite3").startsWith("3."), versions.get("sqlite3"));
    }

    private static String pinned(String script, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(script);
        assertTrue(m.find(), name + " is not pinned in .ci/compat/install-tools.sh");
        return m.group(1);
    }

    private static String firstLine(String... cmd) throws Exception {
        return StoredObjectsCompatTest.Child.run(List.of(cmd), Map.of(), null).strip().lines().findFirst().orElse("");
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    private static String run(CompatTools tools, List<String> cmd) throws Exception {
        return StoredObjectsCompatTest.Child.run(cmd, Map.of("PATH", tools.path(), "WRANGLER_SEND_METRICS", "false",
                "NO_COLOR", "1"), null);
    }
}
