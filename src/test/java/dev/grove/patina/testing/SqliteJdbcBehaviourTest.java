package dev.grove.patina.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executable notes on how SQLite 3.54.1 and sqlite-jdbc 3.54.1.0 treat the values a lossless dump must carry.
 * If an upgrade changes any of this, the dump/restore code that relies on it needs a look.
 */
class SqliteJdbcBehaviourTest {

    private static final String NUL_TEXT = "CAST(X'610062' AS TEXT)";
    private static final String BAD_UTF8_TEXT = "CAST(X'fffe80c0' AS TEXT)";

    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:sqlite::memory:");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void versions() throws SQLException {
        assertEquals("3.54.1", text("SELECT sqlite_version()"));
        assertEquals("1", text("SELECT sqlite_compileoption_used('ENABLE_FTS5')"));
        assertEquals("1", text("SELECT sqlite_compileoption_used('ENABLE_MATH_FUNCTIONS')"));
    }

    /** getObject and getString return the whole text, NUL included; getBytes returns the raw bytes. */
    @Test
    void textWithNulByte() throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + NUL_TEXT + ", typeof(" + NUL_TEXT + ")")) {
            rs.next();
            assertEquals("text", rs.getString(2));
            Object object = rs.getObject(1);
            assertInstanceOf(String.class, object);
            assertEquals("a\u0000b", object);
            assertEquals("a\u0000b", rs.getString(1));
            assertArrayEquals(bytes("610062"), rs.getBytes(1));
        }
    }

    /** getObject and getString replace each invalid byte by U+FFFD (lossy); getBytes returns the raw bytes. */
    @Test
    void textWithInvalidUtf8() throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + BAD_UTF8_TEXT + ", typeof(" + BAD_UTF8_TEXT + ")")) {
            rs.next();
            assertEquals("text", rs.getString(2));
            assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", rs.getObject(1));
            assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", rs.getString(1));
            assertArrayEquals(bytes("fffe80c0"), rs.getBytes(1));
        }
    }

    /** Several SQL functions stop at the first NUL of a TEXT value; a dump built with quote() loses data. */
    @Test
    void sqlFunctionsThatTruncateAtNul() throws SQLException {
        assertEquals("'a'", text("SELECT quote(" + NUL_TEXT + ")"));
        assertEquals("1", text("SELECT length(" + NUL_TEXT + ")"));
        assertEquals("a", text("SELECT printf('%s', " + NUL_TEXT + ")"));
        assertEquals("61", text("SELECT hex(substr(" + NUL_TEXT + ", 1))"));
        // ... and these keep every byte
        assertEquals("610062", text("SELECT hex(" + NUL_TEXT + ")"));
        assertEquals("610062", text("SELECT hex(CAST(" + NUL_TEXT + " AS BLOB))"));
        assertEquals("3", text("SELECT length(CAST(" + NUL_TEXT + " AS BLOB))"));
        assertEquals("6100627A", text("SELECT hex(" + NUL_TEXT + " || 'z')"));
        // quote() passes invalid UTF-8 through unchanged
        assertEquals("27FFFE80C027", text("SELECT hex(quote(" + BAD_UTF8_TEXT + "))"));
    }

    /** Every SQL text rendering of -0.0 drops the sign; only the binary value (getDouble) or atan2 shows it. */
    @Test
    void negativeZero() throws SQLException {
        assertEquals("0.0", text("SELECT quote(-0.0)"));
        assertEquals("0.0", text("SELECT printf('%!.17g', -0.0)"));
        assertEquals("0", text("SELECT printf('%.17g', -0.0)"));
        assertEquals("302E30", text("SELECT hex(-0.0)"));
        assertEquals("0.0", text("SELECT CAST(-0.0 AS TEXT)"));
        assertEquals(null, text("SELECT 1 / -0.0"));
        assertTrue(text("SELECT atan2(-0.0, -1)").startsWith("-3.14159"));
        exec("CREATE TABLE z (untyped, r REAL)");
        exec("INSERT INTO z VALUES (-0.0, -0.0)");
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT untyped, r, typeof(r) FROM z")) {
            rs.next();
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(rs.getDouble(1)), "kept without affinity");
            assertEquals(0L, Double.doubleToRawLongBits(rs.getDouble(2)), "a REAL column stores it as integer 0");
            assertEquals("real", rs.getString(3));
        }
    }

    /** quote() renders extreme REALs so that they parse back to the same bits. */
    @Test
    void quoteOfExtremeReals() throws SQLException {
        assertEquals("4.9406564584124654e-324", text("SELECT quote(4.9e-324)"));
        assertEquals("9.0e+999", text("SELECT quote(1e999)"));
        assertEquals("-9.0e+999", text("SELECT quote(-1e999)"));
        assertEquals("Inf", text("SELECT printf('%!.17g', 1e999)"));
        for (double d : new double[] {Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 0.1, Math.PI, 1.0 / 3, Double.POSITIVE_INFINITY}) {
            try (PreparedStatement ps = c.prepareStatement("SELECT quote(?)")) {
                ps.setDouble(1, d);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String literal = rs.getString(1);
                    try (Statement st = c.createStatement(); ResultSet back = st.executeQuery("SELECT " + literal)) {
                        back.next();
                        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back.getDouble(1)), literal);
                    }
                }
            }
        }
    }

    /** What binding does to Java values that SQLite cannot hold as given. */
    @Test
    void bindingSurprises() throws SQLException {
        exec("CREATE TABLE b (v)");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO b VALUES (?)")) {
            ps.setDouble(1, Double.NaN);
            ps.executeUpdate();
            ps.setString(1, "\uD800x"); // lone surrogate
            ps.executeUpdate();
            ps.setBigDecimal(1, new BigDecimal("12345678901234567890.5"));
            ps.executeUpdate();
            ps.setFloat(1, 0.1f);
            ps.executeUpdate();
            ps.setBytes(1, new byte[0]);
            ps.executeUpdate();
        }
        assertEquals(List.of("null|", "text|3F78", "text|31323334353637383930313233343536373839302E35", "real|0.10000000149011612", "blob|"),
                texts("SELECT typeof(v) || '|' || CASE typeof(v) WHEN 'real' THEN v ELSE hex(v) END FROM b ORDER BY rowid"));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM b WHERE rowid = 5")) {
            rs.next();
            assertArrayEquals(new byte[0], rs.getBytes(1), "an empty blob reads as an empty array, not null");
            assertFalse(rs.wasNull());
        }
    }

    @Test
    void getObjectTypes() throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 5, 3000000000, 1.5, 'x', X'01', NULL")) {
            rs.next();
            assertInstanceOf(Integer.class, rs.getObject(1));
            assertInstanceOf(Long.class, rs.getObject(2));
            assertInstanceOf(Double.class, rs.getObject(3));
            assertInstanceOf(String.class, rs.getObject(4));
            assertInstanceOf(byte[].class, rs.getObject(5));
            assertEquals(null, rs.getObject(6));
        }
    }

    /** Integer overflow silently turns into REAL, also for literals; text '1e400' in an INTEGER column becomes +Inf. */
    @Test
    void integerEdges() throws SQLException {
        assertEquals("real", text("SELECT typeof(9223372036854775807 + 1)"));
        assertEquals("real", text("SELECT typeof(9223372036854775808)"));
        assertEquals("integer", text("SELECT typeof(-9223372036854775808)"));
        exec("CREATE TABLE i (v INTEGER)");
        exec("INSERT INTO i VALUES ('1e400')");
        assertEquals("real|Inf", text("SELECT typeof(v) || '|' || printf('%!.17g', v) FROM i"));
    }

    /** Statement.execute and addBatch run only the FIRST statement of a script; executeUpdate runs them all. */
    @Test
    void multiStatementStrings() throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE m1 (x); CREATE TABLE m2 (x)");
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE m3 (x); CREATE TABLE m4 (x)");
        }
        try (Statement st = c.createStatement()) {
            st.addBatch("CREATE TABLE m5 (x); CREATE TABLE m6 (x)");
            st.executeBatch();
        }
        assertEquals(List.of("m1", "m3", "m4", "m5"), texts("SELECT name FROM sqlite_schema WHERE name LIKE 'm_' ORDER BY name"));
    }

    /**
     * Neither PRAGMA integrity_check nor FTS5's plain 'integrity-check' notices an external-content FTS5 index
     * that disagrees with its content table; only 'integrity-check' with rank = 1 compares them.
     */
    @Test
    void integrityCheckMissesFtsDesync() throws SQLException {
        exec("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT)");
        exec("CREATE VIRTUAL TABLE f USING fts5(body, content = 'docs', content_rowid = 'id')");
        exec("INSERT INTO docs VALUES (1, 'alpha beta'), (2, 'gamma')");
        exec("INSERT INTO f (f) VALUES ('rebuild')");
        exec("INSERT INTO f (f, rowid, body) VALUES ('delete', 2, 'gamma')");
        assertEquals(List.of("ok"), texts("PRAGMA integrity_check"));
        assertEquals(List.of(), texts("SELECT rowid FROM f WHERE f MATCH 'gamma'"));
        exec("INSERT INTO f (f) VALUES ('integrity-check')");
        assertThrows(SQLException.class, () -> exec("INSERT INTO f (f, rank) VALUES ('integrity-check', 1)"));
    }

    /** In-place VACUUM renumbers hidden rowids of tables without INTEGER PRIMARY KEY and without any index. */
    @Test
    void vacuumRenumbersHiddenRowids(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v.db");
        try (Connection fc = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            run(fc, "CREATE TABLE plain (v)", "CREATE TABLE indexed (v)", "CREATE INDEX indexed_v ON indexed (v)");
            for (String t : List.of("plain", "indexed")) {
                run(fc, "INSERT INTO " + t + " VALUES (1), (2), (3)", "DELETE FROM " + t + " WHERE v = 2",
                        "INSERT INTO " + t + " (rowid, v) VALUES (100, 4)");
            }
            Path into = dir.resolve("into.db");
            run(fc, "VACUUM INTO '" + into + "'", "VACUUM");
            assertEquals(List.of("1", "2", "3"), texts(fc, "SELECT rowid FROM plain ORDER BY rowid"));
            assertEquals(List.of("1", "3", "100"), texts(fc, "SELECT rowid FROM indexed ORDER BY rowid"));
            assertTrue(Files.exists(into));
            try (Connection ic = DriverManager.getConnection("jdbc:sqlite:" + into)) {
                assertEquals(List.of("1", "3", "100"), texts(ic, "SELECT rowid FROM plain ORDER BY rowid"), "VACUUM INTO keeps them");
            }
        }
    }

    private void exec(String sql) throws SQLException {
        run(c, sql);
    }

    private static void run(Connection connection, String... sql) throws SQLException {
        for (String s : sql) {
            try (Statement st = connection.createStatement()) {
                st.execute(s);
            }
        }
    }

    private String text(String sql) throws SQLException {
        List<String> rows = texts(sql);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private List<String> texts(String sql) throws SQLException {
        return texts(c, sql);
    }

    private static List<String> texts(Connection connection, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
