package dev.grove.patina.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Judges an operator's check ({@code [[databases]] checks = [...]}) when the config loads: it must be one statement,
 * a SELECT (or a WITH whose statement is a SELECT), that SQLite can parse. A check is judged again when it runs: the
 * test restore opens the scratch copy read-only, so whatever slips past the words here cannot write (ADR 0015).
 */
public final class CheckStatements {
    /** Words that make a statement write, or reach outside the database, when they stand outside parentheses. */
    private static final Set<String> WRITING = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP",
            "ALTER", "ATTACH", "DETACH", "PRAGMA", "VACUUM", "REINDEX", "ANALYZE", "BEGIN", "COMMIT", "ROLLBACK",
            "SAVEPOINT", "RELEASE", "UPSERT", "RETURNING");

    private CheckStatements() {
    }

    /** Why {@code sql} is not a single read-only SELECT/WITH statement, or empty when it is one. */
    public static Optional<String> problem(String sql) {
        if (sql == null || sql.isBlank()) {
            return Optional.of("is empty: give a SELECT that returns a true value, e.g. \"SELECT count(*) > 0 FROM "
                    + "users\"");
        }
        List<String> words;
        try {
            words = topLevelWords(sql);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (words.isEmpty() || !(words.get(0).equals("SELECT") || words.get(0).equals("WITH")
                || words.get(0).equals("VALUES"))) {
            return Optional.of("is not a SELECT: a check must be a single read-only SELECT (or WITH … SELECT) "
                    + "statement, found " + (words.isEmpty() ? "none" : words.get(0)));
        }
        for (String w : words) {
            if (w.equals(";")) {
                return Optional.of("holds more than one statement: a check is a single SELECT");
            }
            if (WRITING.contains(w)) {
                return Optional.of("is not read-only: it holds " + w + " — a check may only read (a single SELECT)");
            }
        }
        return syntax(sql);
    }

    /**
     * SQLite's own parse of the statement on an empty, read-only in-memory database: a syntax error is refused; a
     * table, column or function it does not know there is fine (the restored database has them).
     */
    private static Optional<String> syntax(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             PreparedStatement ps = c.prepareStatement(sql)) {
            return Optional.empty();
        } catch (SQLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("no such ") || m.contains("wrong number of arguments")) {
                return Optional.empty();
            }
            return Optional.of("is not valid SQL: " + m.replaceFirst("^\\[SQLITE_ERROR\\] SQL error or missing "
                    + "database \\((.*)\\)$", "$1"));
        }
    }

    /**
     * The statement's words (upper case) outside parentheses, strings, quoted names and comments, and a {@code ;}
     * for every semicolon followed by more than blanks.
     */
    private static List<String> topLevelWords(String sql) {
        List<String> words = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int end = sql.indexOf(close, i + 1);
                while (end >= 0 && close != ']' && end + 1 < n && sql.charAt(end + 1) == close) {
                    end = sql.indexOf(close, end + 2);
                }
                if (end < 0) {
                    throw new IllegalArgumentException("is not valid SQL: an unterminated " + c + " quote");
                }
                i = end + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                depth--;
                i++;
            } else if (c == ';') {
                if (!sql.substring(i + 1).isBlank()) {
                    words.add(";");
                }
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                int next = i;
                while (next < n && Character.isWhitespace(sql.charAt(next))) {
                    next++;
                }
                boolean call = next < n && sql.charAt(next) == '(' && depth >= 0;
                String w = sql.substring(start, i).toUpperCase(Locale.ROOT);
                // replace(x, y, z) is a function, not the REPLACE statement
                if (depth == 0 && !(call && w.equals("REPLACE"))) {
                    words.add(w);
                }
            } else {
                i++;
            }
        }
        return words;
    }
}
