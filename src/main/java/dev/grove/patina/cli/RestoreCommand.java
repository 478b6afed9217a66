package dev.grove.patina.cli;

import dev.grove.patina.app.Services;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreReport;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = {
        "Restores a dump (Patina's, sqlite3 .dump or wrangler d1 export; plain, .gz or .zst) into a SQLite file.",
        "Loads it into a temp file in one transaction, checks foreign keys, checksum and row counts, renames it "
                + "onto TARGET-DB and checks integrity and row counts again as SQLite opens it. A failed restore "
                + "leaves nothing behind; an incomplete dump (BEGIN without COMMIT, no footer, row counts off) is a "
                + "failed restore.",
        "Leftover TARGET-DB-wal/-journal/-shm files beside a missing or empty TARGET-DB are refused unless --force "
                + "(then kept as <name>.stray-<time>, never deleted): SQLite would replay them over the restore.",
        "Example: patina restore app.sql.gz restored.sqlite"}, mixinStandardHelpOptions = true)
final class RestoreCommand extends PatinaCommand {
    @Parameters(index = "0", paramLabel = "DUMP", description = "The dump file (plain, .gz or .zst; an age-encrypted"
            + " file is decrypted with [encryption] identity or passphrase of the config).")
    Path dump;

    @Option(names = "--config", paramLabel = "FILE", description = "The patina.toml whose [encryption] opens an"
            + " age-encrypted DUMP (default: the per-user config).")
    Path config;

    @Parameters(index = "1", paramLabel = "TARGET-DB", description = "The SQLite file to create.")
    Path target;

    @Option(names = "--tables", split = ",", paramLabel = "T1,T2",
            description = "Restore only these tables (with their indexes and triggers).")
    List<String> tables = List.of();

    @Option(names = "--exclude-tables", split = ",", paramLabel = "T1,T2",
            description = "Never restore these tables (e.g. d1_migrations).")
    List<String> exclude = List.of();

    @Option(names = "--force", description = "Replace a non-empty TARGET-DB, kept with its -wal/-journal/-shm as "
            + "TARGET-DB.bak (or .bak.1, .bak.2, … — a kept copy is never overwritten); set leftover sidecar files "
            + "of a missing or empty TARGET-DB aside.")
    boolean force;

    @Option(names = "--max-statement-mib", paramLabel = "MIB", defaultValue = "64",
            description = "The longest single statement read, in MiB (default 64; a longer one fails by number and "
                    + "line). Raising it needs about four times as much Java heap.")
    int maxStatementMib;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    RestoreCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws java.io.IOException {
        try (LocalAgeFile file = LocalAgeFile.open(dump, services, config, services.dirs().dataDir().resolve("tmp"))) {
            return restore(file.plain());
        }
    }

    private Integer restore(Path plain) {
        ProgressLine line = new ProgressLine(err(), !quiet);
        RestoreOptions options = new RestoreOptions(new LinkedHashSet<>(tables), new LinkedHashSet<>(exclude), force)
                .withMaxStatementMib(StatementLimit.check(spec, maxStatementMib));
        RestoreReport r = services.restorer().restore(plain, target, options, (phase, statements, read, total) ->
                line.maybePrint("restore: " + phase + " — " + statements + " statements, " + Bytes.formatBytes(read)
                        + " of " + Bytes.formatBytes(total)
                        + (total > 0 ? String.format(" (%d%%)", read * 100 / total) : "")));
        PrintWriter out = out();
        out.printf("restored %s into %s in %.1f s%n", dump, target, r.elapsed().toMillis() / 1000.0);
        for (Map.Entry<String, Long> e : r.rowCounts().entrySet()) {
            out.printf("  %-40s %,d rows%n", e.getKey(), e.getValue());
        }
        out.println("  integrity_check: ok");
        out.println("  checksum: " + (r.checksumVerified() ? "verified (SHA-256 matches the footer)" : "not available"));
        out.println("  row counts: " + (r.countsVerified() ? "match the footer" : "not available"));
        if (r.previousFile() != null) {
            out.println("  previous database kept as " + r.previousFile());
        }
        for (String w : r.warnings()) {
            out.println("  warning: " + w);
        }
        out.flush();
        return 0;
    }
}
