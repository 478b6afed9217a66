package dev.grove.patina.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A differential's own statements pass only in the shapes Patina writes; anything wider is refused. */
class DiffGuardTest {
    private final DiffGuard guard = new DiffGuard();

    private DiffGuard.DiffStatement check(String sql) {
        return guard.check(new SqlStatement(7, 12, sql));
    }

    @Test
    void theFormsTheWriterWritesPass() {
        assertEquals(DiffGuard.Kind.DELETE_ROWS, check("DELETE FROM \"t\" WHERE rowid IN (1,-2,3);").kind());
        assertEquals("t x", check("DELETE FROM \"t x\" WHERE \"id\" IN (1);").name());
        assertEquals(DiffGuard.Kind.DELETE_ROWS, check("DELETE FROM \"tags\" WHERE (\"name\", \"lang\") IN "
                + "(VALUES ('Red','en'),(CAST(X'610D' AS TEXT),NULL),(X'00',1.5e3));").kind());
        assertEquals(DiffGuard.Kind.DELETE_ROWS, check("DELETE FROM \"odd\";").kind());
        assertEquals(DiffGuard.Kind.DROP_TRIGGER, check("DROP TRIGGER IF EXISTS \"audit\";").kind());
        assertEquals(DiffGuard.Kind.DROP_TABLE, check("DROP TABLE \"docs\";").kind());
        DiffGuard.DiffStatement insert = check("INSERT INTO \"t\" (\"a\") VALUES\n(1);");
        assertNull(insert.kind());
        assertEquals(StatementKind.INSERT, insert.info().kind());
        assertEquals(StatementKind.DELETE_SEQUENCE, check("DELETE FROM sqlite_sequence;").info().kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DELETE FROM \"t\" WHERE rowid IN (SELECT id FROM other);",
        "DELETE FROM \"t\" WHERE rowid IN (1) OR 1;",
        "DELETE FROM \"t\" WHERE rowid > 0;",
        "DELETE FROM \"t\" WHERE rowid IN (abs(1));",
        "DELETE FROM main.\"t\" WHERE rowid IN (1);",
        "DELETE FROM sqlite_schema;",
        "DELETE FROM \"t\" WHERE (\"a\", \"b\") IN (VALUES (1));",
        "DROP TABLE \"t\"; DROP TABLE \"u\";",
        "DROP VIEW \"v\";",
        "DROP TRIGGER \"x\";",
        "DROP INDEX \"i\";",
        "ATTACH DATABASE 'x' AS y;",
        "DELETE FROM \"t\" WHERE rowid IN (1); ATTACH 'x' AS y;",
    })
    void anythingWiderIsRefusedNamingTheStatement(String sql) {
        HostileStatementException e = assertThrows(HostileStatementException.class, () -> check(sql));
        assertTrue(e.getMessage().contains("7"), e.getMessage());
    }
}
