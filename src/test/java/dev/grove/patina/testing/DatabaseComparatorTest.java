package dev.grove.patina.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseComparatorTest {

    private Path original;

    @BeforeAll
    void create(@TempDir Path dir) {
        original = AwkwardDatabase.create(dir.resolve("awkward.db"));
    }

    @Test
    void byteCopyIsTheSame(@TempDir Path dir) throws IOException {
        Path copy = Files.copy(original, dir.resolve("copy.db"));
        DatabaseComparator.assertSameDatabase(original, copy);
        assertEquals(List.of(), DatabaseComparator.differences(original, copy));
        assertEquals(DatabaseComparator.fingerprint(original), DatabaseComparator.fingerprint(copy));
        assertEquals(DatabaseComparator.valueFingerprint(original), DatabaseComparator.valueFingerprint(copy));
    }

    @Test
    void vacuumIntoCopyIsTheSameDespiteADifferentLayout(@TempDir Path dir) throws Exception {
        Path vacuumed = dir.resolve("vacuumed.db");
        sql(original, "VACUUM INTO '" + vacuumed.toAbsolutePath().toString().replace("'", "''") + "'");
        assertNotEquals(-1L, Files.mismatch(original, vacuumed), "VACUUM INTO should change the file layout");
        DatabaseComparator.assertSameDatabase(original, vacuumed);
        assertEquals(DatabaseComparator.fingerprint(original), DatabaseComparator.fingerprint(vacuumed));
    }

    @Test
    void differentPageSizeIsTheSame(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(original, dir.resolve("source.db"));
        Path small = dir.resolve("pages.db");
        sql(copy, "PRAGMA page_size = 1024", "VACUUM INTO '" + small.toAbsolutePath().toString().replace("'", "''") + "'");
        assertEquals(1024L, DatabaseComparatorTest.<Long>first(small, "PRAGMA page_size"));
        assertEquals(4096L, DatabaseComparatorTest.<Long>first(original, "PRAGMA page_size"));
        DatabaseComparator.assertSameDatabase(original, small);
    }

    /**
     * SQLite behaviour worth knowing: an in-place VACUUM renumbers the rowids of tables that have neither an
     * INTEGER PRIMARY KEY nor any index (VACUUM INTO keeps them). The comparator must call that a difference.
     */
    @Test
    void inPlaceVacuumRenumbersHiddenRowidsAndThatIsADifference(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(original, dir.resolve("vacuum.db"));
        sql(copy, "VACUUM");
        List<String> differences = DatabaseComparator.differences(original, copy);
        assertEquals(List.of("gappy", "order", "rowid column"), differences.stream()
                .map(d -> d.substring("table \"".length(), d.indexOf("\":"))).toList(), differences::toString);
        assertTrue(differences.get(0).startsWith("table \"gappy\": rowid -9223372036854775808 missing in actual"), differences.get(0));
        // pk_desc and int_pk have hidden rowids too, but an index (their PRIMARY KEY) keeps VACUUM from renumbering them
    }

    @Test
    void valueFingerprintIgnoresSchemaTextButFingerprintDoesNot(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(original, dir.resolve("reformatted.db"));
        sql(copy, "DROP VIEW \"rich owners\"",
                "CREATE VIEW \"rich owners\"   AS SELECT owner AS \"owner name\" FROM rich_accounts ORDER BY owner");
        assertEquals(DatabaseComparator.valueFingerprint(original), DatabaseComparator.valueFingerprint(copy));
        assertNotEquals(DatabaseComparator.fingerprint(original), DatabaseComparator.fingerprint(copy));
    }

    record Mutation(List<String> sql, List<String> fragments) {
    }

    static Stream<Arguments> mutations() {
        return Stream.of(
                // the cases the brief asks for
                m("integer 1 becomes real 1.0",
                        List.of("UPDATE scalars SET v = 1.0 WHERE label = 'int.one'"),
                        "table \"scalars\": rowid 5, column \"v\": expected integer 1, actual real 1.0"),
                m("one byte of an invalid-UTF-8 text changed (both decode to U+FFFD)",
                        List.of("UPDATE scalars SET v = CAST(X'fffe80c1' AS TEXT) WHERE label = 'text.invalid_utf8'"),
                        "table \"scalars\"", "column \"v\"", "first difference at byte 3", "fffe80c0", "fffe80c1"),
                m("text truncated at its NUL byte",
                        List.of("UPDATE scalars SET v = 'a' WHERE label = 'text.nul_middle'"),
                        "table \"scalars\"", "column \"v\": expected text 'a\\u0000b' (3 bytes, hex 610062), actual text 'a' (1 bytes, hex 61)"),
                m("hidden rowid changed",
                        List.of("UPDATE gappy SET rowid = 1001 WHERE rowid = 1000"),
                        "table \"gappy\": rowid 1000 missing in actual", "next actual row is rowid 1001"),
                m("row missing",
                        List.of("DELETE FROM \"таблица\" WHERE \"ключ\" = 3"),
                        "table \"таблица\": rowid 3 missing in actual", "(expected 6 rows, actual 5)"),
                m("user_version changed",
                        List.of("PRAGMA user_version = 41"),
                        "PRAGMA user_version: expected 42, actual 41"),
                m("view SQL changed by one space",
                        List.of("DROP VIEW \"rich owners\"",
                                "CREATE VIEW \"rich owners\" AS SELECT owner AS \"owner name\" FROM rich_accounts  ORDER BY owner"),
                        "schema: view \"rich owners\": sql differs", "first difference at byte"),
                m("sqlite_sequence changed",
                        List.of("UPDATE sqlite_sequence SET seq = 11 WHERE name = 'seq_gap'"),
                        "sqlite_sequence: key (\"name\" = text 'seq_gap'", "column \"seq\": expected integer 10, actual integer 11"),
                m("FTS5 content changed",
                        List.of("UPDATE \"poem lines\" SET line = 'changed' WHERE rowid = 3"),
                        "fts5 table \"poem lines\": rowid 3, column \"line\""),
                // more ways to lose data
                m("-0.0 becomes 0.0",
                        List.of("UPDATE scalars SET v = 0.0 WHERE label = 'real.neg_zero'"),
                        "column \"v\": expected real -0.0 [bits 8000000000000000], actual real 0.0 [bits 0000000000000000]"),
                m("5e-324 flushed to zero",
                        List.of("UPDATE scalars SET v = 0.0 WHERE label = 'real.min_subnormal'"),
                        "expected real 4.9E-324"),
                m("blob that looks like text becomes text",
                        List.of("UPDATE scalars SET v = CAST(v AS TEXT) WHERE label = 'blob.text_bytes'"),
                        "expected blob (5 bytes, hex 68656c6c6f), actual text 'hello'"),
                m("empty text becomes NULL",
                        List.of("UPDATE scalars SET v = NULL WHERE label = 'text.empty'"),
                        "expected text '' (0 bytes, hex <end>), actual NULL"),
                m("one byte in the middle of the 1 MB blob",
                        List.of("UPDATE large_values SET v = CAST(substr(v, 1, 524288) || X'00' || substr(v, 524290) AS BLOB) WHERE kind = 'blob.1m_random'"),
                        "table \"large_values\"", "first difference at byte 524288"),
                m("application_id changed",
                        List.of("PRAGMA application_id = 7"),
                        "PRAGMA application_id: expected 1346458697, actual 7"),
                m("trigger dropped",
                        List.of("DROP TRIGGER accounts_audit_insert"),
                        "schema: trigger \"accounts_audit_insert\" missing in actual"),
                m("DDL regenerated instead of replayed",
                        List.of("DROP TABLE formatted",
                                "CREATE TABLE formatted (x integer NOT NULL DEFAULT (1 + 1), y text COLLATE rtrim DEFAULT 'it''s', z \"quoted type\", CHECK (x > 0))",
                                "INSERT INTO formatted (x, y, z) VALUES (3, 'trailing spaces   ', 'custom type'), (2, NULL, NULL)"),
                        "schema: table \"formatted\": sql differs"),
                m("audit row written twice (trigger re-fired during restore)",
                        List.of("INSERT INTO audit_log (account_id, action, detail) SELECT account_id, action, detail FROM audit_log WHERE id = 1"),
                        "table \"audit_log\": unexpected rowid 13 in actual"),
                m("WITHOUT ROWID key changed case",
                        List.of("UPDATE kv SET ns = 'alpha' WHERE ns = 'Alpha'"),
                        "table \"kv\": expected key (\"ns\" = text 'Alpha'", "actual key (\"ns\" = text 'alpha'"),
                m("hidden rowid of an INTEGER PRIMARY KEY DESC table",
                        List.of("UPDATE pk_desc SET rowid = 2 WHERE x = 30"),
                        "table \"pk_desc\": rowid 1 missing in actual"),
                m("hidden rowid behind a column named rowid",
                        List.of("UPDATE \"rowid column\" SET _rowid_ = 5 WHERE _rowid_ = 4"),
                        "table \"rowid column\": _rowid_ 4 missing in actual"),
                m("value in a table whose rowid is unreachable",
                        List.of("UPDATE \"all rowid names taken\" SET _rowid_ = 'TWO' WHERE _rowid_ = 'two'"),
                        "table \"all rowid names taken\": row #"),
                m("value in a column whose name holds a newline",
                        List.of("UPDATE \"odd \"\"table\"\" 'name' [x] `y`\" SET \"line\nbreak\" = 'x' WHERE id = 10"),
                        "table \"odd \"\"table\"\" 'name' [x] `y`\": rowid 10, column \"line\\nbreak\""),
                m("stored generated column follows its input",
                        List.of("UPDATE generated_cols SET b = 'HELLO' WHERE id = 1"),
                        "table \"generated_cols\": rowid 1, column \"b\""),
                m("external-content FTS5 index out of sync with its content",
                        List.of("INSERT INTO docs_fts (docs_fts, rowid, title, body) SELECT 'delete', id, title, body FROM docs WHERE id = 3"),
                        "fts5 table \"docs_fts\": index (fts5vocab instance) differs"),
                m("contentless FTS5 gained a row",
                        List.of("INSERT INTO tag_index (rowid, tag) VALUES (7, 'summer')"),
                        "fts5 table \"tag_index\": unexpected rowid 7 in actual"),
                m("FTS5 rank configuration lost",
                        List.of("INSERT INTO \"poem lines\" (\"poem lines\", rank) VALUES ('rank', 'bm25()')"),
                        "fts5 table \"poem lines\": MATCH", "config (\"poem lines_config\") differs"),
                m("FTS5 automerge setting changed",
                        List.of("INSERT INTO \"poem lines\" (\"poem lines\", rank) VALUES ('automerge', 0)"),
                        "config (\"poem lines_config\") differs"));
    }

    private static Arguments m(String name, List<String> sql, String... fragments) {
        return Arguments.of(name, new Mutation(sql, List.of(fragments)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void detects(String name, Mutation mutation, @TempDir Path dir) throws Exception {
        Path copy = Files.copy(original, dir.resolve("mutated.db"));
        sql(copy, mutation.sql().toArray(String[]::new));
        AssertionError error = assertThrows(AssertionError.class, () -> DatabaseComparator.assertSameDatabase(original, copy));
        for (String fragment : mutation.fragments()) {
            assertTrue(error.getMessage().contains(fragment), () -> "message lacks [" + fragment + "]:\n" + error.getMessage());
        }
        assertNotEquals(DatabaseComparator.fingerprint(original), DatabaseComparator.fingerprint(copy));
    }

    @Test
    void listsEveryDifferenceAndPutsTheFirstOneFirst(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(original, dir.resolve("many.db"));
        sql(copy, "PRAGMA user_version = 1",
                "DELETE FROM gappy WHERE rowid = 0",
                "UPDATE scalars SET v = 2 WHERE label = 'int.one'");
        List<String> differences = DatabaseComparator.differences(original, copy);
        assertEquals(3, differences.size(), differences::toString);
        assertTrue(differences.get(0).startsWith("PRAGMA user_version"));
        assertTrue(differences.get(1).startsWith("table \"gappy\": rowid 0 missing in actual"), differences.get(1));
        assertTrue(differences.get(2).startsWith("table \"scalars\": rowid 5"), differences.get(2));
        AssertionError error = assertThrows(AssertionError.class, () -> DatabaseComparator.assertSameDatabase(original, copy));
        assertTrue(error.getMessage().startsWith("PRAGMA user_version: expected 42, actual 1\n(2 more difference(s)"), error.getMessage());
    }

    @Test
    void refusesAMissingFile(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> DatabaseComparator.assertSameDatabase(original, dir.resolve("nope.db")));
        assertTrue(Files.notExists(dir.resolve("nope.db")), "must not create the missing file");
    }

    @Test
    void doesNotModifyItsInputs(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(original, dir.resolve("untouched.db"));
        byte[] before = Files.readAllBytes(copy);
        DatabaseComparator.assertSameDatabase(copy, copy);
        assertEquals(-1L, Files.mismatch(copy, write(dir.resolve("before.db"), before)));
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        return Files.write(file, bytes);
    }

    private static void sql(Path db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath()); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T first(Path db, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath()); Statement st = c.createStatement();
             var rs = st.executeQuery(query)) {
            rs.next();
            Object o = rs.getObject(1);
            return (T) (o instanceof Integer i ? Long.valueOf(i) : o);
        }
    }
}
