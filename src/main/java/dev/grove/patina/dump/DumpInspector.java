package dev.grove.patina.dump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HexFormat;
import java.util.List;

/** Reads a dump end to end without loading it: header, tables, statements, and whether its checksum holds. */
public final class DumpInspector {
    private final RestoreGuard guard = new RestoreGuard();

    /**
     * What {@code inspect} found.
     *
     * @param header          null when the file is not a Patina dump
     * @param footer          null when the file has no footer (foreign or truncated)
     * @param actualSha256    SHA-256 of the bytes above the footer (of the whole file without one)
     * @param checksumOk      the footer's SHA-256 equals {@code actualSha256}
     * @param tables          tables the dump creates, in order
     * @param problem         the first statement restore would refuse, or null
     * @param shellWarning    the first statement holding a raw CR before a line break (which the {@code sqlite3}
     *                        shell drops: the dump restores identically only with Patina or D1), or null
     */
    public record Report(Path file, DumpHeader header, DumpFooter footer, String actualSha256, boolean checksumOk,
                         long statements, List<String> tables, String problem, String shellWarning) {
        /** True when restore would accept the file and every check that applies holds. */
        public boolean ok() {
            return problem == null && (footer == null ? header == null : checksumOk);
        }
    }

    public Report inspect(Path file) {
        return inspect(file, SqlStatementReader.DEFAULT_MAX_STATEMENT_BYTES);
    }

    /**
     * Reads {@code file} through; the report's {@code problem} is the first thing restore would refuse: a hostile
     * statement, a transaction never committed or rolled back, a row count or table the footer disagrees with.
     *
     * @param maxStatementBytes the longest statement read (a longer one fails by number and line)
     * @throws DumpException when the file cannot be read as a dump at all (truncated inside a statement, a weekly
     *                       archive, a statement over the limit)
     */
    public Report inspect(Path file, long maxStatementBytes) {
        if (!Files.isRegularFile(file)) {
            throw new DumpException("dump file " + file + " does not exist or is not a file");
        }
        List<String> tables = new ArrayList<>();
        Set<String> plainTables = new HashSet<>();
        Set<String> created = new HashSet<>();
        Map<String, Long> inserted = new HashMap<>();
        TransactionCheck transactions = new TransactionCheck();
        String problem = null;
        String shellWarning = null;
        long statements = 0;
        try (InputStream in = DumpInput.open(file, Files.newInputStream(file));
             SqlStatementReader reader = new SqlStatementReader(in, maxStatementBytes)) {
            SqlStatement st;
            while ((st = reader.next()) != null) {
                statements++;
                if (shellWarning == null && DumpPlan.holdsCrLf(st.sql())) {
                    shellWarning = "statement " + st.number() + " (line " + st.line() + ") holds a raw CR before a "
                            + "line break, which the sqlite3 shell drops (older Patina dumps wrote text that way): "
                            + "restore it with Patina, not the shell";
                }
                if (problem != null) {
                    continue;
                }
                try {
                    StatementInfo info = guard.check(st);
                    transactions.accept(st, info);
                    String table = info.table() == null ? null : info.table().toLowerCase(Locale.ROOT);
                    if (info.kind() == StatementKind.CREATE_TABLE || info.kind() == StatementKind.CREATE_VIRTUAL_TABLE) {
                        tables.add(info.table());
                        created.add(table);
                        if (info.kind() == StatementKind.CREATE_TABLE) {
                            plainTables.add(table);
                        }
                    } else if (info.kind() == StatementKind.INSERT) {
                        inserted.merge(table, info.rows(), Long::sum);
                    }
                } catch (HostileStatementException | DumpException e) {
                    problem = e.getMessage();
                }
            }
            if (problem == null) {
                problem = transactions.unterminated();
            }
            DumpHeader header = reader.headerJson() == null ? null : DumpHeader.parse(reader.headerJson());
            DumpFooter footer = reader.footerJson() == null ? null : DumpFooter.parse(reader.footerJson());
            String actual = HexFormat.of().formatHex(reader.sha256BeforeFooter());
            boolean ok = footer != null && footer.sha256().equals(actual);
            if (problem == null && footer != null) {
                problem = footerProblem(footer, created, plainTables, inserted);
            }
            return new Report(file, header, footer, actual, ok, statements, List.copyOf(tables), problem,
                    shellWarning);
        } catch (IOException e) {
            throw new DumpException("cannot read dump " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What restore's row-count check would find: a table the footer lists but the dump never creates, or a plain
     * table (virtual tables count their own way) whose INSERTed rows differ from the footer's count.
     */
    private static String footerProblem(DumpFooter footer, Set<String> created, Set<String> plainTables,
                                        Map<String, Long> inserted) {
        for (Map.Entry<String, Long> e : footer.tables().entrySet()) {
            String table = e.getKey().toLowerCase(Locale.ROOT);
            boolean sequence = "sqlite_sequence".equals(table);
            if (!sequence && !created.contains(table)) {
                return "table " + e.getKey() + ": the footer says " + e.getValue() + " rows but the dump never "
                        + "creates it — the dump is incomplete";
            }
            if (sequence || plainTables.contains(table)) {
                long rows = inserted.getOrDefault(table, 0L);
                if (rows != e.getValue()) {
                    return "table " + e.getKey() + ": the footer says " + e.getValue() + " rows but the dump inserts "
                            + rows + " — restore would refuse it";
                }
            }
        }
        return null;
    }
}
