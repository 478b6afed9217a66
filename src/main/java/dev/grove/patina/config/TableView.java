package dev.grove.patina.config;

import dev.grove.patina.util.Secret;
import java.net.URI;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * One TOML table read for the config: typed getters whose errors name the dotted key and its line. Found values are
 * shown in errors only through {@link #shown(String)}, which secret keys never use.
 */
final class TableView {
    private final ConfigFile file;
    private final TomlTable table;
    private final String path;
    private final int headerLine;

    /**
     * @param path       the dotted path of this table ({@code store}, {@code databases[2]}), empty for the root
     * @param headerLine the line of the table's header, for problems about a key that is missing
     */
    TableView(ConfigFile file, TomlTable table, String path, int headerLine) {
        this.file = file;
        this.table = table;
        this.path = path;
        this.headerLine = headerLine;
    }

    ConfigFile file() {
        return file;
    }

    String path() {
        return path;
    }

    int headerLine() {
        return headerLine;
    }

    /** The dotted key of {@code key} in this table, as errors name it. */
    String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return table.contains(List.of(key));
    }

    /** The line of {@code key}, or of the table header when the key is absent. */
    int line(String key) {
        TomlPosition p = table.inputPositionOf(List.of(key));
        return p != null ? p.line() : headerLine;
    }

    /** The keys of this table in the order they appear in the file. */
    List<String> keysInFileOrder() {
        return table.keySet().stream().sorted(Comparator.comparingInt(this::line)).toList();
    }

    Object raw(String key) {
        return table.get(List.of(key));
    }

    ConfigException error(String key, String problem) {
        return file.error(line(key), key(key), problem);
    }

    void warn(String key, String problem) {
        file.warn(line(key), problem);
    }

    /** Fails on the first key not in {@code known}, suggesting the closest known one. */
    void rejectUnknownKeys(Set<String> known, String where) {
        for (String key : keysInFileOrder()) {
            if (!known.contains(key)) {
                throw error(key, "unknown key " + key(key) + " in " + where
                        + Suggestions.didYouMean(key, known.stream().sorted().toList()));
            }
        }
    }

    /** Fails on a key that only a table of another type uses, then on any other unknown key. */
    void rejectKeysOfOtherType(Set<String> own, Set<String> other, String where) {
        for (String key : keysInFileOrder()) {
            if (!own.contains(key) && other.contains(key)) {
                throw error(key, key(key) + " is not used by " + where);
            }
        }
        rejectUnknownKeys(own, where);
    }

    /** An http(s) URL with a host, no user info; the value is not secret and is shown in errors. */
    URI httpUrl(String key, String text) {
        ConfigRules.httpUrl(text).ifPresent(problem -> {
            throw error(key, key(key) + " " + problem);
        });
        URI uri = URI.create(text.strip());
        if (ConfigRules.isPlainHttpToARemoteHost(uri)) {
            warn(key, key(key) + " uses plain http: credentials and data travel unencrypted");
        }
        return uri;
    }

    /** A URL that is a secret: checked without ever showing it. */
    void checkSecretUrl(String key, Secret secret) {
        ConfigRules.secretHttpUrl(secret).ifPresent(problem -> {
            throw error(key, key(key) + " " + problem);
        });
    }

    Optional<String> string(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw error(key, key(key) + " must be a string (found " + typeName(v) + ")");
        }
        return Optional.of(s);
    }

    String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /** A string that must be present and not blank. */
    String requiredString(String key, String context) {
        String s = string(key).orElseThrow(() -> error(key, key(key) + " is required" + context));
        if (s.isBlank()) {
            throw error(key, key(key) + " must not be empty");
        }
        return s;
    }

    Optional<Long> integer(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Long n)) {
            throw error(key, key(key) + " must be an integer (found " + typeName(v) + ")");
        }
        return Optional.of(n);
    }

    /** An integer in {@code min..max}, or {@code defaultValue} when absent. */
    int integer(String key, int defaultValue, long min, long max) {
        long n = integer(key).orElse((long) defaultValue);
        if (n < min || n > max) {
            String rule = max >= Integer.MAX_VALUE ? "≥ " + min : "between " + min + " and " + max;
            throw error(key, key(key) + " must be " + rule + " (found " + n + ")");
        }
        return (int) n;
    }

    boolean bool(String key, boolean defaultValue) {
        Object v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean b)) {
            throw error(key, key(key) + " must be true or false (found " + typeName(v) + ")");
        }
        return b;
    }

    /** A non-secret value, quoted for an error message. */
    static String shown(String value) {
        String s = value.length() > 200 ? value.substring(0, 200) + "…" : value;
        return "'" + s + "'";
    }

    /** True for {@code [[x]]} tables (or an inline array of inline tables). */
    static boolean isArrayOfTables(TomlArray a) {
        if (a.isEmpty()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof TomlTable)) {
                return false;
            }
        }
        return true;
    }

    /** The TOML type of a value, as errors name it. */
    static String typeName(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Long) {
            return "an integer";
        }
        if (v instanceof Double) {
            return "a float";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof OffsetDateTime || v instanceof LocalDateTime || v instanceof LocalDate
                || v instanceof LocalTime) {
            return "a date/time";
        }
        if (v instanceof TomlArray a) {
            return isArrayOfTables(a) ? "an array of tables" : "an array";
        }
        if (v instanceof TomlTable) {
            return "a table";
        }
        return "a " + v.getClass().getSimpleName();
    }
}
