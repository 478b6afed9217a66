package dev.grove.patina.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * One SQL statement as a list of tokens, by the same rules as the restore guard's tokenizer (SQLite's
 * {@code tokenize.c}): strings, quoted identifiers ({@code "…"}, {@code […]}, {@code `…`}), blobs and numbers
 * whole; whitespace and comments dropped, but each token knows whether something stood between it and the
 * previous one.
 */
public final class SqlTokens {

    /** What a token is. */
    public enum LexemeKind {
        /** An unquoted identifier or keyword. */
        WORD,
        /** A quoted identifier. */
        QUOTED,
        /** A {@code '…'} string literal. */
        STRING,
        /** An {@code X'…'} blob literal. */
        BLOB,
        NUMBER,
        PARAM,
        /** Punctuation and operators ({@code ||} included), {@code ;} too. */
        PUNCT,
        /** Something SQLite would reject (an unterminated literal, {@code 12abc}). */
        ILLEGAL
    }

    /**
     * One token: {@code text} as written, {@code name} its name for a word or quoted identifier (quotes removed,
     * doubled quotes collapsed; null otherwise), {@code spaced} whether whitespace or a comment preceded it.
     */
    public record Lexeme(LexemeKind kind, String text, String name, boolean spaced) {

        /** Whether this is the unquoted keyword {@code word}, ignoring ASCII case. */
        public boolean is(String word) {
            return kind == LexemeKind.WORD && text.equalsIgnoreCase(word);
        }

        /** Whether this is the punctuation character {@code c}. */
        public boolean is(char c) {
            return kind == LexemeKind.PUNCT && text.length() == 1 && text.charAt(0) == c;
        }
    }

    private SqlTokens() {
    }

    /** Tokenizes {@code sql} to its end. */
    public static List<Lexeme> of(String sql) {
        SqlTokenizer t = new SqlTokenizer(sql);
        List<Lexeme> out = new ArrayList<>();
        int previousEnd = 0;
        while (t.advance() != SqlTokenizer.EOF) {
            LexemeKind kind = switch (t.type) {
                case SqlTokenizer.IDENT -> LexemeKind.WORD;
                case SqlTokenizer.QUOTED -> LexemeKind.QUOTED;
                case SqlTokenizer.STRING -> LexemeKind.STRING;
                case SqlTokenizer.BLOB -> LexemeKind.BLOB;
                case SqlTokenizer.NUMBER -> LexemeKind.NUMBER;
                case SqlTokenizer.PARAM -> LexemeKind.PARAM;
                case SqlTokenizer.ILLEGAL -> LexemeKind.ILLEGAL;
                default -> LexemeKind.PUNCT;
            };
            String name = kind == LexemeKind.WORD || kind == LexemeKind.QUOTED ? t.unquoted() : null;
            out.add(new Lexeme(kind, t.text(), name, t.start > previousEnd));
            previousEnd = t.end;
        }
        return out;
    }
}
