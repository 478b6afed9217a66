package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.patina.dump.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Reads SQLite values through D1's JSON exactly. D1 turns every value into a JavaScript value, which loses:
 * integers beyond 2^53 (JSON numbers are doubles), the sign of -0.0 and ±Infinity (JSON has no such numbers),
 * TEXT with invalid UTF-8 (decoded with U+FFFD), and blobs (sent as arrays of numbers). So each value is computed
 * server-side into one JSON value that cannot be misread:
 * <ul>
 *   <li>INTEGER → the string {@code i<decimal>} ({@code 'i' || c}: SQLite's exact integer-to-text)</li>
 *   <li>REAL → the JSON number itself (JavaScript prints the shortest text that reads back to the same double, so
 *       a finite non-zero double survives exactly); ±Inf, which JSON cannot carry, as {@code rInf}/{@code r-Inf};
 *       zero as {@code r0.0} or {@code r-0.0} — SQLite prints -0.0 as {@code 0.0}, so its sign is read with
 *       {@code atan2(c, -1) < 0} where the math functions exist (see {@link #encode(String, boolean)})</li>
 *   <li>TEXT → {@code t<text>} when it is plain ASCII without NUL (byte length = character length and no byte outside
 *       1..127), otherwise {@code x<hex of its bytes>}</li>
 *   <li>BLOB → {@code b<hex>}; NULL → JSON null</li>
 * </ul>
 */
final class LosslessValue {
    private static final String MAX = "1.7976931348623157e308";

    private LosslessValue() {
    }

    /**
     * The SQL expression that encodes {@code column} (an already quoted identifier or a rowid name).
     *
     * @param signedZero whether {@code atan2()} is available to tell -0.0 from 0.0; without it -0.0 reads as 0.0
     */
    static String encode(String column, boolean signedZero) {
        String c = column;
        String zero = signedZero ? "CASE WHEN atan2(" + c + ", -1) < 0 THEN 'r-0.0' ELSE 'r0.0' END" : "'r0.0'";
        return "CASE typeof(" + c + ") WHEN 'integer' THEN 'i' || " + c
                + " WHEN 'real' THEN CASE WHEN " + c + " = 0 THEN " + zero + " WHEN " + c + " > " + MAX + " OR "
                + c + " < -" + MAX + " THEN 'r' || printf('%!.17g', " + c + ") ELSE " + c + " END"
                + " WHEN 'text' THEN CASE WHEN length(CAST(" + c + " AS BLOB)) = length(" + c + ") AND " + c
                + " NOT GLOB '*[^' || char(1) || '-' || char(127) || ']*' THEN 't' || " + c
                + " ELSE 'x' || hex(" + c + ") END"
                + " WHEN 'blob' THEN 'b' || hex(" + c + ") END";
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
        return String.format(java.util.Locale.ROOT, "%.16e", d);
    }

    /** Decodes one value produced by {@link #encode}. */
    static Value decode(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Value.NULL;
        }
        if (node.isNumber()) {
            return new Value(ValueType.REAL, 0, node.asDouble(), null);
        }
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw new IllegalStateException("unexpected value from D1: " + node.getNodeType());
        }
        String s = node.textValue();
        String rest = s.substring(1);
        return switch (s.charAt(0)) {
            case 'i' -> new Value(ValueType.INTEGER, Long.parseLong(rest), 0, null);
            case 'r' -> new Value(ValueType.REAL, 0, parseReal(rest), null);
            case 't' -> new Value(ValueType.TEXT, 0, 0, rest.getBytes(StandardCharsets.UTF_8));
            case 'x' -> new Value(ValueType.TEXT, 0, 0, HexFormat.of().parseHex(rest));
            case 'b' -> new Value(ValueType.BLOB, 0, 0, HexFormat.of().parseHex(rest));
            default -> throw new IllegalStateException("unexpected value from D1: tag '" + s.charAt(0) + "'");
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
