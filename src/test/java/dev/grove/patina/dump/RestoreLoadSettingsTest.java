package dev.grove.patina.dump;

import static dev.grove.patina.dump.DumpFixtures.dump;
import static dev.grove.patina.dump.DumpFixtures.restorer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.compress.Compression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load settings of ADR 0022: page size from the header, deferred indexes, the schema kept. */
class RestoreLoadSettingsTest {
    @TempDir
    Path dir;

    private static long scalar(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> schema(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return out;
    }

    @Test
    void theSourcesPageSizeIsRecordedAndHonoured() throws Exception {
        Path src = dir.resolve("src.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + src); Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size = 8192");
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t(v) VALUES ('a'), ('b')");
        }
        Path sql = dir.resolve("d.sql");
        dump(src, sql, DumpDialect.D1, Compression.NONE);
        assertTrue(Files.readString(sql).contains("\"pageSize\":8192"), "the header records the page size");
        Path target = dir.resolve("out.db");
        restorer().restore(sql, target, RestoreOptions.all(), RestoreProgress.NONE);
        assertEquals(8192, scalar(target, "PRAGMA page_size"));
        assertEquals(2, scalar(target, "SELECT count(*) FROM t"));
    }

    @Test
    void indexesCreatedBeforeTheRowsKeepTheSchemaAndItsOrder() throws Exception {
        String text = "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);\n"
                + "CREATE INDEX a_x ON a(x);\n"
                + "CREATE UNIQUE INDEX a_ux ON a(x, id);\n"
                + "INSERT INTO a VALUES (1,'p'),(2,'q'),(3,'p');\n"
                + "CREATE TABLE b (k TEXT PRIMARY KEY, n INT) WITHOUT ROWID;\n"
                + "CREATE INDEX b_n ON b(n);\n"
                + "INSERT INTO b VALUES ('z',1),('y',2);\n"
                + "CREATE VIEW v AS SELECT * FROM a;\n";
        Path sql = dir.resolve("hand.sql");
        Files.writeString(sql, text, StandardCharsets.UTF_8);
        Path shell = dir.resolve("as-run.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + shell); Statement s = c.createStatement()) {
            for (String st : text.split(";\n")) {
                s.execute(st);
            }
        }
        Path target = dir.resolve("restored.db");
        restorer().restore(sql, target, RestoreOptions.all(), RestoreProgress.NONE);
        assertEquals(schema(shell), schema(target));
        assertEquals(4096, scalar(target, "PRAGMA page_size"), "no header: SQLite's default page size");
        assertEquals(2, scalar(target, "SELECT count(*) FROM a WHERE x = 'p'"));
        assertEquals("ok", integrity(target));
    }

    private static String integrity(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aUniqueViolationStillFailsNamingTheIndexAndLeavesNoTarget() throws Exception {
        Path sql = dir.resolve("dup.sql");
        Files.writeString(sql, "CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT);\n"
                + "CREATE UNIQUE INDEX u_email ON u(email);\n"
                + "INSERT INTO u VALUES (1,'a@x'),(2,'a@x');\n", StandardCharsets.UTF_8);
        Path target = dir.resolve("dup.db");
        DumpException e = assertThrows(DumpException.class,
                () -> restorer().restore(sql, target, RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("u_email"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("UNIQUE"), e.getMessage());
        assertFalse(Files.exists(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("dup.sql"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file left either");
        }
    }

    @Test
    void anImpossiblePageSizeInTheHeaderIsRefusedNamingTheDump() throws Exception {
        Path sql = dir.resolve("bad.sql");
        Files.writeString(sql, "-- Patina SQL dump\n-- x\n-- patina:header {\"format\":\"patina-sql-dump\","
                + "\"formatVersion\":1,\"pageSize\":3000}\nCREATE TABLE t (a);\n", StandardCharsets.UTF_8);
        Path target = dir.resolve("bad.db");
        DumpException e = assertThrows(DumpException.class,
                () -> restorer().restore(sql, target, RestoreOptions.all(), RestoreProgress.NONE));
        assertTrue(e.getMessage().contains("page size 3000") && e.getMessage().contains(sql.toString()),
                e.getMessage());
        assertFalse(Files.exists(target));
    }
}
