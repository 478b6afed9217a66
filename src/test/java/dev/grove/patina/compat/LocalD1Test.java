package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local D1 engine the suite runs is D1's (its authorizer answers), and its file is readable for comparisons. */
@Tag("compat")
class LocalD1Test {
    @TempDir
    Path tmp;

    @Test
    void runsD1sAuthorizerNotPlainSqlite() throws Exception {
        LocalD1 d1 = new LocalD1(CompatTools.load(), tmp.resolve("d1"), "probe");
        LocalD1.Result made = d1.command("CREATE TABLE t(a); INSERT INTO t VALUES ('a' || char(13) || char(10) || 'b')");
        assertTrue(made.ok(), made.output());

        LocalD1.Result refused = d1.command("SELECT sqlite_version()");
        assertFalse(refused.ok(), "plain SQLite answers sqlite_version(); D1's engine refuses it: " + refused.output());
        assertTrue(refused.output().contains("not authorized"), refused.output());

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + d1.sqliteFile());
                ResultSet rs = c.createStatement().executeQuery("SELECT hex(a) FROM t")) {
            assertTrue(rs.next());
            assertEquals("610D0A62", rs.getString(1));
        }
    }
}
