package dev.grove.patina.source.d1;

import dev.grove.patina.dump.StatementInfo;
import dev.grove.patina.dump.StatementKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What D1's SQL engine refuses of a statement that Patina's {@link dev.grove.patina.dump.RestoreGuard} already
 * accepted for a restore. Found by running each case on D1's own engine (the compatibility suite, {@code
 * D1EngineCompatTest}; listed in docs/d1.md), not from documentation:
 * <ul>
 *   <li>virtual tables other than {@code fts5}, {@code rtree} and {@code rtree_i32} ({@code fts3}, {@code fts4},
 *       {@code geopoly}: "not authorized");</li>
 *   <li>tables named {@code _cf_…} (any case: D1 keeps its own there);</li>
 *   <li>the functions {@code unistr()} (written by sqlite3 shells ≥ 3.50), {@code sqlite_version()},
 *       {@code sqlite_source_id()}, {@code sqlite_compileoption_used/get()}, {@code load_extension()} and
 *       {@code fts5_source_id()} in a table definition or a value — D1 accepts them inside a view or trigger,
 *       where they only fail when used;</li>
 *   <li>{@code sqlite_stat4} (D1's SQLite keeps no such table); {@code ANALYZE} and {@code sqlite_stat1} it
 *       takes.</li>
 * </ul>
 * PRAGMAs, BEGIN/COMMIT and the 100,000-byte statement limit are checked by {@link D1Importer} itself.
 */
final class D1Refusals {
    static final Set<String> MODULES = Set.of("fts5", "rtree", "rtree_i32");
    static final Set<String> FUNCTIONS = Set.of("unistr", "sqlite_version", "sqlite_source_id",
            "sqlite_compileoption_used", "sqlite_compileoption_get", "load_extension", "fts5_source_id");

    private D1Refusals() {
    }

    /** Why D1 refuses {@code sql} (classified as {@code info}), or null when its engine runs it. */
    static String refusal(String sql, StatementInfo info) {
        StatementKind kind = info.kind();
        if ((kind == StatementKind.CREATE_TABLE || kind == StatementKind.CREATE_VIRTUAL_TABLE) && info.table() != null
                && info.table().toLowerCase(Locale.ROOT).startsWith("_cf_")) {
            return "D1 refuses a table named " + info.table() + " (it keeps its own tables under _cf_)";
        }
        if (kind == StatementKind.STATISTICS && info.table() != null
                && info.table().equalsIgnoreCase("sqlite_stat4")) {
            return "D1 has no sqlite_stat4 table (its SQLite keeps sqlite_stat1 only) — remove those statements";
        }
        List<Token> tokens = tokens(sql);
        if (kind == StatementKind.CREATE_VIRTUAL_TABLE) {
            for (int i = 0; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).word("USING")) {
                    String module = tokens.get(i + 1).text().toLowerCase(Locale.ROOT);
                    if (!MODULES.contains(module)) {
                        return "D1 refuses virtual tables of module " + module + " (it allows "
                                + String.join(", ", MODULES.stream().sorted().toList()) + ")";
                    }
                    break;
                }
            }
        }
        if (kind != StatementKind.CREATE_VIEW && kind != StatementKind.CREATE_TRIGGER) {
            for (int i = 0; i + 1 < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.bare() && FUNCTIONS.contains(t.text().toLowerCase(Locale.ROOT)) && tokens.get(i + 1).is("(")) {
                    return "D1 refuses the function " + t.text().toLowerCase(Locale.ROOT) + "()"
                            + (t.text().equalsIgnoreCase("unistr") ? " (re-dump with Patina, which writes "
                            + "such text as CAST(X'…' AS TEXT))" : "");
                }
            }
        }
        return null;
    }

    /** A word, a quoted name (unquoted, {@code bare} false) or one punctuation character; strings are skipped. */
    private record Token(String text, boolean bare) {
        boolean word(String w) {
            return bare && text.equalsIgnoreCase(w);
        }

        boolean is(String punct) {
            return bare && text.equals(punct);
        }
    }

    private static List<Token> tokens(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < n) {
                    char d = sql.charAt(j);
                    if (d == close) {
                        if (close != ']' && j + 1 < n && sql.charAt(j + 1) == close) {
                            text.append(d);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    text.append(d);
                    j++;
                }
                if (c != '\'') {
                    out.add(new Token(text.toString(), false));
                }
                i = j + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_'
                        || sql.charAt(j) == '$' || sql.charAt(j) > 0x7f)) {
                    j++;
                }
                out.add(new Token(sql.substring(i, j), true));
                i = j;
            } else {
                out.add(new Token(String.valueOf(c), true));
                i++;
            }
        }
        return out;
    }
}
