package dev.grove.patina.dump;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes SQLite values as SQL literals that load back to the identical value in SQLite and D1: the same
 * {@code typeof()} and the same {@code hex()}.
 *
 * <ul>
 *   <li>NULL → {@code NULL}; INTEGER → exact 64-bit decimal.</li>
 *   <li>REAL → the shortest decimal that parses back to the same double (at most 17 significant digits),
 *       always with a {@code .} or exponent so it stays a REAL; ±Infinity → {@code 1e999}/{@code -1e999}.</li>
 *   <li>TEXT → {@code '…'} with {@code ''} escaping; text holding NUL bytes, a CR or invalid UTF-8 →
 *       {@code CAST(X'…' AS TEXT)}, which keeps every byte (no {@code unistr()}, which D1 cannot load). A CR is
 *       never written raw: the {@code sqlite3} shell drops a CR that ends an input line, and a raw NUL ends its
 *       line (and D1's {@code wrangler d1 execute --file} refuses it).</li>
 *   <li>BLOB → {@code X'…'}.</li>
 * </ul>
 */
public final class SqlLiteral {
    private SqlLiteral() {
    }

    /**
     * Formats one value: {@code null}, a {@link Long}/{@link Integer}, a {@link Double}, a {@link String}
     * (TEXT), a {@link TextBytes} (TEXT given as raw bytes, possibly not valid UTF-8) or a {@code byte[]} (BLOB).
     */
    public static String format(Object value) {
        SqlBuffer b = new SqlBuffer(32);
        append(b, value);
        return b.asString();
    }

    /** TEXT given as its raw bytes in the database (UTF-8 database encoding), which may be invalid UTF-8. */
    public record TextBytes(byte[] bytes) {
    }

    static void append(SqlBuffer b, Object value) {
        if (value == null) {
            b.appendAscii("NULL");
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            appendInteger(b, ((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            appendReal(b, ((Number) value).doubleValue());
        } else if (value instanceof String s) {
            if (s.indexOf('\0') >= 0 || s.indexOf('\r') >= 0) {
                appendTextBytes(b, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                appendText(b, s);
            }
        } else if (value instanceof TextBytes t) {
            appendTextBytes(b, t.bytes());
        } else if (value instanceof byte[] blob) {
            appendBlob(b, blob);
        } else {
            throw new IllegalArgumentException("not a SQLite value: " + value.getClass().getName());
        }
    }

    static void appendInteger(SqlBuffer b, long v) {
        b.appendLong(v);
    }

    static void appendReal(SqlBuffer b, double v) {
        b.appendAscii(formatReal(v));
    }

    /** Shortest round-trip text of a REAL, as described in the class comment. NaN (SQLite stores none) → NULL. */
    public static String formatReal(double v) {
        if (Double.isNaN(v)) {
            return "NULL";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "1e999" : "-1e999";
        }
        String s = Double.toString(v);
        int digits = significantDigits(s);
        if (digits < 16) {
            return s;
        }
        // Java 17's Double.toString round-trips but is not always the shortest form; try fewer digits.
        for (int precision = 15; precision <= 17; precision++) {
            BigDecimal rounded = new BigDecimal(s).round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == v) {
                if (precision >= digits) {
                    return s;
                }
                return scientific(rounded, v);
            }
        }
        return s;
    }

    private static int significantDigits(String javaDouble) {
        int count = 0;
        boolean leading = true;
        int trailingZeros = 0;
        for (int i = 0; i < javaDouble.length(); i++) {
            char c = javaDouble.charAt(i);
            if (c == 'E') {
                break;
            }
            if (c >= '0' && c <= '9') {
                if (leading && c == '0') {
                    continue;
                }
                leading = false;
                count++;
                trailingZeros = c == '0' ? trailingZeros + 1 : 0;
            }
        }
        return Math.max(1, count - trailingZeros);
    }

    private static String scientific(BigDecimal value, double original) {
        BigDecimal stripped = value.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - stripped.scale();
        StringBuilder sb = new StringBuilder(digits.length() + 8);
        if (original < 0 || (original == 0 && 1 / original < 0)) {
            sb.append('-');
        }
        sb.append(digits.charAt(0)).append('.');
        sb.append(digits.length() > 1 ? digits.substring(1) : "0");
        if (exponent != 0) {
            sb.append('e').append(exponent);
        }
        return sb.toString();
    }

    /** Appends TEXT known to hold no NUL and no CR character. */
    static void appendText(SqlBuffer b, String s) {
        b.append('\'');
        b.appendUtf8Doubling(s, '\'');
        b.append('\'');
    }

    /**
     * Appends TEXT given as raw bytes: a plain literal when it is clean UTF-8 without NUL or CR, else a CAST of its
     * hex bytes.
     */
    static void appendTextBytes(SqlBuffer b, byte[] raw) {
        int mark = b.size();
        b.append('\'');
        if (b.appendCleanUtf8DoublingQuote(raw)) {
            b.append('\'');
        } else {
            b.truncate(mark);
            b.appendAscii("CAST(X'");
            b.appendHex(raw, 0, raw.length);
            b.appendAscii("' AS TEXT)");
        }
    }

    static void appendBlob(SqlBuffer b, byte[] blob) {
        b.appendAscii("X'");
        b.appendHex(blob, 0, blob.length);
        b.append('\'');
    }

    /** Appends a double-quoted identifier with embedded {@code "} doubled. */
    static void appendIdentifier(SqlBuffer b, String name) {
        b.append('"');
        b.appendUtf8Doubling(name, '"');
        b.append('"');
    }

    /** Returns {@code name} as a double-quoted SQL identifier: {@code my"t} → {@code "my""t"}. */
    public static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

}
