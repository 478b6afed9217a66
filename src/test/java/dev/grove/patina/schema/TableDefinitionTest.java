package dev.grove.patina.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.grove.patina.schema.TableDefinition.CheckSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CREATE TABLE reading the pragmas cannot do, on statements SQLite itself accepted and stored. */
class TableDefinitionTest {

    /** Creates {@code create} in a fresh in-memory SQLite and returns the text sqlite_schema keeps. */
    static String stored(String create) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
            s.execute(create);
            try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_schema WHERE type = 'table'")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void readsCollationsGeneratedExpressionsAndChecksThroughAwkwardQuoting() throws Exception {
        TableDefinition d = TableDefinition.parse(stored("CREATE TABLE [t (1)] ("
                + "\"a \"\"b\"\"\" TEXT COLLATE \"NOCASE\" "
                + "CHECK (\"a \"\"b\"\"\" <> ')' /* ( */), `c,d` VARCHAR(10, 2) DEFAULT (lower('X,Y')) COLLATE rtrim, "
                + "[e] INTEGER GENERATED ALWAYS AS ((1 + (2)) * length(`c,d`)) VIRTUAL, -- CHECK (nope)\n"
                + "f BLOB, CONSTRAINT [named one] CHECK (f IS NOT x'00'), CHECK (e > 0), "
                + "UNIQUE (f), FOREIGN KEY (f) REFERENCES other (g))"));

        assertEquals(List.of("a \"b\"", "c,d", "e", "f"), List.copyOf(d.columns().keySet()));
        assertEquals("NOCASE", d.columns().get("a \"b\"").collation());
        assertEquals("rtrim", d.columns().get("c,d").collation());
        assertNull(d.columns().get("e").collation());
        assertEquals("(1 + (2)) * length(`c,d`)", d.columns().get("e").generated().text());
        assertNull(d.columns().get("f").generated());
        List<CheckSpec> checks = d.checks();
        assertEquals(3, checks.size(), checks.toString());
        assertEquals(new CheckSpec(null, "a \"b\"", SqlExpression.parse("\"a \"\"b\"\"\" <> ')'")), checks.get(0));
        assertEquals("named one", checks.get(1).name());
        assertNull(checks.get(1).column());
        assertEquals("f IS NOT x'00'", checks.get(1).expression().text());
        assertEquals("e > 0", checks.get(2).expression().text());
    }

    @Test
    void expressionsCompareWithoutWhitespaceCommentsCaseOrQuotingButWithTheirLiterals() {
        assertEquals(SqlExpression.parse("length(email) > 3").canonical(),
                SqlExpression.parse("LENGTH ( \"email\" )>3 -- at least four\n").canonical());
        assertEquals(SqlExpression.parse("[unit price] * qty").canonical(),
                SqlExpression.parse("`unit price`*/* x */QTY").canonical());
        assertNotEquals(SqlExpression.parse("name <> 'a'").canonical(), SqlExpression.parse("name <> 'A'").canonical());
        assertNotEquals(SqlExpression.parse("a + b").canonical(), SqlExpression.parse("a * b").canonical());
        assertEquals("a+b", SqlExpression.parse("a+b").text());
        assertEquals("a + b", SqlExpression.parse("a /* plus */  +\n b").text());
    }

    @Test
    void aStatementWithoutColumnsOrCutShortYieldsWhatItRead() {
        assertEquals(0, TableDefinition.parse(null).columns().size());
        assertEquals(0, TableDefinition.parse("CREATE TABLE t").columns().size());
        TableDefinition cut = TableDefinition.parse("CREATE TABLE t (a TEXT COLLATE NOCASE, b INTEGER CHECK (b > ");
        assertEquals("NOCASE", cut.columns().get("a").collation());
        assertEquals(List.of("a", "b"), List.copyOf(cut.columns().keySet()));
        assertEquals("b >", cut.checks().get(0).expression().text());
    }
}
