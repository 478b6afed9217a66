package dev.grove.patina.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A real SQLite file of generated values that every reader of a dump must give back byte for byte (the sqlite3
 * shell, D1's engine through {@code wrangler d1 execute --file}, Patina's restore): every control byte 0x00–0x1F
 * and 0x7F alone, at a value's start, middle and end; CR in every position ({@code \r\n}, lone CR, CR CR LF, CR
 * at either end); NUL; invalid UTF-8; all storage classes; 64-bit edges; -0.0, denormals, ±Inf and random
 * doubles; STRICT, WITHOUT ROWID (a CR in the key), generated columns, rowid gaps, AUTOINCREMENT; INSERTs just
 * under and just over D1's 100,000-byte statement limit; rows far larger than one statement (TEXT holding CRs,
 * split into appends). Optionally an FTS5 table holding the same awkward text.
 *
 * <p>Deterministic: the content depends only on {@link #SEED}. Everything here restores identically with every
 * reader — a schema whose SQL itself holds {@code \r\n} does not (the shell drops that CR), so none is made here.
 */
public final class EdgeValuesDatabase {
    public static final long SEED = 0x4544_4745L;
    public static final String VALUES = "edge_values";
    public static final String STRICT = "edge_strict";
    public static final String KEYED = "edge_keyed";
    public static final String GENERATED = "edge_generated";
    public static final String GAPS = "edge_gaps";
    public static final String NEAR_LIMIT = "near_limit";
    public static final String BIG_ROWS = "big_rows";
    public static final String FTS = "edge_fts";
    public static final String SIGNED_ZERO = "edge_signed_zero";
    /** D1's statement limit, in bytes. */
    static final int D1_STATEMENT_LIMIT = 100_000;

    private EdgeValuesDatabase() {
    }

    /** Creates the database at {@code file} (replacing it), with the FTS5 table when {@code withFts}. */
    public static Path create(Path file, boolean withFts) {
        return create(file, withFts, false);
    }

    /**
     * Creates the database at {@code file} (replacing it), with the FTS5 table when {@code withFts}. When
     * {@code wranglerExportable}, leaves out what makes {@code wrangler d1 export}'s output unloadable by any reader:
     * text holding NUL bytes (written raw) and an INTEGER beyond 2^53 in a STRICT INT column (written as a rounded
     * decimal that no longer fits a 64-bit integer).
     */
    public static Path create(Path file, boolean withFts, boolean wranglerExportable) {
        boolean withNul = !wranglerExportable;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            c.setAutoCommit(false);
            new Builder(c, new Random(SEED), withNul).build(withFts);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("building edge-values database " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The awkward texts, as raw bytes (some are not valid UTF-8), each stored as TEXT. */
    public static List<byte[]> awkwardTexts() {
        return awkwardTexts(true);
    }

    /** The awkward texts, without those holding a NUL byte unless {@code withNul}. */
    public static List<byte[]> awkwardTexts(boolean withNul) {
        List<byte[]> texts = new ArrayList<>();
        for (int c = 0; c < 0x20; c++) {
            texts.add(new byte[] {(byte) c});
            texts.add(new byte[] {(byte) c, 'a'});
            texts.add(new byte[] {'a', (byte) c, 'b'});
            texts.add(new byte[] {'a', (byte) c});
        }
        texts.add(new byte[] {0x7f});
        texts.add(new byte[] {'a', 0x7f, 'b'});
        for (String s : List.of("a\r\nb", "\r\n", "\r\n\r\n", "a\r\r\nb", "\r\rx", "x\r\n", "\r\nx", "line one\r\n"
                + "line two\r\n", "'\r\n'", "it's\r\n\"quoted\"", "\n\r", "tab\t\r\n\ttab", "ends with CR\r",
                "\rstarts with CR", "-- comment?\r\n;", "/*\r\n*/", ".quit\r\n.read x", "\r\n.tables\r\n")) {
            texts.add(s.getBytes(StandardCharsets.UTF_8));
        }
        texts.add(new byte[] {'a', 0, '\r', '\n', 'b'});
        texts.add(new byte[] {(byte) 0xff, '\r', '\n', (byte) 0xfe});
        texts.add(new byte[] {'\r', (byte) 0xc0, (byte) 0xaf, '\n'});
        texts.add("é\r\n😀\r列".getBytes(StandardCharsets.UTF_8));
        texts.add(new byte[0]);
        if (!withNul) {
            texts.removeIf(t -> {
                for (byte b : t) {
                    if (b == 0) {
                        return true;
                    }
                }
                return false;
            });
        }
        return texts;
    }

    private static final class Builder {
        private final Connection c;
        private final Random random;
        private final boolean withNul;

        Builder(Connection c, Random random, boolean withNul) {
            this.c = c;
            this.random = random;
            this.withNul = withNul;
        }

        void build(boolean withFts) throws SQLException {
            values();
            // -0.0 keeps its sign only without REAL affinity (SQLite stores an integral REAL as an integer)
            exec("CREATE TABLE " + SIGNED_ZERO + " (id INTEGER PRIMARY KEY, r REAL, v)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SIGNED_ZERO + " VALUES (1, ?, ?)")) {
                ps.setDouble(1, -0.0);
                ps.setDouble(2, -0.0);
                ps.executeUpdate();
            }
            strict();
            keyed();
            generated();
            gaps();
            nearLimit();
            bigRows();
            if (withFts) {
                fts();
            }
        }

        private void values() throws SQLException {
            exec("CREATE TABLE " + VALUES + " (id INTEGER PRIMARY KEY, note TEXT, v, t TEXT, i INTEGER, r REAL,"
                    + " b BLOB, \"tab\tcolumn\" TEXT)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + VALUES
                    + " (note, v, t) VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT))")) {
                for (byte[] text : awkwardTexts(withNul)) {
                    ps.setString(1, "text " + Sql.hex(text));
                    ps.setBytes(2, text);
                    ps.setBytes(3, text);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + VALUES + " (note, v, i, r) VALUES (?, ?, ?, ?)")) {
                long[] ints = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -(1L << 53) - 1, -1, 0, 1, (1L << 53) + 1,
                    Long.MAX_VALUE - 1, Long.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L};
                for (long v : ints) {
                    ps.setString(1, "integer " + v);
                    ps.setLong(2, v);
                    ps.setLong(3, v);
                    ps.setNull(4, java.sql.Types.REAL);
                    ps.executeUpdate();
                }
                List<Double> reals = new ArrayList<>(Arrays.asList(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
                        Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE,
                        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 1.0 / 3, 1e22, 1e23, 9007199254740993.0,
                        9.223372036854775807E18, -9.223372036854775808E18, 2.2250738585072009e-308, 1e-320, 5e-324));
                for (int k = 0; k < 200; k++) {
                    double d = Double.longBitsToDouble(random.nextLong());
                    if (!Double.isNaN(d)) {
                        reals.add(d);
                    }
                }
                for (double d : reals) {
                    ps.setString(1, "real " + Double.doubleToRawLongBits(d));
                    ps.setDouble(2, d);
                    ps.setNull(3, java.sql.Types.INTEGER);
                    ps.setDouble(4, d);
                    ps.executeUpdate();
                }
            }
            exec("INSERT INTO " + VALUES + " (note, v, b) VALUES ('null', NULL, NULL), ('empty blob', X'', X''),"
                    + " ('blob with CR LF', X'0D0A', X'610D0A62'), ('blob of every byte', "
                    + everyByteBlob() + ", " + everyByteBlob() + ")");
            // mistyped values: the column's affinity must not change them on the way back
            exec("INSERT INTO " + VALUES + " (note, i, r, t) VALUES ('text in INTEGER with CR', CAST(X'310D' AS TEXT),"
                    + " CAST(X'0D32' AS TEXT), 12), ('numeric-looking text', '12', '1e3', ' 12 ')");
            exec("INSERT INTO " + VALUES + " (note, \"tab\tcolumn\") VALUES ('tab in a column name', 'x\r\ny')");
        }

        private String everyByteBlob() {
            StringBuilder b = new StringBuilder("X'");
            for (int i = 0; i < 256; i++) {
                b.append(String.format("%02X", i));
            }
            return b.append('\'').toString();
        }

        private void strict() throws SQLException {
            // wrangler d1 export writes integers beyond 2^53 as rounded decimals, which a STRICT INT column refuses
            String max = withNul ? "9223372036854775807" : "9007199254740993";
            String min = withNul ? "-9223372036854775808" : "-9007199254740993";
            String nul = withNul ? "CAST(X'00' AS TEXT)" : "'no NUL'";
            exec("CREATE TABLE " + STRICT + " (id INTEGER PRIMARY KEY, t TEXT, i INT, r REAL, b BLOB, a ANY) STRICT");
            exec("INSERT INTO " + STRICT + " VALUES (1, CAST(X'0D0A' AS TEXT), " + max + ", -0.0, X'0D', "
                    + "CAST(X'610D0A' AS TEXT)), (2, 'a' || char(13), " + min + ", 1e999, X'', -1e999), "
                    + "(3, " + nul + ", 0, 4.9406564584124654e-324, NULL, X'0D0A')");
        }

        private void keyed() throws SQLException {
            exec("CREATE TABLE " + KEYED + " (k TEXT NOT NULL, n INTEGER NOT NULL, v, PRIMARY KEY (k, n)) WITHOUT ROWID");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + KEYED + " VALUES (CAST(? AS TEXT), ?, ?)")) {
                int n = 0;
                for (byte[] text : awkwardTexts(withNul)) {
                    ps.setBytes(1, text);
                    ps.setLong(2, n++ % 3 == 0 ? Long.MIN_VALUE : n);
                    ps.setString(3, "keyed by " + Sql.hex(text));
                    ps.executeUpdate();
                }
                // a row larger than one statement, addressed by a key that holds a CR
                ps.setBytes(1, "big\r\nkey".getBytes(StandardCharsets.UTF_8));
                ps.setLong(2, 7);
                ps.setString(3, crText(130_000));
                ps.executeUpdate();
            }
        }

        private void generated() throws SQLException {
            exec("CREATE TABLE " + GENERATED + " (id INTEGER PRIMARY KEY, a TEXT, "
                    + "crs INTEGER GENERATED ALWAYS AS (length(a) - length(replace(a, char(13), ''))) VIRTUAL, "
                    + "upper_a TEXT GENERATED ALWAYS AS (upper(a)) STORED, z TEXT DEFAULT 'after')");
            exec("INSERT INTO " + GENERATED + " (id, a) VALUES (1, 'a' || char(13) || char(10) || 'b'), (2, NULL), "
                    + "(3, char(13)), (5, 'plain')");
        }

        private void gaps() throws SQLException {
            exec("CREATE TABLE " + GAPS + " (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)");
            exec("CREATE TABLE " + GAPS + "_rowids (v TEXT)");
            for (int i = 1; i <= 30; i++) {
                exec("INSERT INTO " + GAPS + " (v) VALUES ('row " + i + "' || char(13) || char(10))");
                exec("INSERT INTO " + GAPS + "_rowids (v) VALUES ('row " + i + "')");
            }
            exec("DELETE FROM " + GAPS + " WHERE id % 4 = 0 OR id > 27");
            exec("DELETE FROM " + GAPS + "_rowids WHERE rowid % 3 = 0");
            exec("INSERT INTO " + GAPS + "_rowids (rowid, v) VALUES (9223372036854775807, 'max'), "
                    + "(-9223372036854775808, 'min'), (0, 'zero'), (-1, 'minus one')");
        }

        /**
         * INSERTs of one row each whose statement is a few bytes under, at and over D1's 100,000-byte limit, with
         * quotes (doubled in the literal) and a CR (hex in the literal) moving the literal's length.
         */
        private void nearLimit() throws SQLException {
            exec("CREATE TABLE " + NEAR_LIMIT + " (id INTEGER PRIMARY KEY, body TEXT, data BLOB)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + NEAR_LIMIT + " VALUES (?, ?, ?)")) {
                int id = 1;
                // INSERT INTO "near_limit" ("id", "body", "data") VALUES\n(N,'…',NULL);\n ≈ 70 bytes around the body
                for (int size = D1_STATEMENT_LIMIT - 90; size <= D1_STATEMENT_LIMIT - 50; size += 4) {
                    ps.setLong(1, id++);
                    ps.setString(2, "x".repeat(size));
                    ps.setNull(3, java.sql.Types.BLOB);
                    ps.executeUpdate();
                    ps.setLong(1, id++);
                    ps.setString(2, "'".repeat(size / 2));
                    ps.setNull(3, java.sql.Types.BLOB);
                    ps.executeUpdate();
                }
                for (int size = D1_STATEMENT_LIMIT / 2 - 50; size <= D1_STATEMENT_LIMIT / 2 - 20; size += 3) {
                    ps.setLong(1, id++);
                    ps.setString(2, "cr\r\n" + "y".repeat(size / 2 - 4)); // hex: 2 characters a byte
                    ps.setNull(3, java.sql.Types.BLOB);
                    ps.executeUpdate();
                    ps.setLong(1, id++);
                    ps.setNull(2, java.sql.Types.VARCHAR);
                    byte[] blob = new byte[size];
                    random.nextBytes(blob);
                    ps.setBytes(3, blob);
                    ps.executeUpdate();
                }
            }
        }

        /** Rows far larger than one statement: TEXT full of CRs and control bytes, a BLOB, in one row. */
        private void bigRows() throws SQLException {
            exec("CREATE TABLE " + BIG_ROWS + " (id INTEGER PRIMARY KEY, title TEXT, body TEXT, data BLOB)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + BIG_ROWS + " VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, 1);
                ps.setString(2, "title\r\n");
                ps.setString(3, crText(260_000));
                byte[] blob = new byte[180_000];
                random.nextBytes(blob);
                ps.setBytes(4, blob);
                ps.executeUpdate();
                ps.setLong(1, 2);
                ps.setString(2, "no CR in the body");
                ps.setString(3, "z".repeat(150_000));
                ps.setNull(4, java.sql.Types.BLOB);
                ps.executeUpdate();
            }
        }

        private void fts() throws SQLException {
            exec("CREATE VIRTUAL TABLE " + FTS + " USING fts5(title, body)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + FTS + " (rowid, title, body) VALUES (?, ?, CAST(? AS TEXT))")) {
                long rowid = 3;
                for (byte[] text : awkwardTexts(withNul)) {
                    ps.setLong(1, rowid);
                    rowid += 7;
                    ps.setString(2, "carriage return\r\nline feed " + rowid);
                    ps.setBytes(3, text);
                    ps.executeUpdate();
                }
                for (String line : PublicDomainText.lines(random, 40)) {
                    ps.setLong(1, rowid);
                    rowid += 2;
                    ps.setString(2, line.replace(" ", "\r\n"));
                    ps.setBytes(3, (line + "\r\n").getBytes(StandardCharsets.UTF_8));
                    ps.executeUpdate();
                }
            }
            exec("DELETE FROM " + FTS + " WHERE rowid % 5 = 0");
        }

        /** Text of about {@code bytes} bytes with CR LF line breaks, lone CRs, tabs and other control bytes. */
        private String crText(int bytes) {
            StringBuilder b = new StringBuilder(bytes + 64);
            char[] controls = {'\r', '\n', '\t', '\u0001', '\u001b', '\u007f', '\u000b'};
            while (b.length() < bytes) {
                int r = random.nextInt(100);
                if (r < 6) {
                    b.append("\r\n");
                } else if (r < 9) {
                    b.append(controls[random.nextInt(controls.length)]);
                } else if (r < 10) {
                    b.append('\'');
                } else {
                    b.append((char) ('a' + random.nextInt(26)));
                }
            }
            return b.toString();
        }

        private void exec(String sql) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new SQLException(e.getMessage() + " [" + sql + "]", e);
            }
        }
    }
}
