package dev.grove.patina.dump;

/**
 * A small SQL tokenizer over one statement, following the token rules of SQLite's {@code tokenize.c}
 * closely enough that a name it sees is the name SQLite sees: strings, quoted identifiers,
 * comments, numbers, blobs and parameters are recognised whole.
 *
 * <p>It keeps one current token ({@link #type}, {@link #start}, {@link #end}); {@link #advance()} moves on.
 * Whitespace and comments are skipped. It is not thread-safe and is used for a single statement.
 */
final class SqlTokenizer {

    static final int EOF = 0;
    /** An unquoted identifier or keyword. */
    static final int IDENT = 1;
    /** A {@code "…"}, {@code `…`} or {@code […]} identifier. */
    static final int QUOTED = 2;
    /** A {@code '…'} string literal. */
    static final int STRING = 3;
    /** An {@code X'…'} blob literal. */
    static final int BLOB = 4;
    /** A numeric literal. */
    static final int NUMBER = 5;
    /** A bound parameter such as {@code ?}, {@code ?1}, {@code :name}, {@code @name} or {@code $name}. */
    static final int PARAM = 6;
    /** The {@code ||} operator. */
    static final int CONCAT = 7;
    /** {@code ;}. */
    static final int SEMI = 8;
    /** Any other single character: punctuation and operators. */
    static final int PUNCT = 9;
    /** Something SQLite itself would reject, such as {@code 12abc} or an unterminated literal. */
    static final int ILLEGAL = 10;

    private final String s;
    private final int n;
    private int next;

    int type;
    int start;
    int end;

    SqlTokenizer(String s) {
        this.s = s;
        this.n = s.length();
    }

    /** Moves to the next token and returns its type. */
    int advance() {
        int i = skipSpace(next);
        start = i;
        if (i >= n) {
            end = n;
            next = n;
            return type = EOF;
        }
        char c = s.charAt(i);
        switch (c) {
            case '\'': {
                int j = closeQuoted(i, '\'');
                return j < 0 ? finish(ILLEGAL, n) : finish(STRING, j);
            }
            case '"':
            case '`': {
                int j = closeQuoted(i, c);
                return j < 0 ? finish(ILLEGAL, n) : finish(QUOTED, j);
            }
            case '[': {
                int j = s.indexOf(']', i + 1);
                return j < 0 ? finish(ILLEGAL, n) : finish(QUOTED, j + 1);
            }
            case ';':
                return finish(SEMI, i + 1);
            case '|':
                if (i + 1 < n && s.charAt(i + 1) == '|') {
                    return finish(CONCAT, i + 2);
                }
                return finish(PUNCT, i + 1);
            case '?': {
                int j = i + 1;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
                return finish(PARAM, j);
            }
            case ':':
            case '@':
            case '$':
            case '#': {
                int j = i + 1;
                while (j < n && isIdChar(s.charAt(j))) {
                    j++;
                }
                return j > i + 1 ? finish(PARAM, j) : finish(PUNCT, i + 1);
            }
            case '.':
                if (i + 1 < n && isDigit(s.charAt(i + 1))) {
                    return number(i);
                }
                return finish(PUNCT, i + 1);
            case 'x':
            case 'X':
                if (i + 1 < n && s.charAt(i + 1) == '\'') {
                    int j = s.indexOf('\'', i + 2);
                    return j < 0 ? finish(ILLEGAL, n) : finish(BLOB, j + 1);
                }
                return identifier(i);
            default:
                if (isDigit(c)) {
                    return number(i);
                }
                if (isIdStart(c)) {
                    return identifier(i);
                }
                return finish(PUNCT, i + 1);
        }
    }

    /** Returns the first character of the next token without moving, or -1 at the end. */
    int peekChar() {
        int i = skipSpace(next);
        return i < n ? s.charAt(i) : -1;
    }

    /** Returns the current token's character; meaningful for {@link #PUNCT} tokens. */
    char punct() {
        return s.charAt(start);
    }

    /** Returns true if the current token is the unquoted keyword or name {@code word}, ignoring ASCII case. */
    boolean is(String word) {
        return type == IDENT && end - start == word.length() && regionEqualsIgnoreCase(start, word);
    }

    /** Returns true if the current token is a name (unquoted, quoted or a string) equal to {@code word}. */
    boolean nameIs(String word) {
        int from = contentStart();
        int to = contentEnd();
        if (to - from != word.length()) {
            return false;
        }
        return regionEqualsIgnoreCase(from, word) && (type == IDENT || !hasEscapes());
    }

    /** Returns true if the current token can be used as a name: an identifier, a quoted identifier or a string. */
    boolean isName() {
        return type == IDENT || type == QUOTED || type == STRING;
    }

    /** Returns the current name token without its quotes and with doubled quotes collapsed. */
    String unquoted() {
        if (type == IDENT) {
            return s.substring(start, end);
        }
        String inner = s.substring(start + 1, end - 1);
        char q = s.charAt(start);
        if (q == '[') {
            return inner;
        }
        String one = String.valueOf(q);
        return inner.replace(one + one, one);
    }

    /** Returns the current token's text as written. */
    String text() {
        return s.substring(start, end);
    }

    /** Returns a short excerpt of the current token for messages. */
    String excerpt() {
        if (type == EOF) {
            return "the end of the statement";
        }
        String t = end - start > 40 ? s.substring(start, start + 37) + "…" : s.substring(start, end);
        return "`" + t + "`";
    }

    /** Returns the start of the current token's content: after the opening quote for quoted tokens. */
    int contentStart() {
        return type == QUOTED || type == STRING ? start + 1 : start;
    }

    /** Returns the end of the current token's content: before the closing quote for quoted tokens. */
    int contentEnd() {
        return type == QUOTED || type == STRING ? end - 1 : end;
    }

    /** Compares a region of the statement with an ASCII word, ignoring ASCII case only (as SQLite does). */
    boolean regionEqualsIgnoreCase(int from, String word) {
        for (int k = 0; k < word.length(); k++) {
            char a = s.charAt(from + k);
            char b = word.charAt(k);
            if (a != b && toLowerAscii(a) != toLowerAscii(b)) {
                return false;
            }
        }
        return true;
    }

    /** Returns true if the current token is an integer literal (decimal or hex, digits only). */
    boolean isIntegerLiteral() {
        if (type != NUMBER) {
            return false;
        }
        int i = start;
        if (end - i > 2 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            return true;
        }
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    private boolean hasEscapes() {
        char q = s.charAt(start);
        if (q == '[') {
            return false;
        }
        for (int i = start + 1; i < end - 1; i++) {
            if (s.charAt(i) == q) {
                return true;
            }
        }
        return false;
    }

    private int finish(int t, int e) {
        end = e;
        next = e;
        return type = t;
    }

    /** Returns the index just after the closing quote, or -1 if the literal is not terminated. */
    private int closeQuoted(int i, char q) {
        int j = i + 1;
        for (;;) {
            int k = s.indexOf(q, j);
            if (k < 0) {
                return -1;
            }
            if (k + 1 < n && s.charAt(k + 1) == q) {
                j = k + 2;
                continue;
            }
            return k + 1;
        }
    }

    private int identifier(int i) {
        int j = i + 1;
        while (j < n && isIdChar(s.charAt(j))) {
            j++;
        }
        return finish(IDENT, j);
    }

    private int number(int i) {
        int j = i;
        if (s.charAt(j) == '0' && j + 2 < n
                && (s.charAt(j + 1) == 'x' || s.charAt(j + 1) == 'X') && isHexDigit(s.charAt(j + 2))) {
            j += 2;
            while (j < n && (isHexDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
        } else {
            while (j < n && (isDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            if (j < n && s.charAt(j) == '.') {
                j++;
                while (j < n && (isDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
            }
            if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
                int k = j + 1;
                if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                    k++;
                }
                if (k < n && isDigit(s.charAt(k))) {
                    j = k;
                    while (j < n && isDigit(s.charAt(j))) {
                        j++;
                    }
                }
            }
        }
        if (j < n && isIdChar(s.charAt(j))) {
            // Like SQLite: a number running into identifier characters is one illegal token.
            while (j < n && isIdChar(s.charAt(j))) {
                j++;
            }
            return finish(ILLEGAL, j);
        }
        return finish(NUMBER, j);
    }

    private int skipSpace(int i) {
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int j = s.indexOf('\n', i + 2);
                i = j < 0 ? n : j + 1;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int j = s.indexOf("*/", i + 2);
                i = j < 0 ? n : j + 2;
            } else {
                break;
            }
        }
        return i;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Mirrors SQLite's IdChar(): ASCII letters, digits, '_', '$' and every non-ASCII character. */
    static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    private static boolean isIdStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
