package dev.grove.patina.source.d1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.dump.ValueType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link D1ValueEncoding}'s SQL run by real SQLite (sqlite-jdbc), its answer turned into JSON the way D1's
 * JavaScript does ({@link FakeD1Server#asJavaScript}) and sent through JSON text, then decoded: every awkward value
 * comes back with its storage class and exact bits or bytes, and the common ones travel plainly.
 */
class D1ValueEncodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Awkward values, as SQL literals. */
    private static final List<String> VALUES = List.of(
            "NULL", "0", "1", "-1", "42", "9007199254740991", "-9007199254740991", "9007199254740992",
            "-9007199254740992", "9007199254740993", "9223372036854775807", "-9223372036854775808",
            "0.0", "-0.0", "1.0", "5.0", "-5.0", "0.1", "-2.5", "123.456", "1e-300", "4.9e-324", "2.2250738585072014e-308",
            "9007199254740992.0", "-9007199254740992.0", "9007199254740994.0", "1e20", "1e21", "1.2345678901234567e19",
            "1.7976931348623157e308", "-1.7976931348623157e308", "9e999", "-9e999", "3.141592653589793",
            "''", "'plain'", "'i123'", "'x41'", "'b00'", "'r1.5'", "'12'", "'1.5'", "'é ☃ 😀 中文'",
            "char(1) || 'i5'", "char(1)", "'a' || char(1)", "'a' || char(0) || 'b'", "char(0)", "'tab\tcr\r\nlf'",
            "'genuine ' || char(65533)", "CAST(X'C328FF' AS TEXT)", "CAST(X'EDA080' AS TEXT)",
            "CAST(X'F09F9880' AS TEXT)", "CAST(X'C080' AS TEXT)", "CAST(X'FF' AS TEXT)",
            "X''", "X'00'", "X'00FF7F80'", "X'01'");

    private Connection db;

    @BeforeEach
    void open() throws Exception {
        db = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE t (v)");
            for (String v : VALUES) {
                s.execute("INSERT INTO t (v) VALUES (" + v + ")");
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    /** What the database holds: typeof and the exact bits (REAL) or bytes (TEXT, BLOB). */
    private List<String> stored() throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT typeof(v), v, hex(v) FROM t ORDER BY rowid")) {
            while (rs.next()) {
                String type = rs.getString(1);
                out.add(switch (type) {
                    case "null" -> "NULL";
                    case "integer" -> "INTEGER " + rs.getLong(2);
                    case "real" -> "REAL " + Long.toHexString(Double.doubleToRawLongBits(rs.getDouble(2)));
                    case "text" -> "TEXT " + rs.getString(3);
                    default -> "BLOB " + rs.getString(3);
                });
            }
        }
        return out;
    }

    private static String describe(D1ValueEncoding.Value v) {
        return switch (v.type()) {
            case NULL -> "NULL";
            case INTEGER -> "INTEGER " + v.integer();
            case REAL -> "REAL " + Long.toHexString(Double.doubleToRawLongBits(v.real()));
            case TEXT -> "TEXT " + HexFormat.of().withUpperCase().formatHex(v.bytes());
            case BLOB -> "BLOB " + HexFormat.of().withUpperCase().formatHex(v.bytes());
        };
    }

    /** Each row's encoded value as D1 would put it on the wire, read back by Jackson. */
    private List<JsonNode> wire(boolean hexText) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT "
                + D1ValueEncoding.encode("\"v\"", true, hexText) + " FROM t ORDER BY rowid")) {
            while (rs.next()) {
                String text = JSON.writeValueAsString(FakeD1Server.asJavaScript(rs.getObject(1)));
                out.add(JSON.readTree(text));
            }
        }
        return out;
    }

    @Test
    void everyAwkwardValueComesBackExactWithTheDamagedTextReadAgainAsHex() throws Exception {
        List<String> stored = stored();
        List<JsonNode> plain = wire(false);
        List<JsonNode> hex = wire(true);
        int damaged = 0;
        for (int i = 0; i < VALUES.size(); i++) {
            D1ValueEncoding.Value v = D1ValueEncoding.decode(plain.get(i));
            if (v == D1ValueEncoding.DAMAGED) {
                damaged++;
                v = D1ValueEncoding.decode(hex.get(i));
                assertNotSame(D1ValueEncoding.DAMAGED, v, VALUES.get(i));
            }
            assertEquals(stored.get(i), describe(v), VALUES.get(i) + " sent as " + plain.get(i));
            assertEquals(stored.get(i), describe(D1ValueEncoding.decode(hex.get(i))), VALUES.get(i) + " as hex");
        }
        // invalid UTF-8 (C3 28 FF, a lone surrogate, an overlong NUL, FF) and a genuine U+FFFD are read again
        assertEquals(5, damaged);
    }

    @Test
    void commonIntegersTextAndFractionsTravelPlainlyWithoutTags() throws Exception {
        List<JsonNode> plain = wire(false);
        assertEquals("42", plain.get(VALUES.indexOf("42")).toString());
        assertEquals("-9007199254740991", plain.get(VALUES.indexOf("-9007199254740991")).toString());
        assertEquals("\"plain\"", plain.get(VALUES.indexOf("'plain'")).toString());
        assertEquals("\"i123\"", plain.get(VALUES.indexOf("'i123'")).toString());
        assertEquals("é ☃ 😀 中文", plain.get(VALUES.indexOf("'é ☃ 😀 中文'")).textValue());
        assertEquals("0.1", plain.get(VALUES.indexOf("0.1")).toString());
        assertEquals("\"\\u0001i9007199254740992\"", plain.get(VALUES.indexOf("9007199254740992")).toString());
        assertEquals("\"\\u0001r5\"", plain.get(VALUES.indexOf("5.0")).toString(), "an integral REAL is tagged");
        assertEquals("\"\\u0001r-0.0\"", plain.get(VALUES.indexOf("-0.0")).toString());
        assertEquals("\"\\u0001x016935\"", plain.get(VALUES.indexOf("char(1) || 'i5'")).toString(),
                "TEXT starting with the tag character goes as hex");
        assertEquals("\"\\u0001b00FF7F80\"", plain.get(VALUES.indexOf("X'00FF7F80'")).toString());
    }

    @Test
    void plainJsonNumbersBeyond2Pow53AreRealsAndWithinItIntegers() throws Exception {
        D1ValueEncoding.Value big = D1ValueEncoding.decode(JSON.readTree("12345678901234567000"));
        assertEquals(ValueType.REAL, big.type());
        assertEquals(1.2345678901234567e19, big.real());
        assertEquals(ValueType.REAL, D1ValueEncoding.decode(JSON.readTree("9007199254740992")).type());
        assertEquals(ValueType.REAL, D1ValueEncoding.decode(JSON.readTree("123456789012345678901234567890")).type());
        D1ValueEncoding.Value edge = D1ValueEncoding.decode(JSON.readTree("-9007199254740991"));
        assertEquals(ValueType.INTEGER, edge.type());
        assertEquals(-9007199254740991L, edge.integer());
        assertEquals(ValueType.REAL, D1ValueEncoding.decode(JSON.readTree("1e+300")).type());
        assertSame(D1ValueEncoding.Value.NULL, D1ValueEncoding.decode(JSON.readTree("null")));
    }

    @Test
    void textHoldingTheReplacementCharacterIsDamagedAndUnknownShapesAreRefusedByName() throws Exception {
        assertSame(D1ValueEncoding.DAMAGED, D1ValueEncoding.decode(JSON.readTree("\"a\\ufffdb\"")));
        D1ValueEncoding.Value ok = D1ValueEncoding.decode(JSON.readTree("\"\\u0001x61EFBFBD\""));
        assertArrayEquals("a\uFFFD".getBytes(StandardCharsets.UTF_8), ok.bytes());
        IllegalStateException tag = assertThrows(IllegalStateException.class,
                () -> D1ValueEncoding.decode(JSON.readTree("\"\\u0001z12\"")));
        assertTrue(tag.getMessage().contains("tag 'z'"), tag.getMessage());
        IllegalStateException array = assertThrows(IllegalStateException.class,
                () -> D1ValueEncoding.decode(JSON.readTree("[1,2]")));
        assertTrue(array.getMessage().contains("ARRAY"), array.getMessage());
        assertThrows(IllegalStateException.class, () -> D1ValueEncoding.decode(JSON.readTree("\"\\u0001\"")));
    }

    @Test
    void keyLiteralsReadBackToTheSameValueInSqlite() throws Exception {
        List<JsonNode> hex = wire(true);
        for (int i = 0; i < VALUES.size(); i++) {
            D1ValueEncoding.Value v = D1ValueEncoding.decode(hex.get(i));
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT " + v.literal()
                    + " IS v AND typeof(" + v.literal() + ") = typeof(v) FROM t WHERE rowid = " + (i + 1))) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), VALUES.get(i) + " as " + v.literal());
            }
        }
    }
}
