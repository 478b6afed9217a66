package dev.grove.patina.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grove.patina.app.Services;
import dev.grove.patina.dump.DumpInspector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", description = {
        "Reads a dump without restoring it: header, tables, row counts, and whether its SHA-256 matches.",
        "Exits 1 when the checksum does not match, the footer is missing, a transaction is never committed, the "
                + "row counts disagree with the footer, or restore would refuse a statement.",
        "Warns (exit 0) when the dump holds a raw CR before a line break, which the sqlite3 shell drops: restore "
                + "such a dump with Patina, not the shell.",
        "Example: patina inspect app.sql.gz"}, mixinStandardHelpOptions = true)
final class InspectCommand extends PatinaCommand {
    @Parameters(index = "0", paramLabel = "DUMP", description = "The dump file (plain, .gz or .zst; an age-encrypted"
            + " file is decrypted with [encryption] identity or passphrase of the config).")
    Path dump;

    @Option(names = "--config", paramLabel = "FILE", description = "The patina.toml whose [encryption] opens an"
            + " age-encrypted DUMP (default: the per-user config).")
    Path config;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--max-statement-mib", paramLabel = "MIB", defaultValue = "64",
            description = "The longest single statement read, in MiB (default 64).")
    int maxStatementMib;

    InspectCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        DumpInspector.Report r;
        try (LocalAgeFile file = LocalAgeFile.open(dump, services, config, services.dirs().dataDir().resolve("tmp"))) {
            r = services.inspector().inspect(file.plain(), (long) StatementLimit.check(spec, maxStatementMib) << 20);
        }
        PrintWriter out = out();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                    Map.of("file", r.file().toString(), "header", r.header() == null ? Map.of() : r.header(),
                            "footer", r.footer() == null ? Map.of() : r.footer(), "actualSha256", r.actualSha256(),
                            "checksumOk", r.checksumOk(), "statements", r.statements(), "tables", r.tables(),
                            "problem", r.problem() == null ? "" : r.problem(),
                            "shellWarning", r.shellWarning() == null ? "" : r.shellWarning(), "ok", r.ok())));
        } else {
            out.println("file:        " + r.file());
            if (r.header() != null) {
                out.println("format:      " + r.header().format() + " v" + r.header().formatVersion()
                        + ", dialect " + r.header().dialect());
                out.println("source:      " + r.header().source() + " (SQLite " + r.header().sqliteVersion() + ")");
                out.println("created:     " + r.header().createdAt() + " by Patina " + r.header().patinaVersion());
                out.println("user_version " + r.header().userVersion() + ", application_id "
                        + r.header().applicationId());
            } else {
                out.println("format:      not a Patina dump (no header)");
            }
            out.println("statements:  " + r.statements());
            out.println("tables:");
            for (String t : r.tables()) {
                Long rows = r.footer() == null ? null : r.footer().tables().get(t);
                out.printf("  %-40s %s%n", t, rows == null ? "" : String.format("%,d rows", rows));
            }
            if (r.footer() == null) {
                out.println("checksum:    none (" + (r.header() != null ? "footer missing: the file is truncated"
                        : "not a Patina dump") + ")");
            } else {
                out.println("checksum:    " + (r.checksumOk() ? "ok" : "MISMATCH") + " (sha256 " + r.actualSha256()
                        + (r.checksumOk() ? "" : ", footer says " + r.footer().sha256()) + ")");
            }
            if (r.problem() != null) {
                out.println("refused:     " + r.problem());
            }
            if (r.shellWarning() != null) {
                out.println("warning:     " + r.shellWarning());
            }
        }
        out.flush();
        return r.ok() ? 0 : 1;
    }
}
