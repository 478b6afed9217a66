package dev.grove.patina.backup;

import dev.grove.patina.catalog.RestoreProofs.CheckRun;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks a test restore runs on the restored scratch copy of a database: {@code PRAGMA integrity_check},
 * {@code PRAGMA foreign_key_check}, the integrity of every FTS3/4/5 index, and the operator's own checks — the
 * latter on a read-only connection, so that a check can only read (SQLite refuses any write). Each check is run
 * even when an earlier one failed: the proof lists them all.
 */
final class RestoreChecks {
    private static final Pattern FTS = Pattern.compile("(?is)^\\s*CREATE\\s+VIRTUAL\\s+TABLE.*?\\bUSING\\s+(fts[345])\\b");
    /** Foreign-key violations named in a failed check; the rest are counted. */
    private static final int SHOWN = 3;

    private RestoreChecks() {
    }

    /** Runs every check on {@code restored}; {@code operatorChecks} are the database's {@code checks}. */
    static List<CheckRun> run(Path restored, List<String> operatorChecks) throws SQLException {
        List<CheckRun> runs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored.toAbsolutePath())) {
            runs.add(integrity(c));
            runs.add(foreignKeys(c));
            runs.addAll(fts(c));
        }
        org.sqlite.SQLiteConfig readOnly = new org.sqlite.SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored.toAbsolutePath(),
                readOnly.toProperties())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
            for (int i = 0; i < operatorChecks.size(); i++) {
                runs.add(operator(c, i, operatorChecks.get(i)));
            }
        }
        return runs;
    }

    private static CheckRun integrity(Connection c) {
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return new CheckRun("integrity_check", false, "failed: " + e.getMessage());
        }
        boolean ok = problems.equals(List.of("ok"));
        return new CheckRun("integrity_check", ok, ok ? "ok" : String.join("; ", problems));
    }

    private static CheckRun foreignKeys(Connection c) {
        List<String> shown = new ArrayList<>();
        long count = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next()) {
                count++;
                if (shown.size() < SHOWN) {
                    shown.add(rs.getString(1) + " rowid " + rs.getString(2) + " → " + rs.getString(3));
                }
            }
        } catch (SQLException e) {
            return new CheckRun("foreign_key_check", false, "failed: " + e.getMessage());
        }
        if (count == 0) {
            return new CheckRun("foreign_key_check", true, "no violation");
        }
        return new CheckRun("foreign_key_check", false, count + " row(s) violate a foreign key: "
                + String.join(", ", shown) + (count > shown.size() ? ", …" : ""));
    }

    private static List<CheckRun> fts(Connection c) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")) {
            while (rs.next()) {
                Matcher m = FTS.matcher(rs.getString(2));
                if (m.find()) {
                    tables.add(new String[] {rs.getString(1), m.group(1).toLowerCase(Locale.ROOT)});
                }
            }
        }
        List<CheckRun> runs = new ArrayList<>();
        for (String[] t : tables) {
            String name = "FTS integrity of " + t[0] + " (" + t[1] + ")";
            String quoted = "\"" + t[0].replace("\"", "\"\"") + "\"";
            try (Statement s = c.createStatement()) {
                // fts5 with rank 1 also compares an external-content index with its content table
                s.execute("fts5".equals(t[1])
                        ? "INSERT INTO " + quoted + "(" + quoted + ", rank) VALUES ('integrity-check', 1)"
                        : "INSERT INTO " + quoted + "(" + quoted + ") VALUES ('integrity-check')");
                runs.add(new CheckRun(name, true, "ok"));
            } catch (SQLException e) {
                runs.add(new CheckRun(name, false, "the index does not match its content: " + e.getMessage()));
            }
        }
        return runs;
    }

    private static CheckRun operator(Connection c, int index, String sql) {
        String name = "check " + index + ": " + sql;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return new CheckRun(name, false, "returned no row (a check must return a true value)");
            }
            Object v = rs.getObject(1);
            boolean ok = truthy(v);
            return new CheckRun(name, ok, "returned " + (v == null ? "NULL" : String.valueOf(v)));
        } catch (SQLException e) {
            return new CheckRun(name, false, "failed: " + e.getMessage());
        }
    }

    /** SQLite's truth: a non-zero number (a text that reads as one), or the word true. */
    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(v).strip();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        try {
            return Double.parseDouble(text) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
