package dev.grove.patina.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqlLiteralTest {
    private Connection sqlite;

    @BeforeEach
    void open() throws SQLException {
        sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
    }

    @AfterEach
    void close() throws SQLException {
        sqlite.close();
    }

    @Test
    void formatsEachStorageClass() {
        assertEquals("NULL", SqlLiteral.format(null));
        assertEquals("-9223372036854775808", SqlLiteral.format(Long.MIN_VALUE));
        assertEquals("9223372036854775807", SqlLiteral.format(Long.MAX_VALUE));
        assertEquals("1.0", SqlLiteral.format(1.0));
        assertEquals("0.1", SqlLiteral.format(0.1));
        assertEquals("1e999", SqlLiteral.format(Double.POSITIVE_INFINITY));
        assertEquals("-1e999", SqlLiteral.format(Double.NEGATIVE_INFINITY));
        assertEquals("'it''s'", SqlLiteral.format("it's"));
        assertEquals("''", SqlLiteral.format(""));
        assertEquals("X''", SqlLiteral.format(new byte[0]));
        assertEquals("X'00FF10'", SqlLiteral.format(new byte[] {0, (byte) 0xFF, 0x10}));
        assertEquals("CAST(X'610062' AS TEXT)", SqlLiteral.format("a\0b"));
        assertEquals("CAST(X'FFFE' AS TEXT)", SqlLiteral.format(new SqlLiteral.TextBytes(new byte[] {-1, -2})));
        assertEquals("'é'", SqlLiteral.format(new SqlLiteral.TextBytes("é".getBytes(StandardCharsets.UTF_8))));
        assertEquals("\"my\"\"t\"", SqlLiteral.quoteIdentifier("my\"t"));
    }

    @Test
    void realsAreShortAndKeepTheirType() {
        assertEquals("4.9E-324", SqlLiteral.formatReal(Double.MIN_VALUE));
        assertEquals("1.7976931348623157E308", SqlLiteral.formatReal(Double.MAX_VALUE));
        assertEquals("-0.0", SqlLiteral.formatReal(-0.0));
        assertEquals("1.0E20", SqlLiteral.formatReal(1e20));
    }

    @Test
    void everyRealLiteralParsesBackToTheSameDoubleInSqlite() throws SQLException {
        Random rnd = new Random(7);
        double[] special = {Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 0.1, 0.2,
            0.30000000000000004, 1.0 / 3, 2.0 / 3, 1e-300, 123456789.123456789, 9007199254740993.0, 1e22, 1e23,
            5e-324, 2.2250738585072009e-308, 4.9406564584124654e-324, 3.141592653589793, -2.5};
        try (Statement s = sqlite.createStatement()) {
            for (double d : special) {
                assertRoundTrip(s, d);
            }
            for (int i = 0; i < 3000; i++) {
                double d = Double.longBitsToDouble(rnd.nextLong());
                if (Double.isNaN(d)) {
                    continue;
                }
                assertRoundTrip(s, d);
                assertRoundTrip(s, rnd.nextDouble() * 1000);
            }
        }
    }

    private static void assertRoundTrip(Statement s, double d) throws SQLException {
        String literal = SqlLiteral.formatReal(d);
        int digits = literal.replaceAll("[eE].*", "").replaceAll("[^0-9]", "").replaceAll("^0+", "").length();
        assertTrue(digits <= 17, literal + " has more than 17 significant digits");
        try (ResultSet rs = s.executeQuery("SELECT typeof(" + literal + "), " + literal)) {
            rs.next();
            assertEquals("real", rs.getString(1), literal);
            assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(rs.getDouble(2)),
                    () -> literal + " read back as " + rsValue(rs));
        }
    }

    private static String rsValue(ResultSet rs) {
        try {
            return Double.toString(rs.getDouble(2));
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    @Test
    void textAndBlobLiteralsKeepEveryByte() throws SQLException {
        byte[][] texts = {"plain".getBytes(StandardCharsets.UTF_8), "it's \"quoted\"; -- not a comment".getBytes(
                StandardCharsets.UTF_8), "line\r\nbreak\ttab\u0001\u001f\u007f".getBytes(StandardCharsets.UTF_8),
            "emoji 😀 and 列".getBytes(StandardCharsets.UTF_8), {'\r'}, {'\r', '\n'}, {'x', '\r'}, {'a', 0, 'b'},
            {(byte) 0xFF, (byte) 0xFE, (byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {}};
        try (Statement s = sqlite.createStatement()) {
            for (byte[] t : texts) {
                String literal = SqlLiteral.format(new SqlLiteral.TextBytes(t));
                try (ResultSet rs = s.executeQuery("SELECT typeof(" + literal + "), hex(" + literal + ")")) {
                    rs.next();
                    assertEquals("text", rs.getString(1), literal);
                    assertEquals(HexFormat.of().withUpperCase().formatHex(t), rs.getString(2), literal);
                }
            }
            byte[] blob = new byte[5000];
            new Random(1).nextBytes(blob);
            String literal = SqlLiteral.format(blob);
            try (ResultSet rs = s.executeQuery("SELECT typeof(" + literal + "), hex(" + literal + ")")) {
                rs.next();
                assertEquals("blob", rs.getString(1));
                assertEquals(HexFormat.of().withUpperCase().formatHex(blob), rs.getString(2));
            }
        }
    }

    @Test
    void textWithACrIsWrittenAsHexSoNoLineReaderCanDropIt() {
        // the sqlite3 shell drops a CR that ends an input line: no CR is ever written raw
        assertEquals("CAST(X'610D0A62' AS TEXT)", SqlLiteral.format("a\r\nb"));
        assertEquals("CAST(X'610D62' AS TEXT)", SqlLiteral.format("a\rb"));
        assertEquals("CAST(X'0D61' AS TEXT)", SqlLiteral.format("\ra"));
        assertEquals("CAST(X'610D' AS TEXT)", SqlLiteral.format("a\r"));
        assertEquals("CAST(X'0D' AS TEXT)", SqlLiteral.format(new SqlLiteral.TextBytes(new byte[] {'\r'})));
        assertEquals("CAST(X'27610D0A' AS TEXT)", SqlLiteral.format(new SqlLiteral.TextBytes(
                "'a\r\n".getBytes(StandardCharsets.UTF_8))));
        // every other control byte stays raw (all three readers keep it): LF, TAB, 0x01–0x1F, 0x7F
        for (int c = 1; c < 0x20; c++) {
            if (c == '\r') {
                continue;
            }
            String text = "a" + (char) c + "b";
            assertEquals("'" + text + "'", SqlLiteral.format(text), "control byte " + c);
            assertEquals("'" + text + "'", SqlLiteral.format(new SqlLiteral.TextBytes(
                    text.getBytes(StandardCharsets.UTF_8))), "control byte " + c);
        }
        assertEquals("'a\u007fb'", SqlLiteral.format("a\u007fb"));
    }

    @Test
    void integersAreExact() throws SQLException {
        long[] values = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, (1L << 53) + 1, Long.MAX_VALUE};
        try (Statement s = sqlite.createStatement()) {
            for (long v : values) {
                String literal = SqlLiteral.format(v);
                try (ResultSet rs = s.executeQuery("SELECT typeof(" + literal + "), " + literal)) {
                    rs.next();
                    assertEquals("integer", rs.getString(1), literal);
                    assertEquals(v, rs.getLong(2));
                }
            }
        }
    }
}
