package dev.grove.patina.dump;

import static dev.grove.patina.dump.DumpFixtures.dump;
import static dev.grove.patina.dump.DumpFixtures.restorer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.testing.EdgeValuesDatabase;
import dev.grove.patina.testing.OlderDump;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A dump never holds a raw CR (the sqlite3 shell drops a CR that ends an input line), still restores every value
 * identically with Patina, and {@code inspect} flags an older dump that holds one before a line break. The same
 * dumps loaded by the real sqlite3 shell and D1's engine: compat.DumpReadersCompatTest.
 */
class ShellSafeDumpTest {
    @TempDir
    static Path shared;
    static Path edge;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() {
        edge = EdgeValuesDatabase.create(shared.resolve("edge.sqlite"), true);
    }

    @ParameterizedTest
    @EnumSource(DumpDialect.class)
    void noCrIsWrittenRawAndEveryValueRestoresIdentically(DumpDialect dialect) throws Exception {
        Path sql = dir.resolve("edge.sql");
        DumpSummary summary = dump(edge, sql, dialect, Compression.NONE);
        byte[] bytes = Files.readAllBytes(sql);
        for (int i = 0; i < bytes.length; i++) {
            assertTrue(bytes[i] != '\r', "raw CR at byte " + i + " of the dump");
            assertTrue(bytes[i] != 0, "raw NUL at byte " + i + " of the dump");
        }
        assertNull(summary.header().warnings(), "nothing this database holds is lost to any reader");
        List<SqlStatement> statements = DumpFixtures.statements(sql);
        for (SqlStatement s : statements) {
            assertTrue(s.sql().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    <= SqlDumpWriter.MAX_STATEMENT_BYTES, "statement " + s.number() + " is over 100,000 bytes");
        }
        assertTrue(statements.stream().anyMatch(s -> s.sql().startsWith("UPDATE \"big_rows\" SET \"body\"")),
                "the big TEXT row is appended in pieces");
        assertTrue(statements.stream().anyMatch(s -> s.sql().startsWith("UPDATE \"edge_keyed\"")
                && s.sql().contains("WHERE \"k\" = CAST(X'6269670D0A6B6579' AS TEXT)")), "a key holding a CR");
        Path restored = dir.resolve("restored.sqlite");
        restorer().restore(sql, restored, RestoreOptions.all(), RestoreProgress.NONE);
        DatabaseComparator.assertSameDatabase(edge, restored);
        assertNull(new DumpInspector().inspect(sql).shellWarning());
    }

    @Test
    void schemaSqlWithACrLfIsNamedInTheHeaderAndByInspect() throws Exception {
        Path db = dir.resolve("crlf-schema.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE migrated (\r\n  id INTEGER PRIMARY KEY,\r\n  body TEXT\r\n)");
            s.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY)");
            s.execute("INSERT INTO migrated VALUES (1, 'x')");
        }
        Path sql = dir.resolve("crlf-schema.sql");
        DumpSummary summary = dump(db, sql, DumpDialect.D1, Compression.NONE);
        List<String> warnings = summary.header().warnings();
        assertNotNull(warnings);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("table migrated is defined by SQL that holds a CR before a line break")
                && warnings.get(0).contains("sqlite3 shell"), warnings.get(0));
        DumpInspector.Report report = new DumpInspector().inspect(sql);
        assertTrue(report.ok());
        assertNotNull(report.shellWarning());
        Path restored = dir.resolve("restored.sqlite");
        restorer().restore(sql, restored, RestoreOptions.all(), RestoreProgress.NONE);
        DatabaseComparator.assertSameDatabase(db, restored);
    }

    @Test
    void inspectFlagsAnOlderDumpHoldingARawCrBeforeALineBreakThatPatinaStillRestores() throws Exception {
        Path older = OlderDump.write(dir.resolve("older.sql"));
        DumpInspector.Report report = new DumpInspector().inspect(older);
        assertTrue(report.ok(), "a whole dump: " + report);
        assertEquals("statement 3 (line 6) holds a raw CR before a line break, which the sqlite3 shell drops "
                + "(older Patina dumps wrote text that way): restore it with Patina, not the shell",
                report.shellWarning());
        Path restored = dir.resolve("older.sqlite");
        RestoreReport restore = restorer().restore(older, restored, RestoreOptions.all(), RestoreProgress.NONE);
        assertTrue(restore.checksumVerified() && restore.countsVerified());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored);
             ResultSet rs = c.createStatement().executeQuery("SELECT typeof(body), hex(body) FROM notes")) {
            assertTrue(rs.next());
            assertEquals("text", rs.getString(1));
            assertEquals("6669727374206C696E650D0A7365636F6E64206C696E65", rs.getString(2), "Patina keeps the CR");
        }
        // the same value dumped now: no raw CR, nothing to flag
        Path again = dir.resolve("again.sql");
        dump(restored, again, DumpDialect.D1, Compression.NONE);
        assertTrue(Files.readString(again).contains("CAST(X'6669727374206C696E650D0A7365636F6E64206C696E65' AS TEXT)"));
        assertNull(new DumpInspector().inspect(again).shellWarning());
    }
}
