package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.source.d1.D1Client;
import dev.grove.patina.source.d1.D1Importer;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.util.Bytes;
import dev.grove.patina.util.JobIds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import-d1", mixinStandardHelpOptions = true, description = {
        "Restores a dump into a configured Cloudflare D1 database through D1's import API.",
        "Checks the whole file first (d1 dialect, PRAGMAs, statement sizes, what D1's engine refuses such as FTS4 "
                + "or unistr(), checksum) and sends nothing until the "
                + "database's name is typed with --confirm. D1 blocks the database while it imports and runs the "
                + "file atomically; existing tables make the import fail as a whole.",
        "--date DATE imports a daily backup from the store instead of a file (the backup of --backup NAME, by "
                + "default of --db itself): a differential day (strategy = \"differential\") is fetched combined — "
                + "its full with the differential applied and checked, as patina download --combined writes it — so "
                + "D1 receives one dump, never the differential alone (a differential file as DUMP is refused).",
        "Example: patina import-d1 shop.sql.zst --db grove-shop --confirm grove-shop",
        "Example: patina import-d1 --date 2026-12-03 --db grove-shop --confirm grove-shop"})
final class ImportD1Command extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DUMP",
            description = "A d1-dialect dump (plain, .gz or .zst); or give --date instead.")
    Path dump;

    @Option(names = "--date", paramLabel = "DATE", description = "Import the daily backup of DATE (YYYY-MM-DD) from "
            + "the store instead of DUMP; a differential day is imported combined (full + differential as one dump).")
    LocalDate date;

    @Option(names = "--backup", paramLabel = "NAME", description = "With --date: the database whose backup to "
            + "import (default: --db).")
    String backup;

    @Option(names = "--db", required = true, paramLabel = "NAME", description = "The configured D1 database.")
    String database;

    @Option(names = "--confirm", paramLabel = "NAME",
            description = "The database name again: without it, only the check runs.")
    String confirm;

    ImportD1Command(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = out();
        if ((dump == null) == (date == null)) {
            throw new IllegalArgumentException(dump == null ? "give the DUMP file to import, or --date DATE for a "
                    + "daily backup in the store" : "DUMP and --date exclude each other: import a file, or a day's "
                    + "backup from the store");
        }
        if (backup != null && date == null) {
            throw new IllegalArgumentException("--backup NAME goes with --date DATE (the day of NAME's backups to "
                    + "import)");
        }
        try (PatinaRuntime rt = runtime.open(services, err())) {
            D1Importer importer = rt.d1Importer(database);
            Path file = dump;
            Path fetched = null;
            try {
                if (date != null) {
                    fetched = fetch(rt, out);
                    file = fetched;
                }
                return importFile(importer, file, out);
            } finally {
                if (fetched != null) {
                    Files.deleteIfExists(fetched);
                }
            }
        }
    }

    /**
     * Downloads the daily of {@code --backup} (or {@code --db}) for {@code --date} as plain SQL, checked against its
     * SHA-256, into the runtime's scratch folder: a differential day comes combined (ADR 0016), written by the same
     * {@link DownloadService} as {@code patina download --combined}.
     */
    private Path fetch(PatinaRuntime rt, PrintWriter out) throws IOException {
        String name = backup == null ? database : backup;
        DownloadService downloads = rt.downloads();
        DownloadService.Target target = downloads.locate(date, name);
        boolean differential = rt.keys().parse(target.key()).map(ObjectKeys.Parsed::differential).orElse(false);
        Path tmp = Files.createDirectories(rt.config().catalog().path().toAbsolutePath().getParent().resolve("tmp"));
        Path file = tmp.resolve("import-d1-" + name + "-" + date + "-" + JobIds.newId() + ".sql");
        DownloadService.Downloaded d = downloads.download(target, file, DownloadService.Form.PLAIN, false,
                rt.configuredFiles(), n -> { });
        if (differential) {
            out.printf("fetched %s combined with its full %s: one dump of %s, sha256 of the differential %s "
                    + "verified%n", d.key(), downloads.baseOf(target).key(), Bytes.formatBytes(d.writtenBytes()),
                    d.sha256());
        } else {
            out.printf("fetched %s: %s of SQL, sha256 %s verified%n", d.key(), Bytes.formatBytes(d.writtenBytes()),
                    d.sha256());
        }
        return file;
    }

    private int importFile(D1Importer importer, Path file, PrintWriter out) {
        Path shown = dump != null ? dump : file.getFileName();
        try (D1Importer.PreparedImport check = importer.check(file)) {
            out.printf("checked %s: %d statements, %s of SQL, tables %s — D1 can take it%n", shown,
                    check.statements(), Bytes.formatBytes(check.bytes()), String.join(", ", check.tables()));
            if (confirm == null) {
                out.println("nothing sent: add --confirm " + database + " to import into D1 database " + database
                        + " (it blocks the database while it runs)");
                out.flush();
                return 0;
            }
            D1Client.ImportResult result = importer.importInto(check, confirm, Duration.ofSeconds(1),
                    m -> err().println("d1: " + m));
            out.printf("imported into D1 database %s: %d statements; Time Travel bookmark after the import: %s%n",
                    database, result.statements(), result.finalBookmark());
            out.flush();
            return 0;
        }
    }
}
