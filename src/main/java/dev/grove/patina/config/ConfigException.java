package dev.grove.patina.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The one error a malformed {@code patina.toml} produces. Its message names the file, the line and the key, in the
 * form {@code patina.toml line 12: retention.daily_days must be ≥ 1 (found -3)}, and never carries a secret value.
 * A problem that has no line (a missing table, an unreadable file) leaves the line out.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String key;
    private final String problem;

    /**
     * @param file    the config file
     * @param line    the 1-based line of the problem, or 0 when there is none
     * @param key     the dotted key the problem is about (for example {@code retention.daily_days}), or null
     * @param problem what is wrong, naming the key; safe to show (no secret values)
     */
    public ConfigException(Path file, int line, String key, String problem) {
        this(file, line, key, problem, null);
    }

    public ConfigException(Path file, int line, String key, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.line = Math.max(0, line);
        this.key = key;
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** {@code <file> line N: <problem>}, or {@code <file>: <problem>} when there is no line. */
    static String format(Path file, int line, String problem) {
        return file + (line > 0 ? " line " + line : "") + ": " + problem;
    }

    public Path file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem has no line. */
    public int line() {
        return line;
    }

    /** The dotted key the problem is about, when there is one. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The message without the file and line. */
    public String problem() {
        return problem;
    }
}
