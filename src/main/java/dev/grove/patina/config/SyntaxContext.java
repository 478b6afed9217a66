package dev.grove.patina.config;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the key a TOML syntax error is on, from the raw text: the last table header above the line and the bare key
 * before {@code =} on it. Best effort: the parser's own message is the authority.
 */
final class SyntaxContext {
    private static final Pattern HEADER = Pattern.compile("^\\s*\\[(\\[?)\\s*([A-Za-z0-9_.\\-]+)\\s*\\]?\\]?.*");
    private static final Pattern KEY = Pattern.compile("^\\s*([A-Za-z0-9_.\\-]+)\\s*=.*");

    private SyntaxContext() {
    }

    /**
     * The dotted key on {@code line} (1-based), or null when it cannot be told. Entries of {@code [[x]]} are named
     * {@code x[n]}, counted from 1, as the loader names them.
     */
    static String keyAt(String text, int line) {
        String[] lines = text.split("\r?\n", -1);
        if (line < 1 || line > lines.length) {
            return null;
        }
        String table = "";
        Map<String, Integer> arrayCounts = new HashMap<>();
        for (int i = 0; i < line; i++) {
            Matcher h = HEADER.matcher(lines[i]);
            if (h.matches()) {
                String name = h.group(2);
                table = h.group(1).isEmpty() ? name : name + "[" + arrayCounts.merge(name, 1, Integer::sum) + "]";
                if (i == line - 1) {
                    return table;
                }
            }
        }
        String current = lines[line - 1];
        Matcher k = KEY.matcher(current);
        if (k.matches()) {
            return table.isEmpty() ? k.group(1) : table + "." + k.group(1);
        }
        return table.isEmpty() ? null : table;
    }
}
