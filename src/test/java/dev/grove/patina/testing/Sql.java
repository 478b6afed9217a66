package dev.grove.patina.testing;

import java.util.Locale;

/** SQL quoting and display helpers shared by the test-support classes. */
final class Sql {

    private Sql() {
    }

    /** Quotes an identifier for SQLite: {@code "} around, embedded {@code "} doubled. */
    static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Quotes a string literal for SQLite: {@code '} around, embedded {@code '} doubled. */
    static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    /** An identifier as shown in messages: SQL-quoted, control characters escaped. */
    static String display(String name) {
        return escapeControls(ident(name));
    }

    /** SQLite folds identifier case for ASCII letters only. */
    static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return b.toString();
    }

    static String escapeControls(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    static String hex(byte[] bytes, int from, int to) {
        StringBuilder b = new StringBuilder((to - from) * 2);
        for (int i = from; i < to; i++) {
            b.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return b.toString();
    }

    static String hex(byte[] bytes) {
        return hex(bytes, 0, bytes.length);
    }
}
