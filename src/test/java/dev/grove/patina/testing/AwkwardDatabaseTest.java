package dev.grove.patina.testing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwkwardDatabaseTest {

    private Path dir;
    private Path db;
    private Connection c;

    @BeforeAll
    void create(@TempDir Path tempDir) throws SQLException {
        dir = tempDir;
        db = AwkwardDatabase.create(dir.resolve("awkward.db"));
        c = DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    @AfterAll
    void close() throws SQLException {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void fileIsSmallAndHealthy() throws Exception {
        long size = Files.size(db);
        assertTrue(size < 5L * 1024 * 1024, "size " + size);
        assertTrue(size > 1024 * 1024, "size " + size);
        assertEquals(List.of("ok"), strings("PRAGMA integrity_check"));
        assertEquals(List.of(), strings("SELECT \"table\" FROM pragma_foreign_key_check"));
        assertFalse(Files.exists(dir.resolve("awkward.db-journal")));
        assertFalse(Files.exists(dir.resolve("awkward.db-wal")));
    }

    @Test
    void headerPragmas() throws SQLException {
        assertEquals(42L, one("PRAGMA user_version"));
        assertEquals(0x50415449L, one("PRAGMA application_id"));
    }

    @Test
    void isDeterministic() {
        Path again = AwkwardDatabase.create(dir.resolve("again.db"));
        assertEquals(DatabaseComparator.fingerprint(db), DatabaseComparator.fingerprint(again));
        DatabaseComparator.assertSameDatabase(db, again);
    }

    @Test
    void awkwardIdentifiers() throws SQLException {
        List<String> tables = strings("SELECT name FROM sqlite_schema WHERE type = 'table'");
        assertTrue(tables.containsAll(List.of(AwkwardDatabase.ODD_TABLE, "таблица", "order", "rowid column", "all rowid names taken")), tables.toString());
        List<String> columns = strings("SELECT name FROM pragma_table_xinfo('" + AwkwardDatabase.ODD_TABLE.replace("'", "''") + "')");
        assertEquals(List.of("id", "col \"dq\"", "col 'sq'", "[bracketed]", "also [bracketed", "backticked", "order", "select",
                "group", " leading and trailing ", "a.b", "line\nbreak", "😀 emoji", "列", ""), columns);
        assertEquals(List.of("ключ", "колонка", "列", "名前", "ελληνικά"), strings("SELECT name FROM pragma_table_xinfo('таблица')"));
        assertEquals(5L, one("SELECT count(*) FROM \"odd \"\"table\"\" 'name' [x] `y`\""));
        assertEquals(List.of("odd view \"v\""), strings("SELECT name FROM sqlite_schema WHERE name LIKE 'odd view%'"));
    }

    @Test
    void rowidColumnShadowsTheRealRowid() throws SQLException {
        List<String> rows = strings("SELECT _rowid_ || '|' || rowid FROM \"rowid column\" ORDER BY _rowid_");
        assertEquals("3|not-the-rowid-8", rows.get(0));
        assertEquals("1000000007|not-the-rowid-1", rows.get(rows.size() - 1));
        assertFalse(rows.stream().anyMatch(r -> r.startsWith("15|")), "rowid 15 was deleted");
        // every rowid name is a column here: the rowid cannot be reached at all
        // (the row whose "_rowid_" column was 'one' was deleted through that column)
        assertEquals(List.of("", "2", "2", "3"), strings("SELECT coalesce(rowid, '') FROM \"all rowid names taken\" ORDER BY rowid"));
    }

    @Test
    void everyScalarHasItsStorageClass() throws SQLException {
        List<String> mismatches = new ArrayList<>();
        for (AwkwardDatabase.Scalar s : AwkwardDatabase.scalars()) {
            String actual = (String) single("SELECT typeof(v) FROM scalars WHERE label = ?", s.label());
            if (!s.typeof().equals(actual)) {
                mismatches.add(s.label() + ": " + actual);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void scalarValuesAreExact() throws SQLException {
        for (AwkwardDatabase.ScalarValue s : AwkwardDatabase.scalarValues()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM scalars WHERE label = ?")) {
                ps.setString(1, s.label());
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), s.label());
                    Object expected = s.value();
                    if (expected instanceof Long l) {
                        assertEquals(l.longValue(), rs.getLong(1), s.label());
                    } else if (expected instanceof Double d) {
                        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(rs.getDouble(1)), s.label());
                    } else if (expected instanceof String str) {
                        assertEquals(str, rs.getString(1), s.label());
                    } else if (expected instanceof byte[] b) {
                        assertArrayEquals(b, rs.getBytes(1) == null ? new byte[0] : rs.getBytes(1), s.label());
                    } else {
                        rs.getObject(1);
                        assertTrue(rs.wasNull(), s.label());
                    }
                }
            }
        }
        // the spot checks the brief asks for, in SQL terms
        assertEquals("text|610062|3", single("SELECT typeof(v) || '|' || hex(v) || '|' || length(CAST(v AS BLOB)) FROM scalars WHERE label = 'text.nul_middle'"));
        assertEquals("text|FFFE80C0", single("SELECT typeof(v) || '|' || hex(v) FROM scalars WHERE label = 'text.invalid_utf8'"));
        assertEquals("text|0", single("SELECT typeof(v) || '|' || length(v) FROM scalars WHERE label = 'text.empty'"));
        assertEquals("blob|0", single("SELECT typeof(v) || '|' || length(v) FROM scalars WHERE label = 'blob.empty'"));
        assertEquals("Inf|-Inf", single("SELECT (SELECT printf('%!.17g', v) FROM scalars WHERE label = 'real.pos_inf') || '|' || (SELECT printf('%!.17g', v) FROM scalars WHERE label = 'real.neg_inf')"));
        assertEquals("4.9406564584124654e-324", single("SELECT printf('%!.17g', v) FROM scalars WHERE label = 'real.min_subnormal'"));
        assertEquals(-9223372036854775808L, single("SELECT v FROM scalars WHERE label = 'int.min'"));
    }

    @Test
    void largeValues() throws SQLException {
        assertEquals("text", single("SELECT typeof(v) FROM large_values WHERE kind = 'text.300k'"));
        assertTrue((Long) single("SELECT length(CAST(v AS BLOB)) FROM large_values WHERE kind = 'text.300k'") >= 300 * 1024);
        assertEquals("blob|1048576", single("SELECT typeof(v) || '|' || length(v) FROM large_values WHERE kind = 'blob.1m_random'"));
        assertEquals("blob|256000", single("SELECT typeof(v) || '|' || length(v) FROM large_values WHERE kind = 'blob.250k_sparse'"));
        assertEquals("blob|0", single("SELECT typeof(v) || '|' || length(v) FROM large_values WHERE kind = 'blob.empty'"));
        assertEquals("text|1000", single("SELECT typeof(v) || '|' || length(CAST(v AS BLOB)) FROM large_values WHERE kind = 'text.nul_heavy'"));
    }

    @Test
    void typesThatDisagreeWithAffinity() throws SQLException {
        assertEquals(List.of(
                        "text in INTEGER=text", "real in INTEGER=real", "blob in INTEGER=blob", "text 1e400 in INTEGER becomes real Inf=real",
                        "blob in TEXT=blob", "integer in TEXT becomes text=text",
                        "text in REAL=text", "integer in REAL becomes real=real", "neg zero in REAL loses its sign=real", "blob in REAL=blob",
                        "hex text in NUMERIC stays text=text", "integral real in NUMERIC becomes integer=integer",
                        "text 1e3 in NUMERIC becomes integer=integer", "text 12.5 in NUMERIC becomes real=real",
                        "integer in BLOB column=integer", "text in BLOB column=text", "real in BLOB column=real"),
                strings("SELECT note || '=' || typeof(coalesce(i, t, r, n, b)) FROM affinity_mix ORDER BY id"));
        // SQLite itself stores -0.0 in a REAL column as integer 0 on disk: the sign is gone before any dump
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT r FROM affinity_mix WHERE note LIKE 'neg zero%'")) {
            rs.next();
            assertEquals(0L, Double.doubleToRawLongBits(rs.getDouble(1)));
        }
        assertEquals(List.of("integer|real|text", "blob|null|text", "text|integer|real", "real|real|integer", "integer|integer|real"),
                strings("SELECT typeof(a) || '|' || typeof(b) || '|' || typeof(c) FROM untyped ORDER BY rowid"));
        assertEquals(List.of(""), strings("SELECT group_concat(type, '') FROM pragma_table_xinfo('untyped')"));
    }

    @Test
    void shapes() throws SQLException {
        assertEquals(List.of("strict_values|1|0"), strings("SELECT name || '|' || strict || '|' || wr FROM pragma_table_list WHERE name = 'strict_values'"));
        assertEquals(List.of("kv|0|1"), strings("SELECT name || '|' || strict || '|' || wr FROM pragma_table_list WHERE name = 'kv'"));
        assertEquals(List.of("ns|1", "k|2"), strings("SELECT name || '|' || pk FROM pragma_table_info('kv') WHERE pk > 0 ORDER BY pk"));
        assertTrue(((String) single("SELECT sql FROM sqlite_schema WHERE name = 'kv'")).contains("COLLATE NOCASE"));
        assertEquals(List.of("twice|2", "shout|3", "len|2"), strings("SELECT name || '|' || hidden FROM pragma_table_xinfo('generated_cols') WHERE hidden > 0"));
        assertEquals(42L, single("SELECT twice FROM generated_cols WHERE id = 1"));
        assertEquals("HELLO", single("SELECT shout FROM generated_cols WHERE id = 1"));
        assertEquals(List.of("text|12", "integer|12", "real|12.0", "blob|3132", "real|-0.0"),
                strings("SELECT typeof(a) || '|' || CASE typeof(a) WHEN 'blob' THEN hex(a) WHEN 'real' THEN CASE WHEN id = 5 THEN '-0.0' ELSE a END ELSE a END FROM strict_values ORDER BY id"));
    }

    @Test
    void sqliteSequenceIsAheadOfTheData() throws SQLException {
        assertEquals(List.of("audit_log|12", "seq_empty|3", "seq_gap|10"), strings("SELECT name || '|' || seq FROM sqlite_sequence ORDER BY name"));
        assertEquals(7L, single("SELECT max(id) FROM seq_gap"));
        assertEquals(0L, single("SELECT count(*) FROM seq_empty"));
    }

    @Test
    void rowidsHaveGapsAndExtremes() throws SQLException {
        List<String> rowids = strings("SELECT rowid FROM gappy ORDER BY rowid");
        assertEquals("-9223372036854775808", rowids.get(0));
        assertEquals("9223372036854775807", rowids.get(rowids.size() - 1));
        assertTrue(rowids.containsAll(List.of("-7", "0", "1000")));
        assertFalse(rowids.contains("2"), "rowid 2 was deleted");
        assertEquals(List.of("1|30", "3|10", "4|5", "5|1"), strings("SELECT rowid || '|' || x FROM pk_desc ORDER BY rowid"));
        assertEquals(List.of("2|50", "3|75", "77|1"), strings("SELECT rowid || '|' || id FROM int_pk ORDER BY rowid"));
    }

    @Test
    void foreignKeysIncludeACycleAndASelfReference() throws SQLException {
        assertEquals(List.of("cycle_b"), strings("SELECT \"table\" FROM pragma_foreign_key_list('cycle_a')"));
        assertEquals(List.of("cycle_a"), strings("SELECT \"table\" FROM pragma_foreign_key_list('cycle_b')"));
        assertEquals(List.of("employees"), strings("SELECT \"table\" FROM pragma_foreign_key_list('employees')"));
        assertEquals(List.of("1|9"), strings("SELECT id || '|' || manager_id FROM employees WHERE id = 1"));
    }

    @Test
    void triggersFiredAndStillExist() throws SQLException {
        assertEquals(List.of("accounts_audit_insert", "accounts_locked_guard", "docs_ad", "docs_ai", "docs_au", "rich_accounts_insert"),
                strings("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name"));
        // 11 accounts inserted (one through the INSTEAD OF trigger), the audit of account 3 pruned, one manual row
        assertEquals(11L, single("SELECT count(*) FROM accounts"));
        assertEquals(10L, single("SELECT count(*) FROM audit_log WHERE action = 'insert'"));
        assertEquals(1L, single("SELECT count(*) FROM audit_log WHERE action = 'manual'"));
        assertEquals("Kofi via view opened with 1000", single("SELECT detail FROM audit_log WHERE account_id = 11"));
        assertTrue(strings("SELECT sql FROM sqlite_schema WHERE name = 'rich_accounts_insert'").get(0).contains("INSTEAD OF INSERT"));
    }

    @Test
    void indexesAndViews() throws SQLException {
        assertTrue(((String) single("SELECT sql FROM sqlite_schema WHERE name = 'accounts_locked_partial'")).contains("WHERE locked = 1"));
        assertTrue(((String) single("SELECT sql FROM sqlite_schema WHERE name = 'accounts_owner_lower'")).contains("lower(owner)"));
        assertEquals(1L, single("SELECT \"unique\" FROM pragma_index_list('accounts') WHERE name = 'accounts_owner_unique'"));
        assertEquals(List.of("odd view \"v\"", "rich owners", "rich_accounts"), strings("SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name"));
        assertEquals(List.of("Dmitri", "Eun-ji", "Fatima", "Guðrún", "Hiroshi", "Ines", "Jamal", "Kofi via view"), strings("SELECT \"owner name\" FROM \"rich owners\""));
        assertTrue(((String) single("SELECT sql FROM sqlite_schema WHERE name = 'formatted'")).contains("-- a line comment; with a semicolon\n"));
    }

    @Test
    void fts5TablesAnswerMatchQueries() throws SQLException {
        assertEquals(AwkwardDatabase.POEM_ROWS - 3L, single("SELECT count(*) FROM \"poem lines\""));
        List<String> summer = strings("SELECT rowid FROM \"poem lines\" WHERE \"poem lines\" MATCH 'summer' ORDER BY rank");
        assertTrue(summer.size() > 10, summer.toString());
        assertTrue(summer.contains("1"), "sonnet line 1 matches");
        assertFalse(strings("SELECT rowid FROM \"poem lines\" WHERE \"poem lines\" MATCH 'cafe'").isEmpty(), "diacritics removed");
        assertFalse(strings("SELECT rowid FROM \"poem lines\" WHERE \"poem lines\" MATCH 'москва'").isEmpty());
        assertEquals(List.of("bm25(10.0, 0.0, 1.0)"), strings("SELECT v FROM \"poem lines_config\" WHERE k = 'rank'"));

        long docs = (Long) single("SELECT count(*) FROM docs");
        assertEquals(docs, single("SELECT count(*) FROM docs_fts"));
        assertFalse(strings("SELECT rowid FROM docs_fts WHERE docs_fts MATCH 'rewritten' ORDER BY rank").isEmpty());
        assertFalse(strings("SELECT rowid FROM docs_fts WHERE docs_fts MATCH 'sleep' ORDER BY rank").isEmpty());
        assertEquals(List.of(), strings("SELECT rowid FROM docs_fts WHERE docs_fts MATCH 'title:nonexistentword'"));
        assertEquals(List.of(), strings("SELECT rowid FROM docs WHERE id % 13 = 0"));
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO docs_fts (docs_fts, rank) VALUES ('integrity-check', 1)");
            st.execute("INSERT INTO \"poem lines\" (\"poem lines\") VALUES ('integrity-check')");
        }
        // contentless: rowids and the index survive, the text does not exist anywhere but in the index
        assertEquals(60L, single("SELECT count(*) FROM tag_index"));
        assertEquals(List.of(""), strings("SELECT coalesce(group_concat(tag), '') FROM tag_index"));
        assertFalse(strings("SELECT rowid FROM tag_index WHERE tag_index MATCH 'summer OR sleep OR fair'").isEmpty());
    }

    @Test
    void largeDatabaseHelper() throws SQLException {
        Path large = AwkwardDatabase.createLarge(dir.resolve("large.db"), 5000);
        try (Connection lc = DriverManager.getConnection("jdbc:sqlite:" + large);
             Statement st = lc.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(name) FROM large")) {
            rs.next();
            assertEquals(5000, rs.getInt(1));
            assertNotEquals(5000, rs.getInt(2));
        }
        DatabaseComparator.assertSameDatabase(large, AwkwardDatabase.createLarge(dir.resolve("large2.db"), 5000));
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Object one(String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    private Object single(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), sql);
                Object o = rs.getObject(1);
                return o instanceof Integer i ? Long.valueOf(i) : o;
            }
        }
    }
}
