package dev.grove.patina.dump;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestoreGuardTest {

    private final RestoreGuard guard = new RestoreGuard();

    // ------------------------------------------------------------------------------------------
    // Helpers

    private StatementInfo ok(String sql) {
        return guard.check(new SqlStatement(1, 1, sql));
    }

    private void assertKind(StatementKind kind, String table, String sql) {
        StatementInfo info = ok(sql);
        assertEquals(new StatementInfo(kind, table, null, null), new StatementInfo(info.kind(), info.table(),
                info.pragmaName(), info.pragmaValue()), sql);
    }

    @Test
    void anInsertSaysHowManyRowsItAdds() {
        assertEquals(1, ok("INSERT INTO t VALUES(1);").rows());
        assertEquals(3, ok("INSERT INTO t(a, b) VALUES(1, 'x'),(2, 'y'),(3, replace('a,b', ',', char(10)));").rows());
        // FTS5's commands are INSERTs naming the table as a column: they add no row
        assertEquals(0, ok("INSERT INTO \"Notes\"(notes, rank) VALUES('rank', 'bm25(10.0)');").rows());
        assertEquals(0, ok("CREATE TABLE t (a);").rows());
    }

    /** Checks that the statement is refused with the standard prefix and returns the reason. */
    private String refused(String sql) {
        HostileStatementException e = assertThrows(HostileStatementException.class,
                () -> guard.check(new SqlStatement(12, 40, sql)), () -> "should be refused: " + sql);
        assertTrue(e.getMessage().startsWith("statement 12 (line 40): "), e.getMessage());
        assertEquals(12, e.statementNumber());
        assertEquals(40, e.line());
        assertEquals(e.getMessage(), "statement 12 (line 40): " + e.reason());
        return e.reason();
    }

    private void assertRefused(String sql, String expectedInReason) {
        String reason = refused(sql);
        assertTrue(reason.contains(expectedInReason), () -> "reason for " + sql + " was: " + reason);
    }

    private static List<SqlStatement> split(String dump) throws IOException {
        return split(dump.getBytes(UTF_8));
    }

    private static List<SqlStatement> split(byte[] dump) throws IOException {
        List<SqlStatement> out = new ArrayList<>();
        try (SqlStatementReader r = new SqlStatementReader(new ByteArrayInputStream(dump))) {
            for (SqlStatement s; (s = r.next()) != null; ) {
                out.add(s);
            }
        }
        return out;
    }

    /** Runs a dump the way a restore would: guard every statement, skip what the restore skips. */
    private List<StatementInfo> restore(Connection c, List<SqlStatement> statements) throws Exception {
        List<StatementInfo> infos = new ArrayList<>();
        EnumSet<StatementKind> skipped = EnumSet.of(StatementKind.TRANSACTION_CONTROL, StatementKind.STATISTICS);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (SqlStatement st : statements) {
                StatementInfo info = guard.check(st);
                infos.add(info);
                if (!skipped.contains(info.kind())) {
                    s.execute(st.sql());
                }
            }
        }
        c.commit();
        c.setAutoCommit(true);
        return infos;
    }

    private static String queryString(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Schema statements

    @Test
    void createTableWithAllKindsOfNames() {
        assertKind(StatementKind.CREATE_TABLE, "t", "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT 'x;y');");
        assertKind(StatementKind.CREATE_TABLE, "t", "create table if not exists main.t (a);");
        assertKind(StatementKind.CREATE_TABLE, "a\"b", "CREATE TABLE \"a\"\"b\"(\"c\"\"d\" TEXT);");
        assertKind(StatementKind.CREATE_TABLE, "x y", "CREATE TABLE [x y]([select] TEXT);");
        assertKind(StatementKind.CREATE_TABLE, "tick`ed", "CREATE TABLE `tick``ed`(a);");
        assertKind(StatementKind.CREATE_TABLE, "docs_data", "CREATE TABLE IF NOT EXISTS 'docs_data'(id INTEGER PRIMARY KEY, block BLOB);");
        assertKind(StatementKind.CREATE_TABLE, "order", "CREATE TABLE \"main\".\"order\"(\"group\" INT) WITHOUT ROWID;");
        assertKind(StatementKind.CREATE_TABLE, "ünïcode 😀", "CREATE TABLE \"ünïcode 😀\"(a);");
        assertKind(StatementKind.CREATE_TABLE, "audit",
                "CREATE TABLE audit(at TEXT DEFAULT (datetime('now')), msg TEXT CHECK (msg <> 'load_extension'));");
    }

    @Test
    void createVirtualTableOnlyWithKnownModules() {
        assertKind(StatementKind.CREATE_VIRTUAL_TABLE, "docs", "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter');");
        assertKind(StatementKind.CREATE_VIRTUAL_TABLE, "d4", "CREATE VIRTUAL TABLE IF NOT EXISTS main.d4 USING FTS4(x);");
        assertKind(StatementKind.CREATE_VIRTUAL_TABLE, "d3", "CREATE VIRTUAL TABLE d3 USING fts3;");
        assertKind(StatementKind.CREATE_VIRTUAL_TABLE, "r", "CREATE VIRTUAL TABLE r USING rtree(id, minX, maxX);");
        assertKind(StatementKind.CREATE_VIRTUAL_TABLE, "ri", "CREATE VIRTUAL TABLE ri USING rtree_i32(id, a, b);");
        assertKind(StatementKind.CREATE_VIRTUAL_TABLE, "g", "CREATE VIRTUAL TABLE g USING geopoly(a);");
        assertRefused("CREATE VIRTUAL TABLE f USING fsdir;", "fsdir");
        assertRefused("CREATE VIRTUAL TABLE z USING zipfile('/tmp/a.zip');", "zipfile");
        assertRefused("CREATE VIRTUAL TABLE c USING csv(filename='/etc/passwd');", "virtual table module `csv` is not allowed");
        assertRefused("CREATE VIRTUAL TABLE s USING sqlite_stmt;", "virtual table module `sqlite_stmt` is not allowed");
    }

    @Test
    void createIndexViewAndTriggerNameTheirTables() {
        assertKind(StatementKind.CREATE_INDEX, "author", "CREATE INDEX idx_author_name ON author(name COLLATE NOCASE);");
        assertKind(StatementKind.CREATE_INDEX, "order items",
                "CREATE UNIQUE INDEX IF NOT EXISTS main.\"idx items\" ON \"order items\"(\"select\") WHERE \"select\" > 0;");
        assertKind(StatementKind.CREATE_VIEW, "v_author", "CREATE VIEW v_author AS SELECT name FROM author WHERE name <> ';';");
        assertKind(StatementKind.CREATE_VIEW, "v2", "CREATE VIEW IF NOT EXISTS \"v2\"(a, b) AS SELECT 1, 2;");
        assertKind(StatementKind.CREATE_TRIGGER, "author", "CREATE TRIGGER trg AFTER INSERT ON author BEGIN\n"
                + "  INSERT INTO audit(msg) VALUES('new; ' || NEW.name);\n"
                + "  UPDATE author SET score = CASE WHEN NEW.score IS NULL THEN 0 ELSE NEW.score END WHERE id = NEW.id;\n"
                + "END;");
        assertKind(StatementKind.CREATE_TRIGGER, "x y",
                "create trigger if not exists t2 before update of a, \"b\" on [x y] for each row when new.a > 1 begin select raise(abort, 'no'); end;");
        assertKind(StatementKind.CREATE_TRIGGER, "v", "CREATE TRIGGER t3 INSTEAD OF DELETE ON main.v BEGIN DELETE FROM t WHERE id = old.id; END;");
        assertKind(StatementKind.CREATE_TRIGGER, "t", "CREATE TRIGGER t4 DELETE ON t BEGIN SELECT 1; END;");
    }

    @Test
    void tempObjectsAndOtherSchemasAreRefused() {
        assertRefused("CREATE TEMP TABLE t(a);", "CREATE TEMP is not allowed");
        assertRefused("CREATE TEMPORARY VIEW v AS SELECT 1;", "CREATE TEMPORARY is not allowed");
        assertRefused("CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;", "CREATE TEMP is not allowed");
        assertRefused("CREATE TABLE temp.t(a);", "temp schema is not allowed");
        assertRefused("CREATE TABLE other.t(a);", "schema qualifier other. is not allowed in a restore — only main.");
        assertRefused("CREATE INDEX other.i ON t(a);", "schema qualifier other.");
        assertRefused("CREATE TRIGGER tr AFTER INSERT ON aux.t BEGIN SELECT 1; END;", "schema qualifier aux.");
        assertRefused("INSERT INTO other.t VALUES(1);", "schema qualifier other.");
        assertRefused("INSERT INTO temp.t VALUES(1);", "temp schema");
        assertRefused("CREATE TABLE t AS SELECT * FROM u;", "AS SELECT");
        assertRefused("CREATE TABLE sqlite_x(a);", "reserved");
        assertRefused("CREATE UNIQUE TABLE t(a);", "expected INDEX");
    }

    // ------------------------------------------------------------------------------------------
    // INSERT

    @Test
    void insertsWithLiteralValuesAreAllowed() {
        assertKind(StatementKind.INSERT, "t", "INSERT INTO t VALUES(1,'a',NULL,X'00ff',-2.5e10,1e999,-1e999,+0x1F,TRUE,false);");
        assertKind(StatementKind.INSERT, "order items",
                "INSERT INTO \"order items\" (\"select\",\"we\"\"ird\",[br],`tick`) VALUES (1,'a\"b','c]d','e`f'), (2, NULL, '', ';');");
        assertKind(StatementKind.INSERT, "t", "INSERT INTO main.t(a) VALUES('it''s -- not /* a comment ; really');");
        assertKind(StatementKind.INSERT, "t", "insert into t values(.5, 1_000, 0.1E-3, 'multi\nline 😀');");
        assertKind(StatementKind.INSERT, "author",
                "INSERT INTO author VALUES(1,replace(replace('a\\r\\nb','\\r',char(13)),'\\n',char(10)),unistr('x\\u000ay'),zeroblob(4),char());");
        assertKind(StatementKind.INSERT, "t", "INSERT INTO t VALUES(CAST('12' AS INTEGER), CAST(X'0102' AS BLOB), cast(-1 as \"VARCHAR\"(10)), CAST(replace('a','a','b') AS TEXT));");
        assertKind(StatementKind.INSERT, "t", "INSERT INTO t VALUES('load_extension(''x.so'')', 'ATTACH', 'VACUUM INTO', 'sqlite_dbpage');");
        assertKind(StatementKind.INSERT, "sqlite_sequence", "INSERT INTO sqlite_sequence VALUES('author',3);");
        assertKind(StatementKind.INSERT, "sqlite_sequence", "INSERT INTO \"sqlite_sequence\" (\"name\",\"seq\") VALUES('t',5);");
        assertKind(StatementKind.INSERT, "t", "INSERT t VALUES(1);");
    }

    @Test
    void statisticsInsertsAreClassifiedSoTheRestoreCanSkipThem() {
        assertKind(StatementKind.STATISTICS, "sqlite_stat1", "INSERT INTO sqlite_stat1 VALUES('author','idx_author_name','3 1');");
        assertKind(StatementKind.STATISTICS, "sqlite_stat1", "INSERT INTO \"sqlite_stat1\" (\"tbl\",\"idx\",\"stat\") VALUES('t',NULL,'10');");
        assertKind(StatementKind.STATISTICS, "sqlite_stat4", "INSERT INTO sqlite_stat4 VALUES('t','i','1','0','0',X'0101');");
        assertEquals(new StatementInfo(StatementKind.STATISTICS, null, null, null), ok("ANALYZE sqlite_schema;"));
        assertEquals(new StatementInfo(StatementKind.STATISTICS, null, null, null), ok("analyze main.SQLITE_MASTER;"));
        assertRefused("ANALYZE;", "ANALYZE is only allowed as `ANALYZE sqlite_schema;`");
        assertRefused("ANALYZE t;", "ANALYZE is only allowed");
    }

    @Test
    void insertsIntoOtherInternalTablesAreRefused() {
        assertRefused("INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','x','x',0,'CREATE TABLE x(a)');",
                "INSERT INTO sqlite_schema is not allowed");
        assertRefused("INSERT INTO sqlite_master VALUES('table','x','x',0,'');", "INSERT INTO sqlite_master is not allowed");
        assertRefused("INSERT INTO \"SQLITE_stat2\" VALUES(1);", "SQLITE_stat2 is not allowed");
        assertRefused("INSERT INTO sqlite_temp_master VALUES(1);", "sqlite_temp_master is not allowed");
    }

    @Test
    void insertShapesOtherThanPlainValuesAreRefused() {
        assertRefused("INSERT INTO t SELECT * FROM u;", "INSERT … SELECT is not allowed");
        assertRefused("INSERT INTO t(a) WITH x AS (SELECT 1) SELECT * FROM x;", "INSERT … SELECT");
        assertRefused("INSERT OR REPLACE INTO t VALUES(1);", "INSERT OR REPLACE is not allowed");
        assertRefused("INSERT OR IGNORE INTO t VALUES(1);", "INSERT OR IGNORE is not allowed");
        assertRefused("REPLACE INTO t VALUES(1);", "REPLACE INTO is not allowed");
        assertRefused("INSERT INTO t DEFAULT VALUES;", "DEFAULT VALUES");
        assertRefused("INSERT INTO t VALUES(1) RETURNING *;", "RETURNING");
        assertRefused("INSERT INTO t VALUES(1) ON CONFLICT DO NOTHING;", "upsert");
        assertRefused("INSERT INTO t(a) VALUES(1) ON CONFLICT(a) DO UPDATE SET a = 2;", "upsert");
        assertRefused("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x;", "WITH");
        assertRefused("INSERT INTO t VALUES();", "values must be literals");
    }

    @Test
    void anythingButLiteralsInsideValuesIsRefused() {
        assertRefused("INSERT INTO t VALUES(1, load_extension('/tmp/evil.so'));", "load_extension() is not allowed");
        assertRefused("INSERT INTO t VALUES(replace(load_extension('x'),'a','b'));", "load_extension()");
        assertRefused("INSERT INTO t VALUES(\"LOAD_EXTENSION\" /* sneaky */ ('x'));", "load_extension()");
        assertRefused("INSERT INTO t VALUES(fts3_tokenizer('simple', X'0000000000000000'));", "fts3_tokenizer()");
        assertRefused("INSERT INTO t VALUES(readfile('/etc/passwd'));", "readfile()");
        assertRefused("INSERT INTO t VALUES(writefile('/tmp/x', 'data'));", "writefile()");
        assertRefused("INSERT INTO t VALUES(edit('text'));", "edit()");
        assertRefused("INSERT INTO t VALUES((SELECT secret FROM other));", "sub-select");
        assertRefused("INSERT INTO t VALUES((1));", "parenthesised expression");
        assertRefused("INSERT INTO t VALUES(a);", "column reference `a`");
        assertRefused("INSERT INTO t VALUES(\"a\");", "column reference `\"a\"`");
        assertRefused("INSERT INTO t VALUES(?);", "bound parameter `?`");
        assertRefused("INSERT INTO t VALUES(:name);", "bound parameter `:name`");
        assertRefused("INSERT INTO t VALUES(random());", "function random() is not allowed");
        assertRefused("INSERT INTO t VALUES(abs(1));", "function abs()");
        assertRefused("INSERT INTO t VALUES(1 + 1);", "expected `,` or `)` after a value");
        assertRefused("INSERT INTO t VALUES('a' || 'b');", "expected `,` or `)`");
        assertRefused("INSERT INTO t VALUES(CAST(a AS TEXT));", "column reference `a`");
        assertRefused("INSERT INTO t VALUES(- 'x');", "a sign must be followed by a number");
        assertRefused("INSERT INTO t VALUES(12abc);", "values must be literals");
        assertRefused("INSERT INTO t VALUES(" + "char(".repeat(40) + ")".repeat(40) + ");", "nests");
    }

    @Test
    void aStatementMustBeExactlyOneStatement() {
        assertRefused("INSERT INTO t VALUES(1); ATTACH 'x' AS x;", "ATTACH");
        assertRefused("INSERT INTO t VALUES(1); INSERT INTO t VALUES(2);", "more than one statement");
        assertRefused("CREATE TABLE t(a); DROP TABLE u;", "more than one statement");
        assertRefused("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END; DELETE FROM t;", "more than one statement");
        assertRefused("INSERT INTO t VALUES('a\0b');", "NUL");
        assertRefused(";", "empty");
        assertRefused("'text';", "must start with a keyword");
        // A trailing comment after the semicolon is still one statement.
        assertKind(StatementKind.INSERT, "t", "INSERT INTO t VALUES(1); -- done");
    }

    // ------------------------------------------------------------------------------------------
    // Global checks

    @Test
    void attachDetachAndVacuumAreRefusedEverywhere() {
        assertEquals("ATTACH is not allowed in a restore — it would touch another file", refused("ATTACH 'other.db' AS other;"));
        assertRefused("attach database '/tmp/x.db' as x;", "ATTACH is not allowed");
        assertRefused("DETACH other;", "DETACH is not allowed");
        assertRefused("VACUUM;", "VACUUM is not allowed");
        assertRefused("VACUUM INTO '/tmp/copy.db';", "VACUUM");
        assertRefused("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END; VACUUM;", "VACUUM");
    }

    @Test
    void dangerousFunctionsAreRefusedInTriggersViewsDefaultsAndIndexes() {
        assertRefused("CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  SELECT load_extension('/tmp/evil.so');\nEND;", "load_extension()");
        assertRefused("CREATE VIEW v AS SELECT load_extension('/tmp/evil.so') AS x;", "load_extension()");
        assertRefused("CREATE TABLE t(a DEFAULT (load_extension('x')));", "load_extension()");
        assertRefused("CREATE TABLE t(a, b AS (readfile(a)));", "readfile()");
        assertRefused("CREATE INDEX i ON t(writefile(a, b));", "writefile()");
        assertRefused("CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = edit(a); END;", "edit()");
        assertRefused("CREATE VIEW v AS SELECT fts3_tokenizer('x');", "fts3_tokenizer()");
        assertRefused("CREATE VIEW v AS SELECT * FROM sqlite_dbpage;", "sqlite_dbpage is not allowed");
        assertRefused("CREATE VIEW v AS SELECT * FROM 'sqlite_dbpage';", "reaches outside the database");
        assertRefused("CREATE VIEW v AS SELECT data FROM fsdir WHERE name = '/etc/passwd';", "fsdir");
        assertRefused("CREATE VIEW v AS SELECT * FROM [sqlite_dbpage];", "sqlite_dbpage");
        assertRefused("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT * FROM zipfile('/tmp/a.zip'); END;", "zipfile");
        assertRefused("CREATE TABLE t(writable_schema);", "writable_schema is not allowed");
    }

    @Test
    void theSameWordsInsideStringsOrAsPlainColumnNamesAreFine() {
        assertKind(StatementKind.CREATE_VIEW, "v",
                "CREATE VIEW v AS SELECT 'ATTACH', 'load_extension(1)', \"edit\", readfile_count FROM t -- VACUUM\n;");
        // A column called edit or readfile is not a call of the shell's edit()/readfile().
        assertKind(StatementKind.CREATE_TABLE, "notes", "CREATE TABLE notes(edit TEXT, readfile INT, \"writefile\" BLOB);");
        assertKind(StatementKind.INSERT, "notes", "INSERT INTO notes(edit, readfile) VALUES('edit(x)', 1);");
    }

    // ------------------------------------------------------------------------------------------
    // UPDATE, DELETE, PRAGMA, transactions, DROP and the rest

    @Test
    void patinasAppendUpdateIsAllowed() {
        assertKind(StatementKind.UPDATE_APPEND, "t", "UPDATE \"t\" SET \"c\" = \"c\" || X'00ff' WHERE rowid = 42;");
        assertKind(StatementKind.UPDATE_APPEND, "t", "UPDATE \"t\" SET \"c\" = CAST(\"c\" || X'00ff' AS BLOB) WHERE _rowid_ = -3;");
        assertKind(StatementKind.UPDATE_APPEND, "my t",
                "UPDATE \"my t\" SET \"a\" = \"a\" || X'01', \"b\" = CAST(\"b\" || x'02' AS blob) WHERE \"k1\" = 'x;y' AND \"k2\" = 7;");
        assertKind(StatementKind.UPDATE_APPEND, "t", "update main.t set c = C || X'' where oid = 0x10;");
    }

    @Test
    void otherUpdatesAreRefused() {
        String shape = "UPDATE is only allowed in Patina's append form";
        assertRefused("UPDATE t SET c = 1 WHERE rowid = 1;", shape);
        assertRefused("UPDATE t SET c = d || X'00' WHERE rowid = 1;", shape);
        assertRefused("UPDATE t SET c = c || 'text' WHERE rowid = 1;", shape);
        assertRefused("UPDATE t SET c = c || X'00';", shape);
        assertRefused("UPDATE t SET c = X'00' || c WHERE rowid = 1;", shape);
        assertRefused("UPDATE t SET c = CAST(c || X'00' AS TEXT) WHERE rowid = 1;", shape);
        assertRefused("UPDATE t SET c = c || X'00' WHERE rowid > 1;", shape);
        assertRefused("UPDATE t SET c = c || X'00' WHERE rowid = 1 OR 1;", shape);
        assertRefused("UPDATE t SET c = c || X'00' WHERE rowid = 1 RETURNING *;", shape);
        assertRefused("UPDATE t SET c = c || X'00' FROM u WHERE rowid = 1;", shape);
        assertRefused("UPDATE OR REPLACE t SET c = c || X'00' WHERE rowid = 1;", shape);
        assertRefused("UPDATE t SET c = c || X'00' WHERE rowid = 1.5;", "must be an integer");
        assertRefused("UPDATE t SET c = c || X'00' WHERE \"k\" = (SELECT 1);", "sub-select");
        assertRefused("UPDATE t SET c = c || X'00' WHERE \"k\" = load_extension('x');", "load_extension()");
        assertRefused("UPDATE sqlite_schema SET sql = sql || X'00' WHERE rowid = 1;", "internal tables");
    }

    @Test
    void onlyDeleteFromSqliteSequenceIsAllowed() {
        assertEquals(new StatementInfo(StatementKind.DELETE_SEQUENCE, null, null, null), ok("DELETE FROM sqlite_sequence;"));
        assertEquals(StatementKind.DELETE_SEQUENCE, ok("delete from main.\"sqlite_sequence\";").kind());
        assertEquals("DELETE is only allowed as `DELETE FROM sqlite_sequence;` — found DELETE FROM t", refused("DELETE FROM t;"));
        assertRefused("DELETE FROM sqlite_sequence WHERE name = 't';", "found `WHERE` after DELETE FROM sqlite_sequence");
        assertRefused("DELETE FROM t WHERE rowid = 1;", "DELETE is only allowed");
    }

    @Test
    void fourPragmasAreAllowedWithTheirValues() {
        assertEquals(new StatementInfo(StatementKind.PRAGMA, null, "foreign_keys", "OFF"), ok("PRAGMA foreign_keys=OFF;"));
        assertEquals(new StatementInfo(StatementKind.PRAGMA, null, "defer_foreign_keys", "TRUE"), ok("PRAGMA defer_foreign_keys=TRUE;"));
        assertEquals(new StatementInfo(StatementKind.PRAGMA, null, "user_version", "42"), ok("pragma USER_VERSION = 42;"));
        assertEquals(new StatementInfo(StatementKind.PRAGMA, null, "application_id", "-5"), ok("PRAGMA application_id(-5);"));
        assertEquals(new StatementInfo(StatementKind.PRAGMA, null, "foreign_keys", "on"), ok("PRAGMA foreign_keys = 'on';"));
        assertEquals(new StatementInfo(StatementKind.PRAGMA, null, "foreign_keys", null), ok("PRAGMA foreign_keys;"));
    }

    @Test
    void writableSchemaAndOtherPragmasAreRefused() {
        String writable = "PRAGMA writable_schema is not allowed — this dump writes sqlite_schema directly"
                + " (the sqlite3 shell does this for virtual tables); re-create it with `patina dump`";
        assertEquals(writable, refused("PRAGMA writable_schema=ON;"));
        assertEquals(writable, refused("pragma \"WRITABLE_SCHEMA\" = 1;"));
        assertEquals(writable, refused("PRAGMA main.writable_schema=ON;"));
        assertRefused("PRAGMA journal_mode=OFF;", "PRAGMA journal_mode is not allowed");
        assertRefused("PRAGMA main.foreign_keys=ON;", "schema prefix");
        assertRefused("PRAGMA key='secret';", "PRAGMA key is not allowed");
        assertRefused("PRAGMA foreign_keys = (SELECT 1);", "a pragma value must be a literal");
    }

    @Test
    void transactionControlIsRecognised() {
        for (String sql : List.of("BEGIN;", "BEGIN TRANSACTION;", "begin immediate transaction;", "BEGIN EXCLUSIVE;", "BEGIN DEFERRED TRANSACTION t1;",
                "COMMIT;", "COMMIT TRANSACTION;", "END;", "END TRANSACTION;", "ROLLBACK;", "ROLLBACK TRANSACTION; -- due to errors",
                "SAVEPOINT sp1;", "RELEASE sp1;", "RELEASE SAVEPOINT \"sp 1\";")) {
            assertEquals(new StatementInfo(StatementKind.TRANSACTION_CONTROL, null, null, null), ok(sql), sql);
        }
        assertRefused("ROLLBACK TO sp1;", "ROLLBACK TO is not allowed");
        assertRefused("ROLLBACK TRANSACTION TO SAVEPOINT sp1;", "ROLLBACK TO is not allowed");
        assertRefused("BEGIN; ATTACH 'x' AS y;", "ATTACH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DROP TABLE IF EXISTS t;", "DROP TABLE t;", "DROP VIEW v;", "DROP INDEX i;", "DROP TRIGGER tr;"})
    void dropIsRefused(String sql) {
        assertRefused(sql, "DROP is not allowed in a restore");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1;", "ALTER TABLE t ADD COLUMN b;", "REINDEX;", "EXPLAIN SELECT 1;", "\"CREATE\" TABLE t(a);"})
    void otherStatementsAreRefused(String sql) {
        refused(sql);
    }

    // ------------------------------------------------------------------------------------------
    // Whole dumps, restored into real SQLite

    @Test
    void aRealSqlite3ShellDumpPassesAndRestores(@TempDir Path dir) throws Exception {
        byte[] dump;
        try (InputStream in = getClass().getResourceAsStream("sqlite3-shell-dump.sql")) {
            dump = in.readAllBytes();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("restored.db"))) {
            List<StatementInfo> infos = restore(c, split(dump));
            assertEquals(List.of(StatementKind.PRAGMA, StatementKind.TRANSACTION_CONTROL, StatementKind.CREATE_TABLE,
                    StatementKind.INSERT, StatementKind.INSERT, StatementKind.INSERT, StatementKind.CREATE_TABLE,
                    StatementKind.INSERT, StatementKind.INSERT, StatementKind.CREATE_TABLE, StatementKind.STATISTICS,
                    StatementKind.STATISTICS, StatementKind.STATISTICS, StatementKind.DELETE_SEQUENCE, StatementKind.INSERT,
                    StatementKind.CREATE_INDEX, StatementKind.CREATE_INDEX, StatementKind.CREATE_VIEW,
                    StatementKind.CREATE_TRIGGER, StatementKind.TRANSACTION_CONTROL),
                    infos.stream().map(StatementInfo::kind).toList());
            assertEquals("order items", infos.get(6).table());
            assertEquals("author", infos.get(18).table());
            assertEquals("line one\nline two; with semi", queryString(c, "SELECT bio FROM author WHERE id = 1"));
            assertEquals("tab\tand CR\r end -- not a comment /* nor this */", queryString(c, "SELECT bio FROM author WHERE id = 2"));
            assertEquals("Emoji 😀 ü", queryString(c, "SELECT name FROM author WHERE id = 3"));
            assertEquals("Inf", queryString(c, "SELECT score FROM author WHERE id = 3"));
            assertEquals("00FF10", queryString(c, "SELECT hex(avatar) FROM author WHERE id = 1"));
            assertEquals("a\"b|c]d|e`f", queryString(c, "SELECT \"we\"\"ird\" || '|' || br || '|' || tick FROM \"order items\" WHERE \"select\" = 1"));
            assertEquals("3", queryString(c, "SELECT seq FROM sqlite_sequence WHERE name = 'author'"));
            assertEquals("3", queryString(c, "SELECT count(*) FROM v_author"));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO author(name) VALUES('Zed')");
            }
            assertEquals("new author; Zed", queryString(c, "SELECT msg FROM audit"), "the restored trigger fires");
            assertEquals("4", queryString(c, "SELECT max(id) FROM author"), "AUTOINCREMENT continues after the restored sequence");
        }
    }

    @Test
    void aRealSqlite3ShellDumpWithAVirtualTableIsRefusedAtWritableSchema() throws Exception {
        byte[] dump;
        try (InputStream in = getClass().getResourceAsStream("sqlite3-shell-dump-fts5.sql")) {
            dump = in.readAllBytes();
        }
        List<SqlStatement> statements = split(dump);
        assertEquals(StatementKind.PRAGMA, guard.check(statements.get(0)).kind());
        assertEquals(StatementKind.TRANSACTION_CONTROL, guard.check(statements.get(1)).kind());
        HostileStatementException e = assertThrows(HostileStatementException.class, () -> guard.check(statements.get(2)));
        assertTrue(e.getMessage().startsWith("statement 3 (line 3): PRAGMA writable_schema is not allowed"), e.getMessage());
        assertTrue(e.getMessage().endsWith("re-create it with `patina dump`"), e.getMessage());
        HostileStatementException schemaInsert = assertThrows(HostileStatementException.class, () -> guard.check(statements.get(3)));
        assertTrue(schemaInsert.getMessage().startsWith("statement 4 (line 4): INSERT INTO sqlite_schema is not allowed"));
        // The shadow tables themselves are ordinary statements.
        assertEquals(new StatementInfo(StatementKind.CREATE_TABLE, "docs_data", null, null), guard.check(statements.get(4)));
    }

    /**
     * A dump in the exact shape of {@code wrangler d1 export} (the dumpSql() generator shared by D1 and
     * miniflare): defer_foreign_keys first, quoted names with IF NOT EXISTS, column lists on every INSERT,
     * replace(…, char(10)) for newlines, sqlite_sequence and sqlite_stat1 rows, then indexes, triggers, views.
     */
    @Test
    void aWranglerStyleExportPassesAndRestores(@TempDir Path dir) throws Exception {
        String dump = String.join("\n",
                "PRAGMA defer_foreign_keys=TRUE;",
                "CREATE TABLE d1_migrations(\n\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,\n\t\tname       TEXT UNIQUE,\n"
                        + "\t\tapplied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n);",
                "INSERT INTO \"d1_migrations\" (\"id\",\"name\",\"applied_at\") VALUES(1,'0001_init.sql','2024-05-01 10:00:00');",
                "CREATE TABLE IF NOT EXISTS \"users\" (\"id\" INTEGER PRIMARY KEY, \"email\" TEXT NOT NULL, \"bio\" TEXT, \"avatar\" BLOB, \"score\" REAL);",
                "INSERT INTO \"users\" (\"id\",\"email\",\"bio\",\"avatar\",\"score\") VALUES(1,'a@b.c',replace('hi\\nthere; it''s me','\\n',char(10)),X'cafe',2.5);",
                "INSERT INTO \"users\" (\"id\",\"email\",\"bio\",\"avatar\",\"score\") VALUES(2,'c@d.e',replace(replace('a\\r\\nb','\\r',char(13)),'\\n',char(10)),NULL,-1);",
                "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), title TEXT);",
                "INSERT INTO \"posts\" (\"id\",\"user_id\",\"title\") VALUES(1,2,'Hello 😀');",
                "DELETE FROM sqlite_sequence;",
                "INSERT INTO \"sqlite_sequence\" (\"name\",\"seq\") VALUES('d1_migrations',1);",
                "ANALYZE sqlite_schema;",
                "INSERT INTO \"sqlite_stat1\" (\"tbl\",\"idx\",\"stat\") VALUES('users','idx_users_email','2 1');",
                "CREATE INDEX idx_users_email ON users(email);",
                "CREATE TRIGGER posts_touch AFTER UPDATE ON posts BEGIN UPDATE posts SET title = title || '!' WHERE id = NEW.id AND 0; END;",
                "CREATE VIEW user_posts AS SELECT u.email, p.title FROM users u JOIN posts p ON p.user_id = u.id;",
                "");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("d1.db"))) {
            List<StatementInfo> infos = restore(c, split(dump));
            assertEquals(15, infos.size());
            assertEquals(new StatementInfo(StatementKind.PRAGMA, null, "defer_foreign_keys", "TRUE"), infos.get(0));
            assertEquals(new StatementInfo(StatementKind.CREATE_TABLE, "users", null, null), infos.get(3));
            assertEquals(new StatementInfo(StatementKind.INSERT, "sqlite_sequence", null, null, 1), infos.get(9));
            assertEquals(StatementKind.STATISTICS, infos.get(11).kind());
            assertEquals("hi\nthere; it's me", queryString(c, "SELECT bio FROM users WHERE id = 1"));
            assertEquals("a\r\nb", queryString(c, "SELECT bio FROM users WHERE id = 2"));
            assertEquals("c@d.e Hello 😀", queryString(c, "SELECT email || ' ' || title FROM user_posts"));
        }
    }

    @Test
    void aPatinaStyleDumpWithAppendUpdatesRestoresBigRows(@TempDir Path dir) throws Exception {
        String dump = "-- patina:header {\"format\":1}\n"
                + "PRAGMA foreign_keys=OFF;\n"
                + "CREATE TABLE \"big\"(\"id\" INTEGER PRIMARY KEY, \"data\" BLOB, \"k\" TEXT);\n"
                + "INSERT INTO \"big\" (\"id\",\"data\",\"k\") VALUES(7,X'0102','key;1');\n"
                + "UPDATE \"big\" SET \"data\" = CAST(\"data\" || X'0304' AS BLOB) WHERE rowid = 7;\n"
                + "UPDATE \"big\" SET \"data\" = CAST(\"data\" || X'05' AS BLOB) WHERE \"id\" = 7 AND \"k\" = 'key;1';\n"
                + "-- patina:footer {\"statements\":5}\n";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("p.db"))) {
            List<StatementInfo> infos = restore(c, split(dump));
            assertEquals(StatementKind.UPDATE_APPEND, infos.get(3).kind());
            assertEquals("big", infos.get(4).table());
            assertEquals("0102030405", queryString(c, "SELECT hex(data) FROM big"));
            assertEquals("blob", queryString(c, "SELECT typeof(data) FROM big"));
        }
    }

    @Test
    void statementInfoFieldsAreNullWhereTheyDoNotApply() {
        StatementInfo info = ok("BEGIN TRANSACTION;");
        assertNull(info.table());
        assertNull(info.pragmaName());
        assertNull(info.pragmaValue());
    }
}
