package dev.grove.patina.testing;

import dev.grove.patina.testing.SqliteReader.Ordinal;
import dev.grove.patina.testing.SqliteReader.Row;
import dev.grove.patina.testing.SqliteReader.RowCursor;
import dev.grove.patina.testing.SqliteReader.RowidKey;
import dev.grove.patina.testing.SqliteReader.SchemaEntry;
import dev.grove.patina.testing.SqliteReader.TableInfo;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Proves that two SQLite files hold the same database: same schema text, same header pragmas, same
 * sqlite_sequence, same rows (rowids included) with the same storage class and the same bytes in every
 * column, and FTS5 tables with the same content, the same index and the same MATCH results.
 *
 * <p>Both files are opened read-only; file layout (page order, freelist, page size) does not matter.
 */
public final class DatabaseComparator {

    /** Header values that are part of the database, as opposed to its file layout. */
    private static final List<String> PRAGMAS = List.of("user_version", "application_id", "encoding");
    private static final int MAX_LISTED = 20;
    private static final int MATCH_TERMS = 6;

    private DatabaseComparator() {
    }

    /**
     * Throws {@link AssertionError} unless both files hold the same database. The message starts with the
     * first difference (which table, which rowid or key, which column, expected vs actual type and bytes).
     */
    public static void assertSameDatabase(Path expected, Path actual) {
        List<String> differences = differences(expected, actual);
        if (differences.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(differences.get(0));
        if (differences.size() > 1) {
            message.append("\n(").append(differences.size() - 1).append(" more difference(s)");
            message.append("; expected ").append(expected).append(", actual ").append(actual).append(")");
            differences.stream().skip(1).limit(MAX_LISTED).forEach(d -> message.append("\n  - ").append(d));
        } else {
            message.append("\n(expected ").append(expected).append(", actual ").append(actual).append(")");
        }
        throw new AssertionError(message.toString());
    }

    /**
     * Every difference found, in a stable order: header pragmas, schema, sqlite_sequence, then per table
     * (by name) the first differing row, then FTS5 index / MATCH / config differences, then integrity_check.
     * At most one row difference is reported per table. Empty if the databases are the same.
     */
    public static List<String> differences(Path expected, Path actual) {
        return differences(expected, actual, Set.of());
    }

    /**
     * Like {@link #differences(Path, Path)}, without comparing the named header pragmas ({@code user_version},
     * {@code application_id}): for readers that cannot set them (D1, the sqlite3 shell loading a d1-dialect dump).
     */
    public static List<String> differences(Path expected, Path actual, Set<String> ignoredPragmas) {
        return differences(expected, actual, ignoredPragmas, false);
    }

    /**
     * Like {@link #differences(Path, Path, Set)}; with {@code realsWithinOneUlp}, a REAL in a table's rows that is
     * one unit in the last place away from the expected one (same sign) counts as equal — for the sqlite3 shells
     * whose text-to-double conversion is not correctly rounded. Every other value is still compared exactly.
     */
    public static List<String> differences(Path expected, Path actual, Set<String> ignoredPragmas,
                                           boolean realsWithinOneUlp) {
        try (SqliteReader e = SqliteReader.open(expected); SqliteReader a = SqliteReader.open(actual)) {
            List<String> out = new ArrayList<>();
            comparePragmas(e, a, ignoredPragmas, out);
            compareSchema(e, a, out);
            compareRows("sqlite_sequence", e.sequences().iterator(), a.sequences().iterator(), List.of("name", "seq"), out);
            compareTables(e, a, realsWithinOneUlp, out);
            List<String> expectedCheck = e.integrityCheck();
            List<String> actualCheck = a.integrityCheck();
            if (!expectedCheck.equals(actualCheck)) {
                out.add("PRAGMA integrity_check: expected " + expectedCheck + ", actual " + actualCheck);
            }
            return out;
        }
    }

    /**
     * SHA-256 (hex) over the contents only: every ordinary table's rows (rowids included) and column names,
     * sqlite_sequence, and for FTS5 tables their rows and their full index. The schema SQL and header pragmas
     * are not included; equal fingerprints mean equal data.
     */
    public static String valueFingerprint(Path db) {
        return Fingerprint.of(db, false);
    }

    /** SHA-256 (hex) over everything {@link #assertSameDatabase} compares (except integrity_check). */
    public static String fingerprint(Path db) {
        return Fingerprint.of(db, true);
    }

    private static void comparePragmas(SqliteReader e, SqliteReader a, Set<String> ignored, List<String> out) {
        for (String pragma : PRAGMAS) {
            if (ignored.contains(pragma)) {
                continue;
            }
            String ev = e.pragmaText(pragma);
            String av = a.pragmaText(pragma);
            if (!Objects.equals(ev, av)) {
                out.add("PRAGMA " + pragma + ": expected " + ev + ", actual " + av);
            }
        }
    }

    private static void compareSchema(SqliteReader e, SqliteReader a, List<String> out) {
        Map<String, SchemaEntry> expected = bySchemaKey(e.schema());
        Map<String, SchemaEntry> actual = bySchemaKey(a.schema());
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            SchemaEntry ee = expected.get(key);
            SchemaEntry ae = actual.get(key);
            if (ae == null) {
                out.add("schema: " + ee.type() + " " + Sql.display(ee.name()) + " missing in actual");
            } else if (ee == null) {
                out.add("schema: unexpected " + ae.type() + " " + Sql.display(ae.name()) + " in actual");
            } else if (!ee.tblName().equals(ae.tblName())) {
                out.add("schema: " + ee.type() + " " + Sql.display(ee.name()) + ": tbl_name expected "
                        + Sql.display(ee.tblName()) + ", actual " + Sql.display(ae.tblName()));
            } else if (!ee.sql().equals(ae.sql())) {
                out.add("schema: " + ee.type() + " " + Sql.display(ee.name()) + ": sql differs: "
                        + Cell.explain(ee.sql(), ae.sql()));
            }
        }
    }

    private static Map<String, SchemaEntry> bySchemaKey(List<SchemaEntry> entries) {
        Map<String, SchemaEntry> map = new LinkedHashMap<>();
        entries.forEach(s -> map.put(s.type() + '\u0000' + s.name(), s));
        return map;
    }

    private static void compareTables(SqliteReader e, SqliteReader a, boolean realsWithinOneUlp, List<String> out) {
        Map<String, TableInfo> expected = new LinkedHashMap<>();
        e.tables().forEach(t -> expected.put(t.name(), t));
        Map<String, TableInfo> actual = new LinkedHashMap<>();
        a.tables().forEach(t -> actual.put(t.name(), t));
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        for (String name : names) {
            TableInfo et = expected.get(name);
            TableInfo at = actual.get(name);
            String label = (et != null && et.fts5() ? "fts5 table " : "table ") + Sql.display(name);
            if (at == null) {
                out.add(label + ": missing in actual");
                continue;
            }
            if (et == null) {
                out.add("table " + Sql.display(name) + ": unexpected in actual");
                continue;
            }
            if (!et.columns().equals(at.columns()) || et.kind() != at.kind() || et.withoutRowid() != at.withoutRowid()
                    || !Objects.equals(et.rowidName(), at.rowidName())) {
                out.add(label + ": shape differs: expected " + et + ", actual " + at);
                continue;
            }
            long ec = e.rowCount(et);
            long ac = a.rowCount(at);
            String counts = ec == ac ? "" : " (expected " + ec + " rows, actual " + ac + ")";
            try (RowCursor er = e.rows(et); RowCursor ar = a.rows(at)) {
                Optional<String> d = firstRowDifference(iterate(er), iterate(ar), et.columnNames(), realsWithinOneUlp);
                if (d.isPresent()) {
                    out.add(label + ": " + d.get() + counts);
                } else if (!counts.isEmpty()) {
                    out.add(label + ": row count differs" + counts);
                }
            }
            if (et.fts5()) {
                compareFts(e, a, et, at, out);
            }
        }
    }

    private static void compareFts(SqliteReader e, SqliteReader a, TableInfo et, TableInfo at, List<String> out) {
        String label = "fts5 table " + Sql.display(et.name());
        try (RowCursor ei = e.ftsInstances(et); RowCursor ai = a.ftsInstances(at)) {
            firstRowDifference(ei, ai, List.of("term", "doc", "col", "offset"))
                    .ifPresent(d -> out.add(label + ": index (fts5vocab instance) differs: " + d));
        }
        List<String> matchDifferences = new ArrayList<>();
        for (String query : matchQueries(e.topTerms(et, MATCH_TERMS))) {
            List<Row> expectedHits;
            try {
                expectedHits = e.match(et, query);
            } catch (SQLException ex) {
                continue; // not a usable query for this table
            }
            List<Row> actualHits;
            try {
                actualHits = a.match(at, query);
            } catch (SQLException ex) {
                matchDifferences.add("MATCH " + Sql.literal(query) + " fails in actual: " + ex.getMessage());
                continue;
            }
            String hits = " (expected " + expectedHits.size() + " hits, actual " + actualHits.size() + ")";
            firstRowDifference(expectedHits.iterator(), actualHits.iterator(), List.of("rowid", "rank"))
                    .ifPresent(d -> matchDifferences.add("MATCH " + Sql.literal(query) + " ORDER BY rank: " + d + hits));
        }
        if (!matchDifferences.isEmpty()) {
            out.add(label + ": " + matchDifferences.get(0) + (matchDifferences.size() == 1 ? ""
                    : " (and " + (matchDifferences.size() - 1) + " more MATCH queries differ)"));
        }
        String config = et.name() + "_config";
        Set<String> eShadow = e.shadowTables();
        Set<String> aShadow = a.shadowTables();
        if (eShadow.contains(config) != aShadow.contains(config)) {
            out.add(label + ": shadow table " + Sql.display(config) + (eShadow.contains(config) ? " missing in actual" : " unexpected in actual"));
        } else if (eShadow.contains(config)) {
            TableInfo ec = e.table(config).orElseThrow();
            TableInfo ac = a.table(config).orElseThrow();
            try (RowCursor er = e.rows(ec); RowCursor ar = a.rows(ac)) {
                firstRowDifference(er, ar, ec.columnNames())
                        .ifPresent(d -> out.add(label + ": config (" + Sql.display(config) + ") differs: " + d));
            }
        }
    }

    /** Single terms, a conjunction, a disjunction, a NEAR group, a negation and a prefix query. */
    static List<String> matchQueries(List<String> terms) {
        List<String> quoted = terms.stream().map(t -> '"' + t.replace("\"", "\"\"") + '"').toList();
        List<String> queries = new ArrayList<>(quoted);
        if (quoted.size() >= 2) {
            queries.add(quoted.get(0) + " AND " + quoted.get(1));
            queries.add(quoted.get(0) + " OR " + quoted.get(quoted.size() - 1));
            queries.add("NEAR(" + quoted.get(0) + " " + quoted.get(1) + ", 5)");
            queries.add(quoted.get(1) + " NOT " + quoted.get(0));
        }
        for (String term : terms) {
            if (term.codePointCount(0, term.length()) >= 3) {
                String prefix = term.substring(0, term.offsetByCodePoints(0, 2));
                queries.add('"' + prefix.replace("\"", "\"\"") + "\" *");
                break;
            }
        }
        return queries;
    }

    private static Optional<String> firstRowDifference(RowCursor expected, RowCursor actual, List<String> columns) {
        return firstRowDifference(iterate(expected), iterate(actual), columns);
    }

    private static void compareRows(String label, Iterator<Row> expected, Iterator<Row> actual, List<String> columns,
                                    List<String> out) {
        firstRowDifference(expected, actual, columns).ifPresent(d -> out.add(label + ": " + d));
    }

    /**
     * Walks both ordered row streams together. Rowid-keyed streams are merged by rowid so that a missing or
     * extra row is named as such; other streams are compared position by position.
     */
    static Optional<String> firstRowDifference(Iterator<Row> expected, Iterator<Row> actual, List<String> columns) {
        return firstRowDifference(expected, actual, columns, false);
    }

    private static Optional<String> firstRowDifference(Iterator<Row> expected, Iterator<Row> actual,
                                                       List<String> columns, boolean realsWithinOneUlp) {
        while (expected.hasNext() || actual.hasNext()) {
            Row er = expected.hasNext() ? expected.next() : null;
            Row ar = actual.hasNext() ? actual.next() : null;
            if (ar == null) {
                return Optional.of(er.key().describe() + " missing in actual (expected " + describeRow(er, columns) + ")");
            }
            if (er == null) {
                return Optional.of("unexpected " + ar.key().describe() + " in actual (" + describeRow(ar, columns) + ")");
            }
            if (er.key() instanceof RowidKey ek && ar.key() instanceof RowidKey ak && ek.rowid() != ak.rowid()) {
                return Optional.of(ek.rowid() < ak.rowid()
                        ? er.key().describe() + " missing in actual (expected " + describeRow(er, columns)
                                + "; next actual row is " + ar.key().describe() + ")"
                        : "unexpected " + ar.key().describe() + " in actual (" + describeRow(ar, columns)
                                + "; next expected row is " + er.key().describe() + ")");
            }
            if (!(er.key() instanceof Ordinal) && !er.key().equals(ar.key())) {
                return Optional.of("expected " + er.key().describe() + ", actual " + ar.key().describe()
                        + " at the same position (missing, extra or re-keyed row)");
            }
            for (int i = 0; i < er.cells().size(); i++) {
                Cell ec = er.cells().get(i);
                Cell ac = i < ar.cells().size() ? ar.cells().get(i) : null;
                if (!ec.equals(ac) && !(realsWithinOneUlp && oneUlpApart(ec, ac))) {
                    String where = er.key() instanceof Ordinal
                            ? er.key().describe() + " (expected " + describeRow(er, columns) + ")"
                            : er.key().describe();
                    return Optional.of(where + ", column " + Sql.display(columns.get(i)) + ": "
                            + (ac == null ? "missing in actual" : Cell.explain(ec, ac)));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean oneUlpApart(Cell expected, Cell actual) {
        if (actual == null || expected.type() != Cell.StorageClass.REAL || actual.type() != Cell.StorageClass.REAL
                || expected.bytes().length != 8 || actual.bytes().length != 8) {
            return false;
        }
        long e = java.nio.ByteBuffer.wrap(expected.bytes()).getLong();
        long a = java.nio.ByteBuffer.wrap(actual.bytes()).getLong();
        return (e < 0) == (a < 0) && Math.abs(e - a) == 1;
    }

    private static String describeRow(Row row, List<String> columns) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.cells().size() && i < 6; i++) {
            b.append(i == 0 ? "" : ", ").append(Sql.display(columns.get(i))).append(" = ").append(row.cells().get(i).describe());
        }
        if (row.cells().size() > 6) {
            b.append(", …");
        }
        return b.toString();
    }

    private static Iterator<Row> iterate(RowCursor cursor) {
        return new Iterator<>() {
            private Row next = cursor.next();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                Row r = next;
                next = cursor.next();
                return r;
            }
        };
    }
}
