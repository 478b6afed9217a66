package dev.grove.patina.compat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A SQL file, written here by hand (not by Patina's dump writer), that loads into D1 with {@code wrangler d1 execute
 * --file} and holds the values D1's REST JSON cannot carry as they are: every storage class, 64-bit integer edges,
 * -0.0, denormals, ±Inf, every control byte in TEXT (alone, inside, at either end), CR/LF mixes, NUL, invalid UTF-8,
 * blobs of every byte, values near D1's 100,000-byte statement limit and one far past it (built up with appends),
 * and the table shapes that make paging hard: STRICT, WITHOUT ROWID with text and blob keys, generated columns,
 * rowid gaps to both int64 ends, an AUTOINCREMENT sequence ahead of its rows, FTS5, a trigger that must not refire.
 * Every table name starts with {@code adv_}.
 */
final class AdversarialD1Sql {
    /** Labels in {@code adv_values} with the value that must come back (checked on D1's own file too). */
    static final String NEG_ZERO = "real.neg_zero";
    static final String TWO_POW_53_PLUS_1 = "int.2^53+1";
    static final String POS_INF = "real.pos_inf";
    static final String INVALID_UTF8 = "text.invalid_utf8";
    static final String BLOB_ALL_BYTES = "blob.all_bytes";
    static final String NUL_TEXT = "text.nul_middle";

    private AdversarialD1Sql() {
    }

    static String build() {
        List<String> s = new ArrayList<>();
        s.add("PRAGMA defer_foreign_keys=on");
        s.add("CREATE TABLE adv_values (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE, v)");
        List<String[]> values = new ArrayList<>();
        values.add(new String[] {"int.max", "9223372036854775807"});
        values.add(new String[] {"int.min", "(-9223372036854775807 - 1)"});
        values.add(new String[] {TWO_POW_53_PLUS_1, "9007199254740993"});
        values.add(new String[] {"int.-(2^53+1)", "-9007199254740993"});
        values.add(new String[] {"int.2^53", "9007199254740992"});
        values.add(new String[] {"int.zero", "0"});
        values.add(new String[] {"int.minus_one", "-1"});
        values.add(new String[] {"real.zero", "0.0"});
        values.add(new String[] {NEG_ZERO, "-0.0"});
        values.add(new String[] {"real.min_subnormal", "4.9406564584124654e-324"});
        values.add(new String[] {"real.neg_min_subnormal", "-4.9406564584124654e-324"});
        values.add(new String[] {"real.max_subnormal", "2.2250738585072009e-308"});
        values.add(new String[] {"real.min_normal", "2.2250738585072014e-308"});
        values.add(new String[] {"real.max", "1.7976931348623157e308"});
        values.add(new String[] {POS_INF, "1e999"});
        values.add(new String[] {"real.neg_inf", "-1e999"});
        values.add(new String[] {"real.one_tenth", "0.1"});
        values.add(new String[] {"real.third", "(1.0 / 3.0)"});
        values.add(new String[] {"real.1e21", "1e21"});
        values.add(new String[] {"real.2^63", "9.2233720368547758e18"});
        values.add(new String[] {"real.integral", "123456789.0"});
        values.add(new String[] {"real.tiny", "1.5e-7"});
        values.add(new String[] {"null", "NULL"});
        values.add(new String[] {"text.empty", "''"});
        values.add(new String[] {"text.quotes", "'it''s \"quoted\"'"});
        values.add(new String[] {"text.crlf", "CAST(X'610D0A620D0A' AS TEXT)"});
        values.add(new String[] {"text.lone_cr", "CAST(X'610D62' AS TEXT)"});
        values.add(new String[] {"text.cr_start_end", "CAST(X'0D61620D' AS TEXT)"});
        values.add(new String[] {"text.cr_only", "CAST(X'0D' AS TEXT)"});
        values.add(new String[] {"text.lf_cr", "CAST(X'0A0D' AS TEXT)"});
        values.add(new String[] {NUL_TEXT, "CAST(X'610062' AS TEXT)"});
        values.add(new String[] {"text.nul_only", "CAST(X'00' AS TEXT)"});
        values.add(new String[] {INVALID_UTF8, "CAST(X'C328FF' AS TEXT)"});
        values.add(new String[] {"text.surrogate", "CAST(X'EDA080' AS TEXT)"});
        values.add(new String[] {"text.overlong", "CAST(X'C0AF' AS TEXT)"});
        values.add(new String[] {"text.beyond_unicode", "CAST(X'F4908080' AS TEXT)"});
        values.add(new String[] {"text.lone_continuation", "CAST(X'80' AS TEXT)"});
        values.add(new String[] {"text.bom", "CAST(X'EFBBBF61' AS TEXT)"});
        values.add(new String[] {"text.unicode", "'😀 ελληνικά 列 \u202Eltr\u202C e\u0301'"});
        values.add(new String[] {"text.looks_like_number", "'0042'"});
        for (int b = 0; b <= 0x7f; b = b == 0x1f ? 0x7f : b + 1) {
            String hex = String.format("%02X", b);
            values.add(new String[] {"ctl." + hex + ".alone", "CAST(X'" + hex + "' AS TEXT)"});
            values.add(new String[] {"ctl." + hex + ".inside", "CAST(X'61" + hex + "62' AS TEXT)"});
            values.add(new String[] {"ctl." + hex + ".ends", "CAST(X'" + hex + "61" + hex + "' AS TEXT)"});
        }
        values.add(new String[] {"blob.empty", "X''"});
        values.add(new String[] {"blob.zero", "X'00'"});
        StringBuilder all = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            all.append(String.format("%02X", b));
        }
        values.add(new String[] {BLOB_ALL_BYTES, "X'" + all + "'"});
        values.add(new String[] {"blob.utf8_bytes", "X'C3A9'"});
        StringBuilder insert = new StringBuilder("INSERT INTO adv_values (label, v) VALUES ");
        for (int i = 0; i < values.size(); i++) {
            insert.append(i == 0 ? "" : ", ").append("('").append(values.get(i)[0]).append("', ")
                    .append(values.get(i)[1]).append(')');
        }
        s.add(insert.toString());

        // near and past D1's 100,000-byte statement limit
        Random random = new Random(20261204L);
        byte[] blob = new byte[49_900];
        random.nextBytes(blob);
        s.add("INSERT INTO adv_values (label, v) VALUES ('blob.near_statement_limit', X'"
                + HexFormat.of().formatHex(blob) + "')");
        s.add("INSERT INTO adv_values (label, v) VALUES ('text.near_statement_limit', '"
                + "0123456789abcdef\t".repeat(5_800) + "')");
        s.add("INSERT INTO adv_values (label, v) VALUES ('blob.past_statement_limit', X'')");
        for (int part = 0; part < 7; part++) {
            byte[] chunk = new byte[45_000];
            random.nextBytes(chunk);
            s.add("UPDATE adv_values SET v = v || X'" + HexFormat.of().formatHex(chunk)
                    + "' WHERE label = 'blob.past_statement_limit'");
        }
        s.add("INSERT INTO adv_values (label, v) VALUES ('text.past_statement_limit', '')");
        for (int part = 0; part < 4; part++) {
            s.add("UPDATE adv_values SET v = v || '" + ("ü€" + part).repeat(9_000)
                    + "' WHERE label = 'text.past_statement_limit'");
        }

        s.add("CREATE TABLE adv_strict (id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, a ANY) STRICT");
        s.add("INSERT INTO adv_strict VALUES (1, 9223372036854775807, -0.0, CAST(X'00FF' AS TEXT), X'00', 1.5),"
                + " (2, -1, 4.9406564584124654e-324, '', X'', 'any text'), (3, NULL, 1e999, NULL, NULL, X'0102'),"
                + " (4, 0, 12.0, 'x', X'FF', 9007199254740993)");

        s.add("CREATE TABLE adv_kv (k TEXT, b BLOB, v, PRIMARY KEY (k, b DESC)) WITHOUT ROWID");
        StringBuilder kv = new StringBuilder("INSERT INTO adv_kv VALUES ");
        String[] keys = {"''", "'a'", "CAST(X'00' AS TEXT)", "CAST(X'0D0A' AS TEXT)", "CAST(X'C328FF' AS TEXT)",
            "'😀'", "'a b'", "CAST(X'7F' AS TEXT)"};
        String[] blobs = {"X''", "X'00'", "X'FF'", "X'0000'"};
        int n = 0;
        for (String k : keys) {
            for (String b : blobs) {
                kv.append(n == 0 ? "" : ", ").append('(').append(k).append(", ").append(b).append(", ").append(n)
                        .append(')');
                n++;
            }
        }
        s.add(kv.toString());

        s.add("CREATE TABLE adv_generated (id INTEGER PRIMARY KEY, a INTEGER, t TEXT,"
                + " twice INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL, upper_t TEXT AS (upper(t)) STORED)");
        s.add("INSERT INTO adv_generated (id, a, t) VALUES (1, 21, 'abc'), (2, NULL, NULL), (3, -4, 'éx')");

        s.add("CREATE TABLE adv_gaps (id INTEGER PRIMARY KEY, v TEXT)");
        s.add("INSERT INTO adv_gaps VALUES ((-9223372036854775807 - 1), 'min'), (-5, 'neg'), (1, 'one'),"
                + " (7, 'seven'), (1000000, 'million'), (9223372036854775807, 'max')");
        s.add("CREATE TABLE adv_rowids (v TEXT)");
        s.add("INSERT INTO adv_rowids (rowid, v) VALUES (3, 'c'), (10, 'j'), (-2, 'negative'), (4611686018427387904, 'big')");

        s.add("CREATE TABLE adv_seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)");
        s.add("INSERT INTO adv_seq (v) VALUES ('a'), ('b'), ('c'), ('d')");
        s.add("DELETE FROM adv_seq WHERE id IN (2, 4)");
        s.add("UPDATE sqlite_sequence SET seq = 5000 WHERE name = 'adv_seq'");

        s.add("CREATE TABLE adv_parent (id INTEGER PRIMARY KEY)");
        s.add("CREATE TABLE adv_child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES adv_parent(id))");
        s.add("INSERT INTO adv_parent VALUES (1), (2)");
        s.add("INSERT INTO adv_child VALUES (10, 2), (11, 1)");
        s.add("CREATE TABLE adv_log (n INTEGER)");
        s.add("CREATE TRIGGER adv_child_insert AFTER INSERT ON adv_child BEGIN INSERT INTO adv_log VALUES (new.id);"
                + " END");
        s.add("CREATE INDEX adv_child_parent ON adv_child(parent)");

        s.add("CREATE VIRTUAL TABLE adv_fts USING fts5(title, body)");
        s.add("INSERT INTO adv_fts (rowid, title, body) VALUES (5, 'first', 'the quick brown fox'),"
                + " (9, 'zweite', 'über den faulen Hund ' || CAST(X'0D0A' AS TEXT) || 'und so'),"
                + " (12, '三', '狐狸 quick')");
        return String.join(";\n", s) + ";\n";
    }
}
