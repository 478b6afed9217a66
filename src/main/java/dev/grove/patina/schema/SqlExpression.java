package dev.grove.patina.schema;

import dev.grove.patina.dump.SqlTokens;
import dev.grove.patina.dump.SqlTokens.LexemeKind;
import dev.grove.patina.dump.SqlTokens.Lexeme;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An SQL expression taken from a CREATE statement: {@code text} as written, with comments dropped and each run of
 * whitespace one space; {@code canonical} what is compared — words and plain identifiers lower-cased (quoted or not),
 * literals exactly as written — so a rewrite that changes only whitespace, comments, keyword case or quoting
 * compares equal, and one that changes a literal does not.
 */
public record SqlExpression(String text, String canonical) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    static SqlExpression of(List<Lexeme> tokens) {
        StringBuilder text = new StringBuilder();
        StringBuilder canonical = new StringBuilder();
        for (Lexeme t : tokens) {
            if (t.spaced() && text.length() > 0) {
                text.append(' ');
            }
            text.append(t.text());
            if (canonical.length() > 0) {
                canonical.append(' ');
            }
            canonical.append(canonical(t));
        }
        return new SqlExpression(text.toString(), canonical.toString());
    }

    /** Parses {@code sql} as one expression (for tests and callers holding text). */
    public static SqlExpression parse(String sql) {
        return of(SqlTokens.of(sql));
    }

    private static String canonical(Lexeme t) {
        if (t.kind() == LexemeKind.WORD || t.kind() == LexemeKind.QUOTED && PLAIN.matcher(t.name()).matches()) {
            return lowerAscii(t.name());
        }
        if (t.kind() == LexemeKind.QUOTED) {
            return "\"" + t.name().replace("\"", "\"\"") + "\"";
        }
        if (t.kind() == LexemeKind.BLOB) {
            return "x" + t.text().substring(1).toLowerCase(java.util.Locale.ROOT);
        }
        return t.text();
    }

    static String lowerAscii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }
}
