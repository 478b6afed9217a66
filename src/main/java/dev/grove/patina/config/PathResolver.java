package dev.grove.patina.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Turns a path written in the config into an absolute one: {@code ~/} is the user's home ({@code HOME}, else
 * {@code USERPROFILE}); a relative path is relative to the config file's folder.
 */
final class PathResolver {
    private final Function<String, String> env;

    PathResolver(Function<String, String> env) {
        this.env = env;
    }

    Path resolve(TableView t, String key, String text) {
        try {
            if (text.equals("~") || text.startsWith("~/") || text.startsWith("~\\")) {
                String home = env.apply("HOME");
                if (home == null || home.isBlank()) {
                    home = env.apply("USERPROFILE");
                }
                if (home == null || home.isBlank()) {
                    throw t.error(key, t.key(key) + " starts with ~ but HOME is not set; write the full path");
                }
                return Path.of(home).resolve(text.length() > 2 ? text.substring(2) : "").normalize();
            }
            Path p = Path.of(text);
            return (p.isAbsolute() ? p : t.file().folder().resolve(p)).normalize();
        } catch (InvalidPathException e) {
            throw t.error(key, t.key(key) + " is not a valid path (" + e.getReason() + ")");
        }
    }
}
