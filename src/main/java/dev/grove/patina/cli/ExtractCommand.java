package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.weekly.ExtractedMember;
import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.backup.weekly.WeeklyArchiver;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "extract", mixinStandardHelpOptions = true, description = {
        "Writes one database's dump of one day out of a weekly archive, ready for restore or import-d1.",
        "WEEK is a week in the store (2026-W48: weekly/2026-W48.tar.gz, checked against the catalog's SHA-256) or a "
                + "local .tar.gz. Every member is checked (no ../, absolute paths or links: such an archive is refused "
                + "whole); the member is checked against the archive's manifest and written as temp file, fsync, "
                + "rename.",
        "DATE may be left out only when the archive holds DB for one day.",
        "A day stored as a differential (strategy = \"differential\") is written combined with the week's full from "
                + "the same archive: one dump that loads with sqlite3 alone (a week in the store only).",
        "An existing FILE that is not empty is refused unless --force (then kept as FILE.bak, .bak.1, …); never the "
                + "archive being read, the catalog, the config or a configured database.",
        "--from NAME reads a week in a replica ([[replicas]] name) instead of the [store] (primary).",
        "Example: patina extract 2026-W48 shop 2026-11-28 -o shop.sql"})
final class ExtractCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Parameters(index = "0", paramLabel = "WEEK", description = "A week in the store (YYYY-Www) or a local .tar.gz.")
    String week;

    @Parameters(index = "1", paramLabel = "DB", description = "The database name.")
    String database;

    @Parameters(index = "2", arity = "0..1", paramLabel = "DATE", description = "The day (YYYY-MM-DD).")
    LocalDate date;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write the dump.")
    Path output;

    @Option(names = "--force", description = "Replace a non-empty FILE; the old one is kept as FILE.bak "
            + "(or .bak.1, .bak.2, … — a kept copy is never overwritten).")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--from", paramLabel = "NAME", description = "The store to read a week from: primary (the "
            + "[store], the default) or a replica's name.")
    String from;

    ExtractCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        if (!ObjectKeys.isValidDatabaseName(database)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "DB '" + database
                    + "' is not a database name");
        }
        ProgressLine line = new ProgressLine(err(), !quiet);
        ExtractedMember m;
        if (week.matches("\\d{4}-W\\d{2}")) {
            IsoWeek w;
            try {
                w = IsoWeek.parse(week);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "WEEK: " + e.getMessage());
            }
            try (PatinaRuntime rt = runtime.open(services, err())) {
                long size = rt.catalog().object(rt.keys().weekly(w.monday())).map(o -> o.size()).orElse(-1L);
                // never onto the stored archive, the catalog, the config or a configured database, --force or not
                m = rt.weeklyArchiverFrom(from).extractMember(w, database, date, output, force, rt.configuredFiles(),
                        progress(line, size));
            }
        } else {
            Path archive = Path.of(week);
            if (!Files.isRegularFile(archive)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "WEEK '" + week + "' is neither a week "
                        + "in the store (YYYY-Www, e.g. 2026-W48) nor a weekly archive file (.tar.gz)");
            }
            m = WeeklyArchiver.extractMember(archive, database, date, output, force,
                    progress(line, Files.size(archive)));
        }
        PrintWriter out = out();
        out.printf("extracted %s from %s to %s: %s of SQL, sha256 %s verified against the manifest%n",
                m.memberPath(), m.archive(), m.file(), Bytes.formatBytes(m.size()), m.sha256());
        if (m.previousFile() != null) {
            out.println("the previous " + m.file() + " is kept as " + m.previousFile());
        }
        out.flush();
        return 0;
    }

    private static LongConsumer progress(ProgressLine line, long total) {
        return n -> line.maybePrint("extract: " + Bytes.formatBytes(n) + (total > 0 ? " of "
                + Bytes.formatBytes(total) : "") + " of the archive read"
                + (total > 0 ? String.format(" (%d%%)", n * 100 / total) : ""));
    }
}
