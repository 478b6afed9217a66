package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.dump.GeneratedSqliteDatabases;
import dev.grove.patina.dump.GeneratedSqliteDatabases.Shape;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The page reader's dump through the real {@code sqlite3} shell (issue 18, ADR 0032): {@code patina dump --reader
 * pages} of Chinook and of generated databases (page sizes 512 and 65536, WITHOUT ROWID, values on overflow chains,
 * auto_vacuum full and incremental) loads with {@code sqlite3 new.db < dump.sql} to a database equal to the source —
 * every value's typeof and bytes, rowids, schema, {@code sqlite_sequence}, header pragmas — and equal to what the
 * jdbc reader's dump loads to through the same shell. A third witness: the shell's own {@code sqlite3 src.db .dump},
 * loaded by the shell, holds the same rows, table by table (rowids aside: {@code .dump} keeps only INTEGER PRIMARY
 * KEY values).
 */
@Tag("compat")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageReaderShellCompatTest {
    private Path dir;
    private SqliteShell shell;
    /** This sqlite3 shell reads some REAL literals one unit in the last place off (3.40.1 does). */
    private boolean shellMisreadsReals;
    private final Map<String, Path> sources = new LinkedHashMap<>();
    private final java.util.Set<String> withoutRowid = new java.util.HashSet<>();

    @BeforeAll
    void createCorpus(@TempDir Path tmp) throws Exception {
        dir = tmp;
        shell = new SqliteShell(CompatTools.load());
        Path probe = Files.writeString(dir.resolve("real-probe.sql"), "CREATE TABLE r (x REAL);\nINSERT INTO r VALUES ("
                + DumpReadersCompatTest.MISREAD_LITERAL + ");\n");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + shell.load(probe,
                dir.resolve("real-probe.sqlite"))); ResultSet rs = c.createStatement().executeQuery("SELECT x FROM r")) {
            assertTrue(rs.next());
            shellMisreadsReals = Double.doubleToRawLongBits(rs.getDouble(1))
                    != Double.doubleToRawLongBits(DumpReadersCompatTest.MISREAD_VALUE);
        }
        Files.createDirectories(dir.resolve("src"));
        Path chinook = dir.resolve("src/chinook.sqlite");
        try (InputStream in = getClass().getResourceAsStream("/chinook/Chinook_Sqlite.sqlite")) {
            Files.copy(in, chinook);
        }
        sources.put("chinook", chinook);
        shaped("page-512", new Shape(512, 0, true, true), 1);
        shaped("page-65536", new Shape(65536, 0, true, true), 2);
        shaped("auto-vacuum-full", new Shape(4096, 1, false, true), 3);
        shaped("auto-vacuum-incremental", new Shape(1024, 2, true, true), 4);
        for (int n = 0; n < 3; n++) { // random shapes from the harness's own seed
            Path db = dir.resolve("src/random-" + n + ".sqlite");
            GeneratedSqliteDatabases.generate(db, new Random(18L * 1_000_003L + n));
            sources.put("random-" + n, db);
        }
    }

    private void shaped(String name, Shape shape, long seed) throws Exception {
        Path db = dir.resolve("src/" + name + ".sqlite");
        GeneratedSqliteDatabases.Generated g = GeneratedSqliteDatabases.generate(db, new Random(seed), shape);
        assertEquals(shape.pageSize(), g.pageSize(), name);
        assertTrue(g.bigValues() > 0, name + ": values on overflow pages");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(shape.autoVacuum(), single(s, "PRAGMA auto_vacuum"), name);
            assertEquals(shape.withoutRowidFirst() ? 1 : 0, single(s, "SELECT count(*) FROM sqlite_schema "
                    + "WHERE name = 'shaped' AND sql LIKE '%WITHOUT ROWID'"), name);
        }
        sources.put(name, db);
        if (shape.withoutRowidFirst()) {
            withoutRowid.add(name);
        }
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    Stream<String> corpus() {
        return sources.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void thePageReadersDumpLoadsWithTheShellToTheSourceAndToWhatTheJdbcReadersDumpLoadsTo(String name)
            throws Exception {
        Path source = sources.get(name);
        Path pages = patinaDump(source, name, "pages");
        Path jdbc = patinaDump(source, name, "jdbc");
        String header = headerLine(pages);
        assertTrue(header.contains("\"reader\":\"pages"), name + ": read by pages: " + header);
        if (withoutRowid.contains(name)) {
            // the page reader reads rowid tables; a WITHOUT ROWID table goes through sqlite-jdbc, and the header says so
            assertTrue(header.contains("shaped (WITHOUT ROWID)"), header);
        }

        Path byPages = shell.load(pages, dir.resolve("loaded/" + name + ".pages.sqlite"));
        Path byJdbc = shell.load(jdbc, dir.resolve("loaded/" + name + ".jdbc.sqlite"));
        ReaderCheck.everything().withOldShellReals(shellMisreadsReals)
                .assertIdentical("sqlite3 " + shell.version() + " < the page reader's dump of " + name, source, byPages);
        // both dumps are the same SQL text, so one shell makes the same database of them: compared exactly
        ReaderCheck.everything().assertIdentical("sqlite3 < the jdbc reader's dump (against the page reader's) of "
                + name, byJdbc, byPages);

        // the third witness: the shell's own .dump of the source, loaded by the shell — equal but for what that
        // .dump itself loses (counted, and each one checked to be exactly such a loss)
        Path shellDump = shell.dump(source, dir.resolve("dumps/" + name + ".shell.sql"));
        Path byShellDump = shell.load(shellDump, dir.resolve("loaded/" + name + ".shell-dump.sqlite"));
        Map<String, Integer> shellLosses = new java.util.TreeMap<>();
        List<String> differences = rowSetDifferences(byShellDump, byPages, shellLosses);
        assertEquals(List.of(), differences, name + ": sqlite3 .dump's rows against the page reader's");
        System.out.println(name + ": sqlite3 " + shell.version() + " .dump loaded by the shell holds the page reader's "
                + "rows" + (shellLosses.isEmpty() ? "" : " but for what its .dump loses: " + shellLosses));
    }

    /** {@code patina dump SRC -o OUT --reader READER --dialect sqlite}, as an operator runs it. */
    private Path patinaDump(Path source, String name, String reader) throws Exception {
        Path out = dir.resolve("dumps/" + name + "." + reader + ".sql");
        Files.createDirectories(out.getParent());
        Files.createDirectories(dir.resolve("loaded"));
        DumpReadersCompatTest.Cli r = DumpReadersCompatTest.Cli.run("dump", source.toString(), "-o", out.toString(),
                "--reader", reader, "--dialect", "sqlite", "--name", name, "--quiet");
        assertEquals(0, r.code(), r.out() + r.err());
        return out;
    }

    /** The dump's {@code -- patina:header {...}} line. */
    private static String headerLine(Path file) throws Exception {
        try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.limit(10).filter(l -> l.startsWith("-- patina:header ")).findFirst().orElse("");
        }
    }

    /**
     * Every table's rows, in rowid order (WITHOUT ROWID: key order), each value as typeof and hex — rowid values
     * left out; a REAL one unit in the last place apart counts as equal where this shell misreads REAL literals (the
     * shell read both files).
     */
    private List<String> rowSetDifferences(Path expected, Path actual, Map<String, Integer> shellLosses)
            throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection e = DriverManager.getConnection("jdbc:sqlite:" + expected);
             Connection a = DriverManager.getConnection("jdbc:sqlite:" + actual)) {
            List<String> tables = tables(e);
            assertEquals(tables, tables(a), "the same tables");
            for (String t : tables) {
                List<List<Object[]>> rows = List.of(rows(e, t), rows(a, t));
                if (rows.get(0).size() != rows.get(1).size()) {
                    out.add(t + ": " + rows.get(0).size() + " rows through sqlite3 .dump, " + rows.get(1).size()
                            + " through the page reader's dump");
                    continue;
                }
                for (int i = 0; i < rows.get(0).size(); i++) {
                    Object[] x = rows.get(0).get(i);
                    Object[] y = rows.get(1).get(i);
                    for (int c = 0; c < x.length; c++) {
                        String loss = shellDumpLoss(x[c], y[c]);
                        if (loss != null) {
                            shellLosses.merge(loss, 1, Integer::sum);
                        } else if (!sameValue(x[c], y[c])) {
                            out.add(t + ": row " + (i + 1) + ", column " + (c + 1) + ": " + x[c] + " through sqlite3 "
                                    + ".dump, " + y[c] + " through the page reader's dump");
                            break;
                        }
                    }
                    if (out.size() > 20) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    /**
     * What {@code sqlite3 .dump} (3.40.1) loaded back by the shell is seen to lose, and Patina's dumps keep: TEXT cut
     * at its first NUL, -0.0 and a subnormal REAL back as 0 (integer or real). Null when {@code byShell} and {@code byPatina} are not exactly
     * such a pair.
     */
    private static String shellDumpLoss(Object byShell, Object byPatina) {
        if (byShell instanceof String s && byPatina instanceof String p && s.startsWith("text:")
                && p.startsWith("text:")) {
            String hex = p.substring(5);
            for (int i = 0; i + 2 <= hex.length(); i += 2) {
                if (hex.startsWith("00", i)) {
                    return s.substring(5).equals(hex.substring(0, i)) ? "TEXT cut at a NUL" : null;
                }
            }
            return null;
        }
        boolean shellZero = "integer:30".equals(byShell)
                || byShell instanceof Double d && Double.doubleToRawLongBits(d) == 0L;
        if (shellZero && byPatina instanceof Double p) {
            if (Double.doubleToRawLongBits(p) == Long.MIN_VALUE) {
                return "-0.0 as 0";
            }
            if (p != 0.0 && Math.abs(p) < Double.MIN_NORMAL) {
                return "subnormal REAL as 0";
            }
        }
        return null;
    }

    private boolean sameValue(Object x, Object y) {
        if (x.equals(y)) {
            return true;
        }
        if (shellMisreadsReals && x instanceof Double dx && y instanceof Double dy) {
            return Math.abs(Double.doubleToRawLongBits(dx) - Double.doubleToRawLongBits(dy)) == 1;
        }
        return false;
    }

    private static List<String> tables(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite_stat%' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** A value: "typeof:HEX" for every type, and the double itself for a REAL (to allow the shell's one ULP). */
    private static List<Object[]> rows(Connection c, String table) throws Exception {
        String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
        List<String> columns = new ArrayList<>();
        boolean withoutRowid;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_xinfo(" + sqlString(table)
                    + ") WHERE hidden = 0 ORDER BY cid")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT sql LIKE '%WITHOUT ROWID' FROM sqlite_schema WHERE name = "
                    + sqlString(table))) {
                withoutRowid = rs.next() && rs.getBoolean(1);
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            String col = "\"" + columns.get(i).replace("\"", "\"\"") + "\"";
            sql.append(i > 0 ? ", " : "").append("typeof(").append(col).append("), hex(").append(col).append("), ")
                    .append(col);
        }
        // rowid order (a column may take the name of one alias: order by another); WITHOUT ROWID: key order
        String order = withoutRowid ? null : Stream.of("_rowid_", "rowid", "oid")
                .filter(alias -> columns.stream().noneMatch(alias::equalsIgnoreCase)).findFirst().orElse(null);
        sql.append(" FROM ").append(quoted).append(order == null ? "" : " ORDER BY " + order);
        List<Object[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < columns.size(); i++) {
                    String type = rs.getString(3 * i + 1);
                    row[i] = type.equals("real") ? (Object) rs.getDouble(3 * i + 3) : type + ":" + rs.getString(3 * i + 2);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static String sqlString(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
