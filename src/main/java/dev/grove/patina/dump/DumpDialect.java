package dev.grove.patina.dump;

import java.util.Locale;

/** How a dump is framed for the tool that will load it. */
public enum DumpDialect {
    /**
     * Loadable by {@code wrangler d1 execute --file} and D1's import API: no BEGIN/COMMIT anywhere (D1 runs the
     * file atomically and rejects explicit transactions), no PRAGMAs D1 refuses.
     */
    D1,
    /** For the {@code sqlite3} shell: wrapped in one transaction, and writes user_version/application_id. */
    SQLITE;

    /** Parses {@code d1} or {@code sqlite} (any case). */
    public static DumpDialect parse(String text) {
        for (DumpDialect d : values()) {
            if (d.name().equalsIgnoreCase(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dialect '" + text + "' (expected d1 or sqlite)");
    }

    /** The lower-case name used in files and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
