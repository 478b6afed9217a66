package dev.grove.patina.dump;

import static dev.grove.patina.dump.DumpFixtures.dump;
import static dev.grove.patina.dump.DumpFixtures.restorer;
import static dev.grove.patina.dump.DumpFixtures.statements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.testing.AwkwardDatabase;
import dev.grove.patina.testing.DatabaseComparator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Dump → restore of real SQLite files loses nothing: schema, every value's typeof+hex, rowids, sequences, FTS. */
class RoundTripTest {
    @TempDir
    static Path shared;
    static Path awkward;
    static Path chinook;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSources() throws Exception {
        awkward = AwkwardDatabase.create(shared.resolve("awkward.sqlite"));
        chinook = DumpFixtures.chinook(shared);
    }

    @ParameterizedTest
    @EnumSource(DumpDialect.class)
    void awkwardDatabaseSurvivesDumpAndRestore(DumpDialect dialect) throws Exception {
        Path sql = dir.resolve("awkward.sql");
        DumpSummary summary = dump(awkward, sql, dialect, Compression.NONE);
        Path restored = dir.resolve("restored.sqlite");
        RestoreReport report = restorer().restore(sql, restored, RestoreOptions.all(), RestoreProgress.NONE);
        assertTrue(report.checksumVerified());
        assertTrue(report.countsVerified());
        assertSameExceptContentlessIndex(awkward, restored);
        // what a dump cannot carry is said, in the header and again by the restore
        List<String> warnings = summary.header().warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.contains(AwkwardDatabase.CONTENTLESS_FTS)), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains(AwkwardDatabase.ALL_ROWID_NAMES_TABLE)),
                warnings.toString());
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains(AwkwardDatabase.CONTENTLESS_FTS)));
    }

    /**
     * Everything equal except the contentless FTS5 index, whose text SQLite never stored (the dump says so in
     * its header warnings, asserted above). Any other difference fails.
     */
    private static void assertSameExceptContentlessIndex(Path expected, Path actual) {
        List<String> differences = DatabaseComparator.differences(expected, actual).stream()
                .filter(d -> !d.contains(AwkwardDatabase.CONTENTLESS_FTS)).toList();
        assertEquals(List.of(), differences);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void chinookSurvivesEveryCompression(Compression compression) throws Exception {
        Path sql = dir.resolve("chinook.sql" + compression.suffix());
        DumpSummary summary = dump(chinook, sql, DumpDialect.D1, compression);
        assertEquals(11, summary.rowCounts().size(), summary.rowCounts().toString());
        assertEquals(3503, summary.rowCounts().get("Track"));
        Path restored = dir.resolve("chinook-restored.sqlite");
        restorer().restore(sql, restored, RestoreOptions.all(), RestoreProgress.NONE);
        DatabaseComparator.assertSameDatabase(chinook, restored);
    }

    @Test
    void d1DumpLoadsStatementByStatementWithoutATransaction() throws Exception {
        for (Path source : List.of(awkward, chinook)) {
            Path sql = dir.resolve(source.getFileName() + ".sql");
            dump(source, sql, DumpDialect.D1, Compression.NONE);
            Path plain = dir.resolve(source.getFileName() + "-plain.sqlite");
            DumpHeader header;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + plain);
                 Statement s = c.createStatement()) {
                // autocommit: every statement is its own transaction, as when D1 or wrangler runs the file
                for (SqlStatement st : statements(sql)) {
                    s.execute(st.sql());
                }
                header = DumpHeader.parse(headerOf(sql));
                s.execute("PRAGMA user_version = " + header.userVersion());
                s.execute("PRAGMA application_id = " + header.applicationId());
            }
            assertSameExceptContentlessIndex(source, plain);
        }
    }

    @Test
    void d1DumpObeysD1sRules() throws Exception {
        Path sql = dir.resolve("awkward.sql");
        dump(awkward, sql, DumpDialect.D1, Compression.NONE);
        List<SqlStatement> all = statements(sql);
        RestoreGuard guard = new RestoreGuard();
        int lastCreateTable = -1;
        int firstInsert = Integer.MAX_VALUE;
        int lastData = -1;
        int firstTrigger = Integer.MAX_VALUE;
        int firstIndexOrView = Integer.MAX_VALUE;
        boolean sawBigRowAppend = false;
        for (int i = 0; i < all.size(); i++) {
            SqlStatement st = all.get(i);
            int size = st.sql().getBytes(StandardCharsets.UTF_8).length;
            assertTrue(size <= 100_000, "statement " + st.number() + " has " + size + " bytes");
            String head = st.sql().strip().toUpperCase(Locale.ROOT);
            for (String forbidden : List.of("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK", "END")) {
                assertFalse(head.startsWith(forbidden), "statement " + st.number() + " starts with " + forbidden);
            }
            assertFalse(head.startsWith("PRAGMA USER_VERSION") || head.startsWith("PRAGMA APPLICATION_ID")
                    || head.contains("WRITABLE_SCHEMA") || head.contains("UNISTR("), st.sql());
            StatementInfo info = guard.check(st);
            switch (info.kind()) {
                case CREATE_TABLE -> lastCreateTable = i;
                case INSERT, UPDATE_APPEND -> {
                    firstInsert = Math.min(firstInsert, i);
                    lastData = i;
                    sawBigRowAppend |= info.kind() == StatementKind.UPDATE_APPEND;
                }
                case CREATE_TRIGGER -> firstTrigger = Math.min(firstTrigger, i);
                case CREATE_INDEX, CREATE_VIEW -> firstIndexOrView = Math.min(firstIndexOrView, i);
                default -> { }
            }
        }
        assertTrue(lastCreateTable < firstInsert, "every CREATE TABLE comes before the first INSERT");
        assertTrue(lastData < firstTrigger, "triggers come after all data");
        assertTrue(lastData < firstIndexOrView, "indexes and views come after all data");
        assertTrue(sawBigRowAppend, "the awkward database's 1 MB blob must be written with UPDATE appends");
    }

    @Test
    void insertsHoldAtMostAThousandRows() throws Exception {
        Path db = dir.resolve("many.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) "
                    + "INSERT INTO t SELECT i, 'row ' || i FROM n");
        }
        Path sql = dir.resolve("many.sql");
        dump(db, sql, DumpDialect.D1, Compression.NONE);
        long inserts = statements(sql).stream().filter(st -> st.sql().startsWith("INSERT INTO \"t\"")).count();
        assertEquals(3, inserts, "2500 rows → 1000 + 1000 + 500");
    }

    @Test
    void selectiveRestoreTakesOnlyTheNamedTablesWithTheirIndexes() throws Exception {
        Path sql = dir.resolve("chinook.sql");
        dump(chinook, sql, DumpDialect.D1, Compression.NONE);
        Path restored = dir.resolve("two.sqlite");
        RestoreReport report = restorer().restore(sql, restored,
                new RestoreOptions(java.util.Set.of("Artist", "album"), java.util.Set.of(), false),
                RestoreProgress.NONE);
        assertEquals(java.util.Set.of("Album", "Artist"), report.rowCounts().keySet());
        assertEquals(275L, report.rowCounts().get("Artist"));
        assertEquals(347L, report.rowCounts().get("Album"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored);
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'Album'")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 1, "the Album indexes come along");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored);
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'Track'")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void aUtf16DatabaseIsDumpedAsUtf8TextWithTheSameCharacters() throws Exception {
        Path db = dir.resolve("utf16.sqlite");
        List<String> texts = List.of("plain", "it's", "emoji 😀 列 таблица", "line\r\nbreak\ttab", "");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA encoding = 'UTF-16le'");
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, n INTEGER, r REAL, b BLOB)");
            try (var ps = c.prepareStatement("INSERT INTO t (v, n, r, b) VALUES (?, ?, ?, ?)")) {
                for (String t : texts) {
                    ps.setString(1, t);
                    ps.setLong(2, t.length());
                    ps.setDouble(3, t.length() / 3.0);
                    ps.setBytes(4, t.getBytes(StandardCharsets.UTF_16LE));
                    ps.executeUpdate();
                }
            }
        }
        Path sql = dir.resolve("utf16.sql");
        dump(db, sql, DumpDialect.D1, Compression.NONE);
        Path restored = dir.resolve("utf16-restored.sqlite");
        restorer().restore(sql, restored, RestoreOptions.all(), RestoreProgress.NONE);
        for (Path p : List.of(db, restored)) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + p); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT v, typeof(v), n, r, hex(b) FROM t ORDER BY id")) {
                for (String t : texts) {
                    assertTrue(rs.next());
                    assertEquals(t, rs.getString(1), p.toString());
                    assertEquals("text", rs.getString(2));
                    assertEquals(t.length(), rs.getLong(3));
                    assertEquals(t.length() / 3.0, rs.getDouble(4));
                    assertEquals(java.util.HexFormat.of().withUpperCase().formatHex(
                            t.getBytes(StandardCharsets.UTF_16LE)), rs.getString(5));
                }
                assertFalse(rs.next());
            }
        }
    }

    @Test
    void selectiveRestoreWithoutAnyAutoincrementTableSkipsTheSequences() throws Exception {
        Path sql = dir.resolve("awkward.sql");
        dump(awkward, sql, DumpDialect.D1, Compression.NONE);
        Path restored = dir.resolve("one.sqlite");
        RestoreReport report = restorer().restore(sql, restored, new RestoreOptions(java.util.Set.of(
                AwkwardDatabase.STRICT), java.util.Set.of(), false), RestoreProgress.NONE);
        assertEquals(java.util.Set.of(AwkwardDatabase.STRICT), report.rowCounts().keySet());
        Path excluded = dir.resolve("without-sequences.sqlite");
        RestoreReport all = restorer().restore(sql, excluded, new RestoreOptions(java.util.Set.of(),
                java.util.Set.of(AwkwardDatabase.SEQ_GAP, AwkwardDatabase.SEQ_EMPTY, AwkwardDatabase.AUDIT),
                false), RestoreProgress.NONE);
        assertFalse(all.rowCounts().containsKey(AwkwardDatabase.SEQ_GAP));
        DumpException e = org.junit.jupiter.api.Assertions.assertThrows(DumpException.class,
                () -> restorer().restore(sql, dir.resolve("nosuch.sqlite"), new RestoreOptions(
                        java.util.Set.of("nosuch"), java.util.Set.of(), false), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("no table named 'nosuch'"), e.getMessage());
    }

    private static String headerOf(Path sql) throws Exception {
        for (String line : Files.readAllLines(sql, StandardCharsets.UTF_8)) {
            if (line.startsWith("-- patina:header ")) {
                return line.substring("-- patina:header ".length());
            }
        }
        throw new AssertionError("no header in " + sql);
    }
}
