package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.patina.dump.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Reads SQLite values through D1's JSON exactly, sending each value plainly where D1's JSON keeps it and tagged where
 * it would not. D1 turns every value into a JavaScript value, which loses: integers beyond 2^53 (JSON numbers are
 * doubles), the sign of -0.0 and ±Infinity (JSON has no such numbers), whether 5.0 was a REAL (JavaScript prints
 * {@code 5}), TEXT with invalid UTF-8 (decoded with U+FFFD), and blobs (sent as arrays of numbers). So each value is
 * computed server-side by a {@code CASE typeof(…)} into one JSON value that cannot be misread:
 * <ul>
 *   <li>INTEGER within ±(2^53−1) → the JSON number itself (exact in a double); beyond → tagged {@code i<decimal>}</li>
 *   <li>TEXT → the JSON string itself, unless it starts with the tag character U+0001 (then tagged {@code x<hex>}).
 *       Text that is not valid UTF-8 comes back holding U+FFFD: {@link #decode} answers {@link #DAMAGED} and the
 *       reader asks for that page again with every TEXT as {@code x<hex of its bytes>} ({@code hexText})</li>
 *   <li>REAL → the JSON number itself when it is not integral within ±2^53 (JavaScript prints the shortest text that
 *       reads back to the same double, with a {@code .} or an exponent, or as an integer beyond 2^53 that no plain
 *       INTEGER can be); integral ones as {@code r<integer>}; ±Inf as {@code rInf}/{@code r-Inf}; zero as
 *       {@code r0.0} or {@code r-0.0} — its sign read with {@code atan2(c, -1) < 0} where the math functions exist</li>
 *   <li>BLOB → tagged {@code b<hex>}; NULL → JSON null</li>
 * </ul>
 * A tagged value is a JSON string of U+0001, the tag letter, then the text. Plain INTEGER and TEXT, most of a
 * database, cost D1 one {@code typeof} and one comparison each, and travel without quotes, tags or hex.
 */
final class D1ValueEncoding {
    /** Starts every tagged value; TEXT starting with it is sent as hex. */
    static final char TAG = '\u0001';
    /** Plain JSON integers up to this magnitude are INTEGER; beyond it they can only be a REAL. */
    static final long SAFE_INTEGER = (1L << 53) - 1;
    /** What {@link #decode} answers for TEXT that came back holding U+FFFD (possibly invalid UTF-8 on D1). */
    static final Value DAMAGED = new Value(ValueType.TEXT, 0, 0, new byte[0]);

    private static final String MAX = "1.7976931348623157e308";
    private static final String T = "char(1) || ";

    private D1ValueEncoding() {
    }

    /**
     * The SQL expression that encodes {@code column} (an already quoted identifier or a rowid name).
     *
     * @param signedZero whether {@code atan2()} is available to tell -0.0 from 0.0; without it -0.0 reads as 0.0
     * @param hexText    every TEXT as {@code x<hex>} (for a page whose plain TEXT came back damaged)
     */
    static String encode(String column, boolean signedZero, boolean hexText) {
        String c = column;
        String zero = signedZero ? "CASE WHEN atan2(" + c + ", -1) < 0 THEN " + T + "'r-0.0' ELSE " + T
                + "'r0.0' END" : T + "'r0.0'";
        String text = hexText ? T + "'x' || hex(" + c + ")"
                : "CASE WHEN substr(" + c + ", 1, 1) = char(1) THEN " + T + "'x' || hex(" + c + ") ELSE " + c + " END";
        return "CASE typeof(" + c + ") WHEN 'integer' THEN CASE WHEN " + c + " BETWEEN -" + SAFE_INTEGER + " AND "
                + SAFE_INTEGER + " THEN " + c + " ELSE " + T + "'i' || " + c + " END"
                + " WHEN 'text' THEN " + text
                + " WHEN 'real' THEN CASE WHEN " + c + " = 0 THEN " + zero
                + " WHEN " + c + " > " + MAX + " OR " + c + " < -" + MAX + " THEN " + T + "'r' || printf('%!.17g', "
                + c + ") WHEN " + c + " BETWEEN -" + (SAFE_INTEGER + 1) + " AND " + (SAFE_INTEGER + 1) + " AND " + c
                + " = CAST(" + c + " AS INTEGER) THEN " + T + "'r' || CAST(" + c + " AS INTEGER) ELSE " + c + " END"
                + " WHEN 'blob' THEN " + T + "'b' || hex(" + c + ") END";
    }

    /** One decoded value. For TEXT and BLOB {@code bytes} holds the exact stored bytes. */
    record Value(ValueType type, long integer, double real, byte[] bytes) {
        static final Value NULL = new Value(ValueType.NULL, 0, 0, null);

        /** This value as a SQL literal, for keyset paging conditions. */
        String literal() {
            return switch (type) {
                case NULL -> "NULL";
                case INTEGER -> Long.toString(integer);
                case REAL -> realLiteral(real);
                case TEXT -> "CAST(X'" + HexFormat.of().formatHex(bytes) + "' AS TEXT)";
                case BLOB -> "X'" + HexFormat.of().formatHex(bytes) + "'";
            };
        }
    }

    private static String realLiteral(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "9e999" : "-9e999";
        }
        if (d == 0) {
            return (1 / d) < 0 ? "-0.0" : "0.0";
        }
        // Java's repr is exact on read-back by any correctly rounding parser; written as 17 digits like SQLite's.
        return String.format(Locale.ROOT, "%.16e", d);
    }

    /**
     * Decodes one value produced by {@link #encode}; {@link #DAMAGED} (compare by identity) for plain TEXT holding
     * U+FFFD, which the caller must read again with {@code hexText}.
     *
     * @throws IllegalStateException for a JSON value {@link #encode} cannot produce
     */
    static Value decode(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Value.NULL;
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                long v = node.longValue();
                if (v >= -SAFE_INTEGER && v <= SAFE_INTEGER) {
                    return new Value(ValueType.INTEGER, v, 0, null);
                }
            }
            // beyond 2^53 a plain number is a REAL (JavaScript's shortest digits; rounding them gives the double)
            return new Value(ValueType.REAL, 0, node.doubleValue(), null);
        }
        if (node.isNumber()) {
            return new Value(ValueType.REAL, 0, node.doubleValue(), null);
        }
        if (!node.isTextual()) {
            throw new IllegalStateException("unexpected value from D1: " + node.getNodeType());
        }
        String s = node.textValue();
        if (s.isEmpty() || s.charAt(0) != TAG) {
            return s.indexOf('\uFFFD') >= 0 ? DAMAGED : new Value(ValueType.TEXT, 0, 0,
                    s.getBytes(StandardCharsets.UTF_8));
        }
        if (s.length() < 2) {
            throw new IllegalStateException("unexpected value from D1: a tag without a letter");
        }
        String rest = s.substring(2);
        return switch (s.charAt(1)) {
            case 'i' -> new Value(ValueType.INTEGER, Long.parseLong(rest), 0, null);
            case 'r' -> new Value(ValueType.REAL, 0, parseReal(rest), null);
            case 'x' -> new Value(ValueType.TEXT, 0, 0, HexFormat.of().parseHex(rest));
            case 'b' -> new Value(ValueType.BLOB, 0, 0, HexFormat.of().parseHex(rest));
            default -> throw new IllegalStateException("unexpected value from D1: tag '" + s.charAt(1) + "'");
        };
    }

    private static double parseReal(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("+inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        return Double.parseDouble(t);
    }
}
