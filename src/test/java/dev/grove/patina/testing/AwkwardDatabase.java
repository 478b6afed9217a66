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
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Builds a real SQLite file that contains every case a lossless dump/restore must survive: awkward
 * identifiers, extreme and mistyped values, unusual table shapes, triggers that must not re-fire, FTS5
 * tables (normal, external-content and contentless) and header pragmas. Deterministic: the content depends
 * only on {@link #SEED}.
 *
 * <p>The constants name the objects so that tests can point at them.
 */
public final class AwkwardDatabase {

    public static final long SEED = 0x5041_5449_4E41L;
    public static final int USER_VERSION = 42;
    public static final int APPLICATION_ID = 0x50415449;

    /** Identifier cases. */
    public static final String ODD_TABLE = "odd \"table\" 'name' [x] `y`";
    public static final String CYRILLIC_TABLE = "таблица";
    public static final String KEYWORD_TABLE = "order";
    public static final String ROWID_COLUMN_TABLE = "rowid column";
    public static final String ALL_ROWID_NAMES_TABLE = "all rowid names taken";
    public static final String NEWLINE_COLUMN = "line\nbreak";

    /** Value cases: {@code scalars(id INTEGER PRIMARY KEY, label TEXT UNIQUE, v)} with v untyped. */
    public static final String SCALARS = "scalars";
    public static final String LARGE_VALUES = "large_values";
    public static final String AFFINITY = "affinity_mix";
    public static final String UNTYPED = "untyped";

    /** Shape cases. */
    public static final String STRICT = "strict_values";
    public static final String WITHOUT_ROWID = "kv";
    public static final String GENERATED = "generated_cols";
    public static final String SEQ_GAP = "seq_gap";
    public static final String SEQ_EMPTY = "seq_empty";
    public static final String GAPPY = "gappy";
    public static final String PK_DESC = "pk_desc";
    public static final String INT_PK = "int_pk";
    public static final String CYCLE_A = "cycle_a";
    public static final String CYCLE_B = "cycle_b";
    public static final String EMPLOYEES = "employees";
    public static final String ACCOUNTS = "accounts";
    public static final String AUDIT = "audit_log";
    public static final String RICH_VIEW = "rich_accounts";
    public static final String RICH_OWNERS_VIEW = "rich owners";
    public static final String FORMATTED = "formatted";
    public static final String EMPTY_TABLE = "empty_table";

    /** FTS5 cases. */
    public static final String POEM_FTS = "poem lines";
    public static final String DOCS = "docs";
    public static final String DOCS_FTS = "docs_fts";
    public static final String CONTENTLESS_FTS = "tag_index";

    /** Rowids deliberately used in {@link #GAPPY}. */
    public static final long GAPPY_EXPLICIT_ROWID = 1000;

    static final int POEM_ROWS = 320;
    static final int DOC_ROWS = 220;
    static final int LARGE_TEXT_BYTES = 300 * 1024;
    static final int RANDOM_BLOB_BYTES = 1024 * 1024;
    static final int MEDIUM_BLOB_BYTES = 250 * 1024;

    private AwkwardDatabase() {
    }

    /** Creates the awkward database at {@code file}, replacing any existing file. */
    public static Path create(Path file) {
        prepare(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            new Builder(c, new Random(SEED)).build();
        } catch (SQLException e) {
            throw new IllegalStateException("building awkward database " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * Creates {@code large(id INTEGER PRIMARY KEY, name TEXT, amount REAL, qty INTEGER, payload BLOB)} with
     * {@code rows} deterministic rows (a few NULLs, one index), replacing any existing file.
     */
    public static Path createLarge(Path file, int rows) {
        prepare(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            Random random = new Random(SEED + rows);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE large (id INTEGER PRIMARY KEY, name TEXT, amount REAL, qty INTEGER, payload BLOB)");
                st.execute("CREATE INDEX large_name ON large(name)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO large VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, i % 97 == 0 ? null : "name-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
                    ps.setDouble(3, random.nextGaussian() * 1e6);
                    ps.setLong(4, random.nextInt());
                    byte[] payload = new byte[random.nextInt(64)];
                    random.nextBytes(payload);
                    ps.setBytes(5, payload);
                    ps.addBatch();
                    if (i % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("building large database " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static void prepare(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One labelled value of {@link #SCALARS}. */
    public record Scalar(String label, String typeof) {
    }

    /**
     * The labels in {@link #SCALARS} with the storage class each value must have. Values are inserted as bound
     * parameters or SQL expressions so that SQLite keeps exactly these types.
     */
    public static List<Scalar> scalars() {
        List<Scalar> list = new ArrayList<>();
        for (ScalarValue v : scalarValues()) {
            list.add(new Scalar(v.label(), v.typeof()));
        }
        return List.copyOf(list);
    }

    /** Exact expected value: a Long, Double, String (valid UTF-8 text), byte[] (raw bytes) or null. */
    record ScalarValue(String label, String typeof, String sqlExpression, Object value) {
    }

    static List<ScalarValue> scalarValues() {
        List<ScalarValue> v = new ArrayList<>();
        // int64 extremes
        v.add(new ScalarValue("int.max", "integer", "?", Long.MAX_VALUE));
        v.add(new ScalarValue("int.min", "integer", "?", Long.MIN_VALUE));
        v.add(new ScalarValue("int.zero", "integer", "?", 0L));
        v.add(new ScalarValue("int.minus_one", "integer", "?", -1L));
        v.add(new ScalarValue("int.one", "integer", "?", 1L));
        v.add(new ScalarValue("int.two_pow_53_plus_1", "integer", "?", 9007199254740993L));
        // REAL: bound as Java doubles so the bits are exact
        v.add(new ScalarValue("real.neg_zero", "real", "?", -0.0d));
        v.add(new ScalarValue("real.pos_zero", "real", "?", 0.0d));
        v.add(new ScalarValue("real.min_subnormal", "real", "?", Double.MIN_VALUE));
        v.add(new ScalarValue("real.min_normal", "real", "?", Double.MIN_NORMAL));
        v.add(new ScalarValue("real.max", "real", "?", Double.MAX_VALUE));
        v.add(new ScalarValue("real.one_tenth", "real", "?", 0.1d));
        v.add(new ScalarValue("real.one", "real", "?", 1.0d));
        v.add(new ScalarValue("real.hundred", "real", "?", 100.0d));
        v.add(new ScalarValue("real.two_pow_63", "real", "?", 9.223372036854775807E18));
        v.add(new ScalarValue("real.pi", "real", "?", Math.PI));
        v.add(new ScalarValue("real.third", "real", "?", 1.0d / 3.0d));
        v.add(new ScalarValue("real.pos_inf", "real", "1e999", Double.POSITIVE_INFINITY));
        v.add(new ScalarValue("real.neg_inf", "real", "-1e999", Double.NEGATIVE_INFINITY));
        v.add(new ScalarValue("real.literal_min_subnormal", "real", "4.9406564584124654e-324", Double.MIN_VALUE));
        // TEXT
        v.add(new ScalarValue("text.empty", "text", "?", ""));
        v.add(new ScalarValue("null.value", "null", "?", null));
        v.add(new ScalarValue("text.nul_middle", "text", "CAST(X'610062' AS TEXT)", hex("610062")));
        v.add(new ScalarValue("text.nul_leading", "text", "CAST(X'006162' AS TEXT)", hex("006162")));
        v.add(new ScalarValue("text.nul_trailing", "text", "CAST(X'616200' AS TEXT)", hex("616200")));
        v.add(new ScalarValue("text.nul_only", "text", "CAST(X'00' AS TEXT)", hex("00")));
        v.add(new ScalarValue("text.crlf", "text", "?", "line one\r\nline two\r\n"));
        v.add(new ScalarValue("text.lone_cr_lf", "text", "?", "a\rb\nc"));
        v.add(new ScalarValue("text.tabs", "text", "?", "\tcol1\tcol2\t"));
        v.add(new ScalarValue("text.controls", "text", "?", "\u0001\u001f\u007f\u0008\u001b[0m\u000b\u000c"));
        v.add(new ScalarValue("text.c1_controls", "text", "?", "\u0085\u0080\u009f"));
        v.add(new ScalarValue("text.invalid_utf8", "text", "CAST(X'fffe80c0' AS TEXT)", hex("fffe80c0")));
        v.add(new ScalarValue("text.overlong_utf8", "text", "CAST(X'c0af' AS TEXT)", hex("c0af")));
        v.add(new ScalarValue("text.utf8_surrogate", "text", "CAST(X'eda080' AS TEXT)", hex("eda080")));
        v.add(new ScalarValue("text.truncated_utf8", "text", "CAST(X'41e282' AS TEXT)", hex("41e282")));
        v.add(new ScalarValue("text.emoji", "text", "?", "😀👍🏽👨‍👩‍👧 🇺🇦"));
        v.add(new ScalarValue("text.astral", "text", "?", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈 𠜎"));
        v.add(new ScalarValue("text.non_latin", "text", "?", "таблица 列 名前 Ελληνικά עברית العربية"));
        v.add(new ScalarValue("text.bom", "text", "?", "\uFEFFstarts with BOM"));
        v.add(new ScalarValue("text.combining", "text", "?", "e\u0301"));
        v.add(new ScalarValue("text.precomposed", "text", "?", "\u00e9"));
        v.add(new ScalarValue("text.line_separators", "text", "?", "a\u2028b\u2029c\u0085d"));
        v.add(new ScalarValue("text.sql_injection", "text", "?", "'); DROP TABLE scalars; --"));
        v.add(new ScalarValue("text.quotes", "text", "?", "it's \"quoted\" `back` [br]"));
        v.add(new ScalarValue("text.backslashes", "text", "?", "C:\\path\\n\\0\\x00"));
        v.add(new ScalarValue("text.numeric_looking", "text", "?", "12"));
        v.add(new ScalarValue("text.real_looking", "text", "?", "1e3"));
        v.add(new ScalarValue("text.padded_number", "text", "?", " 12 "));
        v.add(new ScalarValue("text.word_null", "text", "?", "NULL"));
        v.add(new ScalarValue("text.spaces", "text", "?", "   "));
        v.add(new ScalarValue("text.nbsp", "text", "?", "\u00a0"));
        // BLOB
        v.add(new ScalarValue("blob.empty", "blob", "X''", new byte[0]));
        v.add(new ScalarValue("blob.nul", "blob", "X'00'", hex("00")));
        v.add(new ScalarValue("blob.text_bytes", "blob", "X'68656c6c6f'", hex("68656c6c6f")));
        v.add(new ScalarValue("blob.numeric_bytes", "blob", "X'3132'", hex("3132")));
        v.add(new ScalarValue("blob.invalid_utf8", "blob", "X'fffe80c0'", hex("fffe80c0")));
        return List.copyOf(v);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static final class Builder {

        private final Connection c;
        private final Random random;

        Builder(Connection c, Random random) {
            this.c = c;
            this.random = random;
        }

        void build() throws SQLException {
            exec("PRAGMA foreign_keys = ON");
            c.setAutoCommit(false);
            identifiers();
            values();
            shapes();
            foreignKeys();
            triggersIndexesViews();
            fts();
            exec("PRAGMA user_version = " + USER_VERSION);
            exec("PRAGMA application_id = " + APPLICATION_ID);
            c.commit();
            c.setAutoCommit(true);
        }

        // ---------------------------------------------------------------- identifiers

        private void identifiers() throws SQLException {
            String odd = Sql.ident(ODD_TABLE);
            exec("CREATE TABLE " + odd + " (\n"
                    + "  \"id\" INTEGER PRIMARY KEY,\n"
                    + "  \"col \"\"dq\"\"\" TEXT,\n"
                    + "  \"col 'sq'\" TEXT,\n"
                    + "  \"[bracketed]\" INTEGER,\n"
                    + "  [also [bracketed] TEXT,\n"
                    + "  `backticked` TEXT,\n"
                    + "  \"order\" TEXT,\n"
                    + "  \"select\" TEXT,\n"
                    + "  \"group\" INTEGER,\n"
                    + "  \" leading and trailing \" TEXT,\n"
                    + "  \"a.b\" TEXT,\n"
                    + "  " + Sql.ident(NEWLINE_COLUMN) + " TEXT,\n"
                    + "  \"😀 emoji\" TEXT,\n"
                    + "  \"列\" TEXT,\n"
                    + "  \"\" TEXT\n"
                    + ")");
            exec("CREATE INDEX \"idx \"\"odd\"\" [1]\" ON " + odd + " (\"order\" COLLATE NOCASE, \"group\" DESC)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + odd + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 5; i++) {
                    int p = 1;
                    ps.setInt(p++, i * 10);
                    ps.setString(p++, "dq \"" + i + "\"");
                    ps.setString(p++, "sq '" + i + "'");
                    ps.setInt(p++, -i);
                    ps.setString(p++, "[" + i + "]");
                    ps.setString(p++, "`" + i + "`");
                    ps.setString(p++, i % 2 == 0 ? "ORDER" : "order");
                    ps.setString(p++, "select * from x");
                    ps.setInt(p++, i * i);
                    ps.setString(p++, " padded ");
                    ps.setString(p++, "a.b");
                    ps.setString(p++, "line\nbreak " + i);
                    ps.setString(p++, "😀".repeat(i));
                    ps.setString(p++, "列" + i);
                    ps.setString(p, i == 3 ? null : "empty-name column " + i);
                    ps.executeUpdate();
                }
            }
            exec("CREATE TABLE " + Sql.ident(CYRILLIC_TABLE) + " (\"ключ\" INTEGER PRIMARY KEY, \"колонка\" TEXT, \"列\" INTEGER, \"名前\" TEXT, \"ελληνικά\" REAL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Sql.ident(CYRILLIC_TABLE) + " VALUES (?, ?, ?, ?, ?)")) {
                String[] words = {"привет", "мир", "東京", "日本語", "αβγ", "ünïcödé"};
                for (int i = 0; i < words.length; i++) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, words[i]);
                    ps.setInt(3, i * 7);
                    ps.setString(4, "名前" + i);
                    ps.setDouble(5, i / 7.0);
                    ps.executeUpdate();
                }
            }
            exec("CREATE TABLE \"order\" (\"select\" TEXT, \"group\" INTEGER, \"from\" TEXT, \"where\" BLOB, \"table\" REAL)");
            exec("INSERT INTO \"order\" VALUES ('from', 1, 'where', X'00ff', 1.5), ('group', 2, 'by', NULL, -2.5), ('select', 3, '*', X'', 0.0)");
            exec("DELETE FROM \"order\" WHERE \"group\" = 2");
            exec("INSERT INTO \"order\" VALUES ('having', 4, 'limit', X'01', 4.0)");

            // a column literally named rowid: the real rowid must be reached as _rowid_ or oid
            exec("CREATE TABLE " + Sql.ident(ROWID_COLUMN_TABLE) + " (rowid TEXT, payload BLOB, note TEXT)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Sql.ident(ROWID_COLUMN_TABLE) + " (_rowid_, rowid, payload, note) VALUES (?, ?, ?, ?)")) {
                long[] hidden = {3, 4, 8, 15, 16, 23, 42, 1_000_000_007L};
                for (int i = 0; i < hidden.length; i++) {
                    ps.setLong(1, hidden[i]);
                    ps.setString(2, "not-the-rowid-" + (hidden.length - i));
                    ps.setBytes(3, new byte[] {(byte) i, (byte) (255 - i)});
                    ps.setString(4, i % 3 == 0 ? null : "note " + i);
                    ps.executeUpdate();
                }
            }
            exec("DELETE FROM " + Sql.ident(ROWID_COLUMN_TABLE) + " WHERE _rowid_ = 15");

            // all three rowid names are columns: the rowid is unreachable by SQL (and so need not survive)
            exec("CREATE TABLE " + Sql.ident(ALL_ROWID_NAMES_TABLE) + " (rowid INTEGER, _rowid_ TEXT, oid BLOB)");
            exec("INSERT INTO " + Sql.ident(ALL_ROWID_NAMES_TABLE) + " VALUES (1, 'one', X'01'), (2, 'two', X'02'), (2, 'two', X'02'), (3, 'three', NULL), (NULL, NULL, NULL)");
            exec("DELETE FROM " + Sql.ident(ALL_ROWID_NAMES_TABLE) + " WHERE _rowid_ = 'one'");
        }

        // ---------------------------------------------------------------- values

        private void values() throws SQLException {
            exec("CREATE TABLE scalars (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE, v)");
            for (ScalarValue s : scalarValues()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO scalars (label, v) VALUES (?, " + s.sqlExpression() + ")")) {
                    ps.setString(1, s.label());
                    if (s.sqlExpression().equals("?")) {
                        Object value = s.value();
                        if (value == null) {
                            ps.setNull(2, Types.NULL);
                        } else if (value instanceof Long l) {
                            ps.setLong(2, l);
                        } else if (value instanceof Double d) {
                            ps.setDouble(2, d);
                        } else if (value instanceof String str) {
                            ps.setString(2, str);
                        } else {
                            throw new IllegalStateException("unsupported bound value for " + s.label());
                        }
                    }
                    ps.executeUpdate();
                }
            }

            exec("CREATE TABLE large_values (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, v)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO large_values (kind, v) VALUES (?, ?)")) {
                ps.setString(1, "text.300k");
                ps.setString(2, largeText(LARGE_TEXT_BYTES));
                ps.executeUpdate();
                byte[] randomBlob = new byte[RANDOM_BLOB_BYTES];
                random.nextBytes(randomBlob);
                ps.setString(1, "blob.1m_random");
                ps.setBytes(2, randomBlob);
                ps.executeUpdate();
                byte[] sparse = new byte[MEDIUM_BLOB_BYTES];
                for (int i = 0; i < sparse.length; i += 1 + random.nextInt(512)) {
                    sparse[i] = (byte) random.nextInt(256);
                }
                ps.setString(1, "blob.250k_sparse");
                ps.setBytes(2, sparse);
                ps.executeUpdate();
                ps.setString(1, "blob.empty");
                ps.setBytes(2, new byte[0]);
                ps.executeUpdate();
            }
            exec("INSERT INTO large_values (kind, v) VALUES ('text.nul_heavy', CAST(zeroblob(1000) AS TEXT))");

            // values whose storage class disagrees with the column affinity
            exec("CREATE TABLE affinity_mix (id INTEGER PRIMARY KEY, note TEXT NOT NULL, i INTEGER, t TEXT, r REAL, n NUMERIC, b BLOB)");
            String[][] mismatches = {
                    {"text in INTEGER", "i", "'abc'"},
                    {"real in INTEGER", "i", "12.5"},
                    {"blob in INTEGER", "i", "X'01'"},
                    {"text 1e400 in INTEGER becomes real Inf", "i", "'1e400'"},
                    {"blob in TEXT", "t", "X'3132'"},
                    {"integer in TEXT becomes text", "t", "12"},
                    {"text in REAL", "r", "'abc'"},
                    {"integer in REAL becomes real", "r", "7"},
                    {"neg zero in REAL loses its sign", "r", "-0.0"},
                    {"blob in REAL", "r", "X'00'"},
                    {"hex text in NUMERIC stays text", "n", "'0x10'"},
                    {"integral real in NUMERIC becomes integer", "n", "12.0"},
                    {"text 1e3 in NUMERIC becomes integer", "n", "'1e3'"},
                    {"text 12.5 in NUMERIC becomes real", "n", "'12.5'"},
                    {"integer in BLOB column", "b", "12"},
                    {"text in BLOB column", "b", "'12'"},
                    {"real in BLOB column", "b", "12.0"},
            };
            for (String[] m : mismatches) {
                exec("INSERT INTO affinity_mix (note, " + m[1] + ") VALUES (" + Sql.literal(m[0]) + ", " + m[2] + ")");
            }

            // a table with no declared types at all (and no primary key)
            exec("CREATE TABLE untyped (a, b, c)");
            exec("INSERT INTO untyped VALUES (1, 1.0, '1'), (X'01', NULL, ''), ('2', 2, 2.0), (-0.0, 0.0, 0), (9223372036854775807, -9223372036854775808, 1e999)");
        }

        private String largeText(int minBytes) {
            int[][] ranges = {{0x20, 0x7e}, {0xa0, 0xff}, {0x400, 0x4ff}, {0x4e00, 0x9fff}, {0x1f600, 0x1f64f}, {0x0009, 0x000a}};
            StringBuilder b = new StringBuilder();
            int bytes = 0;
            while (bytes < minBytes) {
                int[] r = ranges[random.nextInt(ranges.length)];
                int cp = r[0] + random.nextInt(r[1] - r[0] + 1);
                b.appendCodePoint(cp);
                bytes += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            }
            return b.toString();
        }

        // ---------------------------------------------------------------- shapes

        private void shapes() throws SQLException {
            exec("CREATE TABLE strict_values (id INTEGER PRIMARY KEY, i INT NOT NULL, r REAL, t TEXT, b BLOB, a ANY) STRICT");
            exec("INSERT INTO strict_values VALUES (1, 1, 5, 'five', X'05', '12')");
            exec("INSERT INTO strict_values VALUES (2, -9223372036854775808, -0.0, '', X'', 12)");
            exec("INSERT INTO strict_values VALUES (3, 9223372036854775807, 1e999, CAST(X'610062' AS TEXT), NULL, 12.0)");
            exec("INSERT INTO strict_values VALUES (4, 0, NULL, NULL, NULL, X'3132')");
            exec("INSERT INTO strict_values VALUES (5, '42', 0.1, 'x', X'ff', -0.0)");

            exec("CREATE TABLE kv (ns TEXT COLLATE NOCASE NOT NULL, k INTEGER NOT NULL, v, PRIMARY KEY (ns, k DESC)) WITHOUT ROWID");
            exec("INSERT INTO kv VALUES ('Alpha', 1, 'a1'), ('alpha2', 1, 'a2'), ('beta', -5, 1.5), ('BETA', 7, X'beef'), ('Gamma', 9223372036854775807, NULL)");
            exec("INSERT INTO kv VALUES (CAST(X'610062' AS TEXT), 0, 'nul in key'), (CAST(X'ff' AS TEXT), 0, 'invalid utf8 in key'), ('δέλτα', 3, 'greek'), ('', 0, 'empty key')");
            exec("DELETE FROM kv WHERE ns = 'alpha2'");

            exec("CREATE TABLE generated_cols (id INTEGER PRIMARY KEY, a INTEGER, b TEXT,\n"
                    + "  twice INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL,\n"
                    + "  shout TEXT GENERATED ALWAYS AS (upper(b)) STORED,\n"
                    + "  \"len\" AS (length(b)),\n"
                    + "  c TEXT DEFAULT 'after generated')");
            exec("INSERT INTO generated_cols (id, a, b) VALUES (1, 21, 'hello'), (2, NULL, 'null a'), (3, -4, NULL)");
            exec("INSERT INTO generated_cols (id, a, b, c) VALUES (4, 9, 'ünï', 'explicit')");

            exec("CREATE TABLE seq_gap (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)");
            for (int i = 1; i <= 10; i++) {
                exec("INSERT INTO seq_gap (v) VALUES ('row " + i + "')");
            }
            exec("DELETE FROM seq_gap WHERE id >= 8 OR id = 3");
            exec("CREATE TABLE seq_empty (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)");
            exec("INSERT INTO seq_empty (v) VALUES ('x'), ('y'), ('z')");
            exec("DELETE FROM seq_empty");

            // a rowid table without INTEGER PRIMARY KEY, with gaps, negative and huge explicit rowids
            exec("CREATE TABLE gappy (v TEXT, w INTEGER)");
            for (int i = 1; i <= 20; i++) {
                exec("INSERT INTO gappy VALUES ('v" + i + "', " + i * i + ")");
            }
            exec("DELETE FROM gappy WHERE w IN (4, 9, 49, 50, 144, 400)");
            exec("INSERT INTO gappy (rowid, v, w) VALUES (" + GAPPY_EXPLICIT_ROWID + ", 'explicit', -1), (-7, 'negative rowid', -7), (0, 'zero rowid', 0)");
            exec("INSERT INTO gappy (rowid, v, w) VALUES (9223372036854775807, 'max rowid', NULL), (-9223372036854775808, 'min rowid', NULL)");

            // INTEGER PRIMARY KEY DESC is NOT a rowid alias (documented quirk); INT PRIMARY KEY neither
            exec("CREATE TABLE pk_desc (x INTEGER PRIMARY KEY DESC, y TEXT)");
            exec("INSERT INTO pk_desc VALUES (30, 'thirty'), (20, 'twenty'), (10, 'ten'), (5, 'five')");
            exec("DELETE FROM pk_desc WHERE x = 20");
            exec("INSERT INTO pk_desc VALUES (1, 'one')");
            exec("CREATE TABLE int_pk (id INT PRIMARY KEY, v)");
            exec("INSERT INTO int_pk VALUES (100, 'a'), (50, 'b'), (75, 'c')");
            exec("DELETE FROM int_pk WHERE id = 100");
            exec("INSERT INTO int_pk (rowid, id, v) VALUES (77, 1, 'explicit rowid')");

            exec("CREATE TABLE empty_table (x INTEGER PRIMARY KEY, y TEXT NOT NULL DEFAULT 'never used')");

            // DDL whose text must be kept byte for byte: comments, tabs, odd spacing, lower case
            exec("create table    formatted\t(\n"
                    + "\t-- a line comment; with a semicolon\n"
                    + "\tx   integer /* inline */ not null default (1 + 1),\n"
                    + "\ty text collate rtrim default 'it''s',\n"
                    + "\tz   \"quoted type\"  ,\n"
                    + "\tcheck (x > 0)   -- trailing comment\n"
                    + ")");
            exec("insert into formatted (x, y, z) values (3, 'trailing spaces   ', 'custom type')");
            exec("insert into formatted (y) values (NULL)");
        }

        // ---------------------------------------------------------------- foreign keys

        private void foreignKeys() throws SQLException {
            exec("CREATE TABLE cycle_a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES cycle_b(id) DEFERRABLE INITIALLY DEFERRED, label TEXT)");
            exec("CREATE TABLE cycle_b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES cycle_a(id), label TEXT)");
            exec("INSERT INTO cycle_a VALUES (1, 2, 'a1 -> b2'), (2, 1, 'a2 -> b1'), (3, NULL, 'a3')");
            exec("INSERT INTO cycle_b VALUES (1, 1, 'b1 -> a1'), (2, 2, 'b2 -> a2')");

            exec("CREATE TABLE employees (id INTEGER PRIMARY KEY, name TEXT NOT NULL, manager_id INTEGER REFERENCES employees(id) ON DELETE SET NULL)");
            // the boss has the highest id: restoring in rowid order with immediate FK checks fails
            exec("INSERT INTO employees VALUES (9, 'boss', NULL)");
            exec("INSERT INTO employees VALUES (9 - 1, 'self-managed', 8)");
            exec("INSERT INTO employees VALUES (1, 'alice', 9), (2, 'bob', 1), (3, 'carol', 9)");
        }

        // ---------------------------------------------------------------- triggers, indexes, views

        private void triggersIndexesViews() throws SQLException {
            exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0)");
            exec("CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, account_id INTEGER, action TEXT NOT NULL, detail TEXT)");
            // created BEFORE the data: every account insert below wrote an audit row. A restore that creates
            // this trigger before loading accounts would write every audit row twice.
            exec("CREATE TRIGGER accounts_audit_insert AFTER INSERT ON accounts\n"
                    + "BEGIN\n"
                    + "  INSERT INTO audit_log (account_id, action, detail) VALUES (NEW.id, 'insert', NEW.owner || ' opened with ' || NEW.balance);\n"
                    + "END");
            // a restore that fixes rows up with UPDATE after inserting them is stopped by this trigger
            exec("CREATE TRIGGER accounts_locked_guard BEFORE UPDATE ON accounts\n"
                    + "WHEN OLD.locked = 1\n"
                    + "BEGIN\n"
                    + "  SELECT RAISE(ABORT, 'account is locked');\n"
                    + "END");
            exec("CREATE UNIQUE INDEX accounts_owner_unique ON accounts (owner)");
            exec("CREATE INDEX accounts_locked_partial ON accounts (balance) WHERE locked = 1");
            exec("CREATE INDEX accounts_owner_lower ON accounts (lower(owner), balance DESC)");
            String[] owners = {"Ada", "Brendan", "Cleo", "Dmitri", "Eun-ji", "Fatima", "Guðrún", "Hiroshi", "Ines", "Jamal"};
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (owner, balance, locked) VALUES (?, ?, ?)")) {
                for (int i = 0; i < owners.length; i++) {
                    ps.setString(1, owners[i]);
                    ps.setLong(2, (i + 1) * 250L);
                    ps.setInt(3, i % 4 == 1 ? 1 : 0);
                    ps.executeUpdate();
                }
            }
            exec("UPDATE accounts SET balance = balance + 1 WHERE locked = 0 AND id % 2 = 0");
            exec("DELETE FROM audit_log WHERE account_id = 3"); // audit pruning: not derivable from accounts
            exec("INSERT INTO audit_log (account_id, action, detail) VALUES (NULL, 'manual', 'written by hand')");

            exec("CREATE VIEW rich_accounts AS SELECT id, owner, balance FROM accounts WHERE balance >= 1000");
            exec("CREATE VIEW \"rich owners\" AS SELECT owner AS \"owner name\" FROM rich_accounts ORDER BY owner");
            exec("CREATE VIEW \"odd view \"\"v\"\"\" AS SELECT \"col \"\"dq\"\"\" AS \"alias \"\"x\"\"\", \"列\" FROM " + Sql.ident(ODD_TABLE));
            exec("CREATE TRIGGER rich_accounts_insert INSTEAD OF INSERT ON rich_accounts\n"
                    + "BEGIN\n"
                    + "  INSERT INTO accounts (owner, balance) VALUES (NEW.owner, max(NEW.balance, 1000));\n"
                    + "END");
            exec("INSERT INTO rich_accounts (owner, balance) VALUES ('Kofi via view', 5)");
        }

        // ---------------------------------------------------------------- FTS5

        private void fts() throws SQLException {
            exec("CREATE VIRTUAL TABLE \"poem lines\" USING fts5(line, stanza UNINDEXED, source, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')");
            // persisted FTS5 configuration lives in the "poem lines_config" shadow table
            exec("INSERT INTO \"poem lines\" (\"poem lines\", rank) VALUES ('rank', 'bm25(10.0, 0.0, 1.0)')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"poem lines\" (rowid, line, stanza, source) VALUES (?, ?, ?, ?)")) {
                List<String> lines = PublicDomainText.lines(random, POEM_ROWS);
                for (int i = 0; i < lines.size(); i++) {
                    ps.setLong(1, i < 10 ? i + 1 : 3L * i);
                    ps.setString(2, lines.get(i));
                    ps.setInt(3, i / 14);
                    ps.setString(4, i < PublicDomainText.SONNET_18.size() ? "Shakespeare, Sonnet 18" : i % 5 == 0 ? null : "generated");
                    ps.executeUpdate();
                }
            }
            exec("DELETE FROM \"poem lines\" WHERE rowid IN (33, 66, 99)");
            exec("UPDATE \"poem lines\" SET line = line || ' (revised)' WHERE rowid IN (45, 90)");

            exec("CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT)");
            exec("CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, content = 'docs', content_rowid = 'id')");
            exec("CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN\n"
                    + "  INSERT INTO docs_fts (rowid, title, body) VALUES (new.id, new.title, new.body);\n"
                    + "END");
            exec("CREATE TRIGGER docs_ad AFTER DELETE ON docs BEGIN\n"
                    + "  INSERT INTO docs_fts (docs_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);\n"
                    + "END");
            exec("CREATE TRIGGER docs_au AFTER UPDATE ON docs BEGIN\n"
                    + "  INSERT INTO docs_fts (docs_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);\n"
                    + "  INSERT INTO docs_fts (rowid, title, body) VALUES (new.id, new.title, new.body);\n"
                    + "END");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO docs (id, title, body) VALUES (?, ?, ?)")) {
                for (int i = 0; i < DOC_ROWS; i++) {
                    ps.setLong(1, i == DOC_ROWS - 1 ? 1_000_000 : 2L * i + 1);
                    ps.setString(2, PublicDomainText.sentence(random, 2, 6));
                    ps.setString(3, i % 23 == 0 ? null : PublicDomainText.sentence(random, 15, 45));
                    ps.executeUpdate();
                }
            }
            exec("DELETE FROM docs WHERE id % 13 = 0");
            exec("UPDATE docs SET body = 'rewritten: ' || coalesce(body, 'nothing') WHERE id % 17 = 0");

            exec("CREATE VIRTUAL TABLE tag_index USING fts5(tag, content = '')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tag_index (rowid, tag) VALUES (?, ?)")) {
                for (int i = 1; i <= 60; i++) {
                    ps.setLong(1, i * 5L);
                    ps.setString(2, PublicDomainText.sentence(random, 1, 3));
                    ps.executeUpdate();
                }
            }
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
