package dev.grove.patina.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real outside programs the compatibility suite runs, as installed (pinned) by
 * {@code .ci/compat/install-tools.sh}: it writes {@code tools.env}, whose path reaches the tests as the system
 * property {@code patina.compat.tools} (default {@code ~/.cache/patina-compat/tools.env}).
 *
 * <p>A missing tool is a failure, never a skip: compat tests run only under {@code -Pcompat}, which is a request
 * to check Patina against those programs.
 */
public final class CompatTools {
    private final Map<String, String> paths;
    private final Path envFile;

    private CompatTools(Path envFile, Map<String, String> paths) {
        this.envFile = envFile;
        this.paths = paths;
    }

    /** Loads {@code tools.env}; fails with the command to run when it is absent. */
    public static CompatTools load() {
        String prop = System.getProperty("patina.compat.tools",
                System.getProperty("user.home") + "/.cache/patina-compat/tools.env");
        Path file = Path.of(prop);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("compatibility tools not installed: " + file
                    + " is missing — run: bash .ci/compat/install-tools.sh");
        }
        Map<String, String> map = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    map.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new CompatTools(file, map);
    }

    private Path tool(String key) {
        String v = paths.get(key);
        if (v == null || !Files.isExecutable(Path.of(v))) {
            throw new IllegalStateException(key + " is not installed (" + v + ", from " + envFile
                    + ") — run: bash .ci/compat/install-tools.sh");
        }
        return Path.of(v);
    }

    /** The {@code sqlite3} shell from Debian. */
    public Path sqlite3() {
        return tool("PATINA_COMPAT_SQLITE3");
    }

    /** The Node.js 22 runtime wrangler runs on. */
    public Path node() {
        return tool("PATINA_COMPAT_NODE");
    }

    /** wrangler's launcher (run it with {@link #node()}'s folder first on PATH). */
    public Path wrangler() {
        return tool("PATINA_COMPAT_WRANGLER");
    }

    /** The {@code aws} CLI from Debian. */
    public Path aws() {
        return tool("PATINA_COMPAT_AWS");
    }

    /** The {@code age} CLI from Debian. */
    public Path age() {
        return tool("PATINA_COMPAT_AGE");
    }

    /** GNU {@code tar}. */
    public Path tar() {
        return tool("PATINA_COMPAT_TAR");
    }

    /** Debian's headless-capable Chromium (the web dashboard's browser test). */
    public Path chromium() {
        return tool("PATINA_COMPAT_CHROMIUM");
    }

    /** Debian's chromedriver, the one built for that Chromium. */
    public Path chromedriver() {
        return tool("PATINA_COMPAT_CHROMEDRIVER");
    }

    /** PATH for child processes: Node 22 first, so wrangler and workerd run on it. */
    public String path() {
        return node().getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }
}
