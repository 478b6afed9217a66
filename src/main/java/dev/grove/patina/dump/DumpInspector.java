package dev.grove.patina.dump;

import dev.grove.patina.compress.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        if (!Files.isRegularFile(file)) {
            throw new DumpException("dump file " + file + " does not exist or is not a file");
        }
        List<String> tables = new ArrayList<>();
        String problem = null;
        String shellWarning = null;
        long statements = 0;
        try (InputStream in = Compression.decompressing(Files.newInputStream(file));
             SqlStatementReader reader = new SqlStatementReader(in)) {
            SqlStatement st;
            while ((st = reader.next()) != null) {
                statements++;
                if (shellWarning == null && SqlDumpWriter.holdsCrLf(st.sql())) {
                    shellWarning = "statement " + st.number() + " (line " + st.line() + ") holds a raw CR before a "
                            + "line break, which the sqlite3 shell drops (older Patina dumps wrote text that way): "
                            + "restore it with Patina, not the shell";
                }
                if (problem != null) {
                    continue;
                }
                try {
                    StatementInfo info = guard.check(st);
                    if (info.kind() == StatementKind.CREATE_TABLE || info.kind() == StatementKind.CREATE_VIRTUAL_TABLE) {
                        tables.add(info.table());
                    }
                } catch (HostileStatementException e) {
                    problem = e.getMessage();
                }
            }
            DumpHeader header = reader.headerJson() == null ? null : DumpHeader.parse(reader.headerJson());
            DumpFooter footer = reader.footerJson() == null ? null : DumpFooter.parse(reader.footerJson());
            String actual = HexFormat.of().formatHex(reader.sha256BeforeFooter());
            boolean ok = footer != null && footer.sha256().equals(actual);
            return new Report(file, header, footer, actual, ok, statements, List.copyOf(tables), problem,
                    shellWarning);
        } catch (IOException e) {
            throw new DumpException("cannot read dump " + file + ": " + e.getMessage(), e);
        }
    }
}
