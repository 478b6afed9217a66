package dev.grove.patina.dump;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Checks the loaded temporary database before it takes the target's place: every table's row count against the
 * dump's footer; records the restored tables' counts. ({@code foreign_key_check}, which only warns, runs on the
 * target beside its {@code integrity_check}: {@link TargetRules#checkAsOpened}.)
 */
final class LoadVerifier {
    private LoadVerifier() {
    }

    static void check(Connection c, Statement s, Path dump, TableSelection tables, DumpFooter footer, LoadedDump out)
            throws SQLException {
        boolean selective = tables.selective();
        Map<String, Long> expected = footer == null ? Map.of() : footer.tables();
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            String table = e.getKey();
            boolean sequence = "sqlite_sequence".equals(table);
            // A selective restore keeps only the sequences of the tables it restored: nothing to compare.
            boolean restored = sequence ? !selective : tables.wasCreated(table);
            if (!restored) {
                if (!selective && !sequence) {
                    throw new DumpException("table " + table + ": the dump's footer says " + e.getValue() + " rows "
                            + "but the dump never creates it — " + dump + " is incomplete, restore refused");
                }
                continue;
            }
            long actual = count(s, table);
            if (actual != e.getValue()) {
                throw new DumpException("table " + table + ": the dump's footer says " + e.getValue()
                        + " rows but " + actual + " were restored from " + dump + " — restore refused");
            }
        }
        recordCounts(c, s, tables, out);
        out.countsVerified = footer != null;
    }

    /** Records the restored tables' row counts in {@code out}. */
    static void recordCounts(Connection c, Statement s, TableSelection tables, LoadedDump out) throws SQLException {
        for (String table : tables.created) {
            String name = originalName(c, table);
            out.counts.put(name, count(s, name));
        }
    }

    /** The rows of {@code table}. */
    static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SqlLiteral.quoteIdentifier(table))) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String originalName(Connection c, String lowerName) throws SQLException {
        try (var ps = c.prepareStatement(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND lower(name) = ?")) {
            ps.setString(1, lowerName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : lowerName;
            }
        }
    }
}
