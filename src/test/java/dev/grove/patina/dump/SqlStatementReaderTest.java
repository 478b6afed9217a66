package dev.grove.patina.dump;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlStatementReaderTest {

    /** Buffer sizes that put a buffer boundary at every possible place in short inputs. */
    private static final int[] SMALL_BUFFERS = {1, 2, 3, 5, 17, 64};

    // ------------------------------------------------------------------------------------------
    // Helpers

    /** The outcome of reading a whole input. */
    private record Result(List<SqlStatement> statements, String header, String footer, byte[] sha, long bytesRead) {}

    private static Result read(byte[] input, int bufferSize) throws IOException {
        try (SqlStatementReader r = new SqlStatementReader(new ByteArrayInputStream(input), bufferSize)) {
            List<SqlStatement> out = new ArrayList<>();
            for (SqlStatement s; (s = r.next()) != null; ) {
                out.add(s);
            }
            assertNull(r.next(), "next() keeps returning null at the end");
            return new Result(out, r.headerJson(), r.footerJson(), r.sha256BeforeFooter(), r.bytesRead());
        }
    }

    /** Reads with the default buffer and checks that every tiny buffer size gives the same result. */
    private static Result readAll(byte[] input) throws IOException {
        Result expected = read(input, SqlStatementReader.DEFAULT_BUFFER_SIZE);
        for (int size : SMALL_BUFFERS) {
            Result other = read(input, size);
            assertEquals(expected.statements(), other.statements(), "statements with buffer size " + size);
            assertEquals(expected.header(), other.header(), "header with buffer size " + size);
            assertEquals(expected.footer(), other.footer(), "footer with buffer size " + size);
            assertArrayEquals(expected.sha(), other.sha(), "digest with buffer size " + size);
            assertEquals(input.length, other.bytesRead(), "bytesRead with buffer size " + size);
        }
        return expected;
    }

    private static Result readAll(String input) throws IOException {
        return readAll(input.getBytes(UTF_8));
    }

    private static List<String> sqls(Result r) {
        return r.statements().stream().map(SqlStatement::sql).toList();
    }

    /** Expects an IOException for every buffer size and returns its message. */
    private static String failure(String input) {
        byte[] bytes = input.getBytes(UTF_8);
        String message = assertThrows(IOException.class, () -> read(bytes, SqlStatementReader.DEFAULT_BUFFER_SIZE)).getMessage();
        for (int size : SMALL_BUFFERS) {
            String other = assertThrows(IOException.class, () -> read(bytes, size)).getMessage();
            assertEquals(message, other, "message with buffer size " + size);
        }
        return message;
    }

    private static byte[] sha256(byte[] bytes, int length) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(bytes, 0, length);
        return md.digest();
    }

    // ------------------------------------------------------------------------------------------
    // Statement boundaries

    @Test
    void splitsSimpleStatementsAndKeepsNumbersAndLines() throws Exception {
        Result r = readAll("CREATE TABLE t(a);\nINSERT INTO t VALUES(1);\n\n  INSERT INTO t VALUES(2); INSERT INTO t VALUES(3);\n");
        assertEquals(List.of(
                new SqlStatement(1, 1, "CREATE TABLE t(a);"),
                new SqlStatement(2, 2, "INSERT INTO t VALUES(1);"),
                new SqlStatement(3, 4, "INSERT INTO t VALUES(2);"),
                new SqlStatement(4, 4, "INSERT INTO t VALUES(3);")), r.statements());
    }

    @Test
    void semicolonsInsideStringsIdentifiersAndCommentsDoNotSplit() throws Exception {
        String one = "INSERT INTO \"a;b\" VALUES('x;y', 'it''s; ok', `c;d`, [e;f], \"g\"\";h\") -- tail; comment\n"
                + "/* block ; comment */ ;";
        String two = "SELECT '--', '/*', \"*/\";";
        Result r = readAll(one + "\n" + two + "\n");
        assertEquals(List.of(one, two), sqls(r));
    }

    @Test
    void triggerBodyWithSemicolonsIsOneStatement() throws Exception {
        String trigger = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
                + "  INSERT INTO log VALUES(new.a);\n"
                + "  UPDATE t SET b = CASE WHEN new.a > 0 THEN 1 ELSE 2 END WHERE rowid = new.rowid;\n"
                + "END;";
        Result r = readAll(trigger + "\nINSERT INTO t VALUES(1);\n");
        assertEquals(List.of(trigger, "INSERT INTO t VALUES(1);"), sqls(r));
        assertEquals(5, r.statements().get(1).line());
    }

    @Test
    void triggerKeywordsAreCaseInsensitiveAndTempAndExplainAreHonoured() throws Exception {
        String a = "create temp trigger tr before delete on t begin select 1; select 2; eNd ;";
        String b = "EXPLAIN CREATE TEMPORARY TRIGGER tr2 AFTER UPDATE ON t BEGIN SELECT 1; END;";
        String c = "explain query plan create trigger tr3 after insert on t begin select 1; end;";
        Result r = readAll(a + b + "\n" + c);
        assertEquals(List.of(a, b, c), sqls(r));
    }

    @Test
    void wordsThatOnlyContainKeywordsDoNotStartATrigger() throws Exception {
        // "trigger_log", a quoted "trigger" and a table named temp are not the TRIGGER keyword
        String input = "CREATE TABLE trigger_log(a);\nCREATE TABLE \"trigger\"(a);\nCREATE TABLE temp_x(a);\n"
                + "CREATE TABLE [trigger](b);\nINSERT INTO t VALUES(1);";
        assertEquals(5, readAll(input).statements().size());
    }

    @Test
    void endThatIsNotDirectlyAfterASemicolonDoesNotCloseATrigger() throws Exception {
        // A trigger with a stray "END" that is not right after a ';' goes on until "; END ;"
        String trigger = "CREATE TRIGGER t1 AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 2 END; SELECT 3; END;";
        Result r = readAll(trigger + "SELECT 4;");
        assertEquals(List.of(trigger, "SELECT 4;"), sqls(r));
    }

    @Test
    void stringsWithNewlinesCrlfAndEmojiKeepTheirTextAndLineNumbers() throws Exception {
        String first = "INSERT INTO t VALUES('line1\r\nline2 😀 – ü', X'00ff');";
        String second = "INSERT INTO \"tëst 😀\" VALUES(2);";
        Result r = readAll(first + "\r\n" + second + "\r\n");
        assertEquals(List.of(first, second), sqls(r));
        assertEquals(1, r.statements().get(0).line());
        assertEquals(3, r.statements().get(1).line());
    }

    @Test
    void commentsAndBlankLinesBetweenStatementsAreDroppedButCommentsInsideAreKept() throws Exception {
        String inside = "INSERT INTO t -- which table\n VALUES(/* the value */ 1);";
        Result r = readAll("-- leading comment\n/* block\n comment */\n\n" + inside + "\n-- trailing comment; with semicolon\n");
        assertEquals(List.of(inside), sqls(r));
        assertEquals(5, r.statements().get(0).line());
    }

    @Test
    void emptyStatementsAreSkippedAndDoNotCount() throws Exception {
        Result r = readAll(";;\nSELECT 1;;  ;\n;SELECT 2;");
        assertEquals(List.of(new SqlStatement(1, 2, "SELECT 1;"), new SqlStatement(2, 3, "SELECT 2;")), r.statements());
    }

    @Test
    void statementsMayStartWithAMinusOrSlashOperator() throws Exception {
        // Exercises the pending '-' and '/' that could have started a comment.
        Result r = readAll("SELECT 1;\n-5;\n/ 2;\n-- c\n/* c */-x;");
        assertEquals(List.of("SELECT 1;", "-5;", "/ 2;", "-x;"), sqls(r));
        assertEquals(List.of(1L, 2L, 3L, 5L), r.statements().stream().map(SqlStatement::line).toList());
    }

    @Test
    void lastStatementMayBeFollowedByACommentWithoutNewline() throws Exception {
        assertEquals(List.of("SELECT 1;"), sqls(readAll("SELECT 1; -- done")));
    }

    @Test
    void emptyAndBlankInputsHaveNoStatements() throws Exception {
        Result empty = readAll(new byte[0]);
        assertTrue(empty.statements().isEmpty());
        assertArrayEquals(sha256(new byte[0], 0), empty.sha());
        assertNull(empty.header());
        assertNull(empty.footer());
        assertTrue(readAll(" \r\n\t\n-- nothing here\n/* at all */").statements().isEmpty());
    }

    @Test
    void skipsAByteOrderMarkButHashesIt() throws Exception {
        byte[] body = "-- patina:header {\"v\":1}\nSELECT 1;\n".getBytes(UTF_8);
        byte[] input = new byte[body.length + 3];
        input[0] = (byte) 0xEF;
        input[1] = (byte) 0xBB;
        input[2] = (byte) 0xBF;
        System.arraycopy(body, 0, input, 3, body.length);
        Result r = readAll(input);
        assertEquals(List.of(new SqlStatement(1, 2, "SELECT 1;")), r.statements());
        assertEquals("{\"v\":1}", r.header(), "a header right after the BOM is at the start of a line");
        assertArrayEquals(sha256(input, input.length), r.sha());
        assertEquals(List.of("S;"), sqls(readAll(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'S', ';'})));
        assertTrue(readAll(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}).statements().isEmpty());
    }

    @Test
    void bigStatementsGrowTheBufferAndDecodeIntact() throws Exception {
        String text = "ab;c''d€😀 -- /* \n".repeat(200_000); // 4 MB of UTF-8 with 200,000 newlines
        String big = "INSERT INTO t VALUES('" + text + "');";
        Result r = readAll(big + "\nSELECT 1;");
        assertEquals(List.of(big, "SELECT 1;"), sqls(r));
        assertEquals(200_002, r.statements().get(1).line());
    }

    // ------------------------------------------------------------------------------------------
    // Header, footer and digest

    @Test
    void capturesHeaderAndFooterAndHashesEverythingBeforeTheFooterLine() throws Exception {
        String beforeFooter = "-- patina:header {\"format\":1,\"db\":\"x\"}\n"
                + "CREATE TABLE t(a);\n"
                + "INSERT INTO t VALUES('-- patina:footer {\"fake\":true}');\n";
        String footerLine = "-- patina:footer {\"statements\":2,\"sha256\":\"…\"}\n";
        byte[] input = (beforeFooter + footerLine + "\n  \n").getBytes(UTF_8);
        Result r = readAll(input);
        assertEquals("{\"format\":1,\"db\":\"x\"}", r.header());
        assertEquals("{\"statements\":2,\"sha256\":\"…\"}", r.footer());
        assertEquals(2, r.statements().size());
        int prefix = beforeFooter.getBytes(UTF_8).length;
        assertArrayEquals(sha256(input, prefix), r.sha());
    }

    @Test
    void footerWithCrlfAndNoFinalNewline() throws Exception {
        String before = "-- patina:header {}\r\nSELECT 1;\r\n";
        byte[] input = (before + "-- patina:footer {\"n\":1}").getBytes(UTF_8);
        Result r = readAll(input);
        assertEquals("{}", r.header());
        assertEquals("{\"n\":1}", r.footer());
        assertArrayEquals(sha256(input, before.length()), r.sha());
        Result crlf = readAll(before + "-- patina:footer {\"n\":2}\r\n");
        assertEquals("{\"n\":2}", crlf.footer(), "the CR of a CRLF line ending is not part of the JSON");
    }

    @Test
    void withoutFooterTheDigestCoversAllBytes() throws Exception {
        byte[] input = "-- patina:header {\"a\":1}\nSELECT 1;\n-- patina:footerish\n-- patina:foot\n".getBytes(UTF_8);
        Result r = readAll(input);
        assertNull(r.footer());
        assertArrayEquals(sha256(input, input.length), r.sha());
    }

    @Test
    void patinaLinesCountOnlyAtTheStartOfALineBetweenStatements() throws Exception {
        String inside = "INSERT INTO t VALUES(1,\n-- patina:header {\"inside\":1}\n2);";
        Result r = readAll("SELECT 1; -- patina:header {\"same line\":1}\n"
                + "  -- patina:header {\"indented\":1}\n"
                + inside + "\n"
                + "-- patina:headers {\"wrong\":1}\n"
                + "-- patina:header {\"real\":1}\n"
                + "-- patina:header {\"second\":1}\n");
        assertEquals("{\"real\":1}", r.header(), "the first real header wins");
        assertEquals(List.of("SELECT 1;", inside), sqls(r));
    }

    @Test
    void anythingButBlanksAfterTheFooterIsAnError() {
        assertEquals("dump continues after its footer at line 4",
                failure("SELECT 1;\n-- patina:footer {}\n\nSELECT 2;\n"));
        assertEquals("dump continues after its footer at line 3",
                failure("SELECT 1;\n-- patina:footer {}\n-- a comment is content too\n"));
        assertEquals("dump continues after its footer at line 2",
                failure("-- patina:footer {}\n  -- patina:footer {}\n"));
    }

    @Test
    void overlongPatinaLinesAreRefusedInsteadOfBufferedWithoutLimit() throws Exception {
        byte[] input = ("-- patina:header {\"pad\":\"" + "x".repeat(SqlStatementReader.MAX_PATINA_LINE) + "\"}\n")
                .getBytes(UTF_8);
        IOException e = assertThrows(IOException.class, () -> read(input, SqlStatementReader.DEFAULT_BUFFER_SIZE));
        assertTrue(e.getMessage().startsWith("the header line at line 1 is longer than"), e.getMessage());
        // An ordinary comment of the same size is simply skipped.
        byte[] comment = ("-- " + "x".repeat(SqlStatementReader.MAX_PATINA_LINE + 10) + "\nSELECT 1;").getBytes(UTF_8);
        assertEquals(List.of("SELECT 1;"), sqls(read(comment, SqlStatementReader.DEFAULT_BUFFER_SIZE)));
    }

    @Test
    void digestIsOnlyAvailableAtTheEnd() throws Exception {
        try (SqlStatementReader r = new SqlStatementReader(new ByteArrayInputStream("SELECT 1;".getBytes(UTF_8)))) {
            assertThrows(IllegalStateException.class, r::sha256BeforeFooter);
            r.next();
            assertThrows(IllegalStateException.class, r::sha256BeforeFooter);
            assertNull(r.next());
            assertEquals(32, r.sha256BeforeFooter().length);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Truncated input

    @Test
    void inputEndingInsideAStatementIsReportedWithNumberAndLine() {
        assertEquals("statement 2 (line 3) is not terminated — the dump looks truncated",
                failure("CREATE TABLE t(a);\n\nINSERT INTO t VALUES(1)"));
        assertEquals("statement 1 (line 1) is not terminated — the dump looks truncated",
                failure("SELECT 1 -- no semicolon"));
        assertEquals("statement 1 (line 1) is not terminated — the dump looks truncated",
                failure("-"));
    }

    @Test
    void inputEndingInsideALiteralOrCommentOrTriggerIsTruncated() {
        assertTrue(failure("SELECT 1;\nINSERT INTO t VALUES('abc);\n").startsWith(
                "statement 2 (line 2) is not terminated — the dump looks truncated"));
        assertTrue(failure("SELECT \"abc;").startsWith("statement 1 (line 1) is not terminated"));
        assertTrue(failure("SELECT [abc;").startsWith("statement 1 (line 1) is not terminated"));
        assertTrue(failure("SELECT 1 /* ; */ /* ;").startsWith("statement 1 (line 1) is not terminated"));
        assertTrue(failure("CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1;\n")
                .contains("inside a CREATE TRIGGER body"));
        assertTrue(failure("SELECT 1;\n/* unterminated comment").contains("/* comment starting at line 2 is not terminated"));
    }

    // ------------------------------------------------------------------------------------------
    // Against SQLite and against a plain port of sqlite3_complete()

    @Test
    void splitsARealSqliteSchemaIntoItsObjects(@TempDir Path dir) throws Exception {
        List<String> schema = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
             Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT DEFAULT 'a;b', note TEXT CHECK (note <> '--'))");
            s.executeUpdate("CREATE TABLE \"log; table\"(at TEXT, what TEXT)");
            s.executeUpdate("CREATE INDEX item_name ON item(name)");
            s.executeUpdate("CREATE VIEW named AS SELECT id, name || ';' AS label FROM item /* ; */");
            s.executeUpdate("CREATE TRIGGER item_log AFTER INSERT ON item BEGIN\n"
                    + "  INSERT INTO \"log; table\" VALUES(datetime('now'), 'insert; ' || new.name);\n"
                    + "  UPDATE item SET note = CASE WHEN new.note IS NULL THEN 'x' END WHERE id = new.id;\n"
                    + "END");
            try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")) {
                while (rs.next()) {
                    schema.add(rs.getString(1));
                }
            }
        }
        assertEquals(5, schema.size());
        Result r = readAll(String.join(";\n", schema) + ";\n");
        assertEquals(schema.size(), r.statements().size());
        for (int i = 0; i < schema.size(); i++) {
            assertEquals(schema.get(i) + ";", r.statements().get(i).sql());
        }
        RestoreGuard guard = new RestoreGuard();
        assertEquals(List.of(StatementKind.CREATE_TABLE, StatementKind.CREATE_TABLE, StatementKind.CREATE_INDEX,
                        StatementKind.CREATE_VIEW, StatementKind.CREATE_TRIGGER),
                r.statements().stream().map(st -> guard.check(st).kind()).toList());
        assertEquals("log; table", guard.check(r.statements().get(1)).table());
        assertEquals("item", guard.check(r.statements().get(4)).table());
    }

    @Test
    void readsARealSqlite3ShellDump() throws Exception {
        byte[] dump;
        try (InputStream in = getClass().getResourceAsStream("sqlite3-shell-dump.sql")) {
            dump = in.readAllBytes();
        }
        Result r = readAll(dump);
        assertEquals(20, r.statements().size());
        assertEquals("PRAGMA foreign_keys=OFF;", r.statements().get(0).sql());
        assertEquals(new SqlStatement(20, 23, "COMMIT;"), r.statements().get(19));
        SqlStatement trigger = r.statements().get(18);
        assertTrue(trigger.sql().startsWith("CREATE TRIGGER trg_author_ins") && trigger.sql().endsWith("END;"));
        assertEquals(19, trigger.line());
        assertArrayEquals(sha256(dump, dump.length), r.sha());
    }

    /** A direct transliteration of sqlite3_complete() over a Java string, used as the reference. */
    static boolean referenceComplete(String sql) {
        int[][] trans = {
            {1, 0, 2, 3, 4, 2, 2, 2}, {1, 1, 2, 3, 4, 2, 2, 2}, {1, 2, 2, 2, 2, 2, 2, 2}, {1, 3, 3, 2, 4, 2, 2, 2},
            {1, 4, 2, 2, 2, 4, 5, 2}, {6, 5, 5, 5, 5, 5, 5, 5}, {6, 6, 5, 5, 5, 5, 5, 7}, {1, 7, 5, 5, 5, 5, 5, 5},
        };
        int state = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int token;
            switch (c) {
                case ';':
                    token = 0;
                    break;
                case ' ': case '\r': case '\t': case '\n': case '\f':
                    token = 1;
                    break;
                case '/':
                    if (i + 1 >= n || sql.charAt(i + 1) != '*') {
                        token = 2;
                        break;
                    }
                    i += 2;
                    while (i < n && (sql.charAt(i) != '*' || i + 1 >= n || sql.charAt(i + 1) != '/')) {
                        i++;
                    }
                    if (i >= n) {
                        return false;
                    }
                    i++;
                    token = 1;
                    break;
                case '-':
                    if (i + 1 >= n || sql.charAt(i + 1) != '-') {
                        token = 2;
                        break;
                    }
                    while (i < n && sql.charAt(i) != '\n') {
                        i++;
                    }
                    if (i >= n) {
                        return state == 1;
                    }
                    token = 1;
                    break;
                case '[':
                    i++;
                    while (i < n && sql.charAt(i) != ']') {
                        i++;
                    }
                    if (i >= n) {
                        return false;
                    }
                    token = 2;
                    break;
                case '`': case '"': case '\'':
                    i++;
                    while (i < n && sql.charAt(i) != c) {
                        i++;
                    }
                    if (i >= n) {
                        return false;
                    }
                    token = 2;
                    break;
                default:
                    if (SqlTokenizer.isIdChar(c)) {
                        int j = i + 1;
                        while (j < n && SqlTokenizer.isIdChar(sql.charAt(j))) {
                            j++;
                        }
                        String w = sql.substring(i, j).toLowerCase(java.util.Locale.ROOT);
                        token = switch (w) {
                            case "create" -> 4;
                            case "trigger" -> 6;
                            case "temp", "temporary" -> 5;
                            case "end" -> 7;
                            case "explain" -> 3;
                            default -> 2;
                        };
                        i = j - 1;
                    } else {
                        token = 2;
                    }
                    break;
            }
            state = trans[state][token];
            i++;
        }
        return state == 1;
    }

    /**
     * Splits an input the slow, obvious way: skip blanks, comments and empty statements, then take the
     * shortest text ending in ';' that sqlite3_complete() calls complete. Returns null for truncated input.
     */
    static List<String> referenceSplit(String input) {
        List<String> out = new ArrayList<>();
        int n = input.length();
        int pos = 0;
        for (;;) {
            while (pos < n) {
                char c = input.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == ';') {
                    pos++;
                } else if (input.startsWith("--", pos)) {
                    int e = input.indexOf('\n', pos);
                    pos = e < 0 ? n : e + 1;
                } else if (input.startsWith("/*", pos)) {
                    int e = input.indexOf("*/", pos + 2);
                    if (e < 0) {
                        return null;
                    }
                    pos = e + 2;
                } else {
                    break;
                }
            }
            if (pos >= n) {
                return out;
            }
            int end = -1;
            for (int j = input.indexOf(';', pos); j >= 0; j = input.indexOf(';', j + 1)) {
                if (referenceComplete(input.substring(pos, j + 1))) {
                    end = j + 1;
                    break;
                }
            }
            if (end < 0) {
                return null;
            }
            out.add(input.substring(pos, end));
            pos = end;
        }
    }

    @Test
    void agreesWithAPlainPortOfSqlite3CompleteOnRandomInputs() throws Exception {
        String[] pieces = {";", ";", ";", " ", " ", "\n", "\r\n", "'a;b'", "'it''s;'", "\"x;\"\"\"", "`t;`", "[a;b]",
            "-- c;\n", "/* ; */", "-", "/", "*", "'", "\"", "[", "]", "/*", "*/", "--",
            "CREATE", "create", "TRIGGER", "trigger", "TEMP", "temporary", "END", "end", "EXPLAIN", "BEGIN", "x", "abc",
            "12", "ü", "😀", "(", ")", "endx", "tempo", ",", "-- patina:header {}\n", "-- patina:footer {}\n",
            "CREATE TRIGGER t AFTER INSERT ON x BEGIN ", "; END;", "CREATE TEMP TRIGGER ", "EXPLAIN CREATE TRIGGER "};
        Random random = new Random(20240601);
        int statements = 0;
        int failures = 0;
        for (int round = 0; round < 6000; round++) {
            StringBuilder sb = new StringBuilder();
            int count = 1 + random.nextInt(25);
            for (int k = 0; k < count; k++) {
                // Unbalanced quotes and comment openers are rarer, so that most inputs end cleanly.
                int pick = random.nextInt(pieces.length);
                if (pick >= 16 && pick <= 23 && random.nextInt(4) != 0) {
                    pick = random.nextInt(16);
                }
                sb.append(pieces[pick]);
            }
            if (random.nextInt(3) != 0) {
                sb.append(";\n");
            }
            String input = sb.toString();
            List<String> expected = referenceSplit(input);
            Result r;
            try {
                r = readAll(input);
            } catch (IOException e) {
                assertTrue(expected == null || e.getMessage().startsWith("dump continues after its footer"),
                        () -> "unexpected failure " + e.getMessage() + " for " + input);
                failures++;
                continue;
            }
            assertEquals(expected, sqls(r), () -> "statements of " + input);
            statements += expected.size();
        }
        assertTrue(statements > 1000 && failures > 100, "the random inputs exercise both outcomes: "
                + statements + " statements, " + failures + " failures");
    }

    @Test
    void bytesReadGrowsAsTheStreamIsConsumed() throws Exception {
        byte[] input = ("SELECT 1;\n" + "x".repeat(10) + ";").getBytes(UTF_8);
        try (SqlStatementReader r = new SqlStatementReader(new ByteArrayInputStream(input), 4)) {
            assertEquals(0, r.bytesRead());
            r.next();
            assertTrue(r.bytesRead() >= 9 && r.bytesRead() <= 12, "read about one statement: " + r.bytesRead());
            r.next();
            assertNull(r.next());
            assertEquals(input.length, r.bytesRead());
        }
    }

    @Test
    void closeClosesTheStream() throws Exception {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new SqlStatementReader(in).close();
        assertTrue(closed[0]);
    }

    @Test
    void hashMatchesForAFooterSplitAcrossManyBuffers() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            out.write(("INSERT INTO t VALUES(" + i + ",'" + "v".repeat(i % 50) + "');\n").getBytes(UTF_8));
        }
        int prefix = out.size();
        out.write("-- patina:footer {\"rows\":2000}\n".getBytes(UTF_8));
        byte[] input = out.toByteArray();
        for (int size : new int[] {7, 16, 1000, 4096}) {
            Result r = read(input, size);
            assertEquals(2000, r.statements().size());
            assertArrayEquals(sha256(input, prefix), r.sha(), "buffer size " + size);
            assertEquals("{\"rows\":2000}", r.footer());
        }
        assertEquals(HexFormat.of().formatHex(sha256(input, prefix)),
                HexFormat.of().formatHex(read(input, SqlStatementReader.DEFAULT_BUFFER_SIZE).sha()));
        assertTrue(Arrays.equals(sha256(input, prefix), readAll(input).sha()));
    }
}
