package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "download", mixinStandardHelpOptions = true, description = {
        "Downloads one database's daily backup: checksum-verified against the catalog; never leaves a partial "
                + "file (temp file, fsync, rename).",
        "An existing FILE that is not empty is refused unless --force (then kept as FILE.bak, .bak.1, …); never "
                + "the stored object itself, the catalog or a configured database.",
        "--from NAME reads a replica ([[replicas]] name) instead of the [store] (primary), e.g. while it is down.",
        "A differential day (strategy = \"differential\") is written combined by default: its full with the "
                + "differential applied and checked, as one plain dump that loads with sqlite3 alone (--combined); "
                + "--differential writes the differential alone, --full its base full.",
        "Example: patina download 2026-11-28 shop -o shop.sql --decompress"})
final class DownloadCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Parameters(index = "0", paramLabel = "DATE", description = "The backup's date (YYYY-MM-DD).")
    LocalDate date;

    @Parameters(index = "1", paramLabel = "DB", description = "The database name.")
    String database;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write it.")
    Path output;

    @Option(names = "--force", description = "Replace a non-empty FILE; the old one is kept as FILE.bak "
            + "(or .bak.1, .bak.2, … — a kept copy is never overwritten).")
    boolean force;

    @Option(names = "--decompress", description = "Write plain SQL instead of the stored (.gz/.zst) bytes.")
    boolean decompress;

    @Option(names = "--keep-encrypted", description = "Write an encrypted (.age) object's stored bytes as they are"
            + " (by default it is decrypted with [encryption] identity; age -d decrypts the kept file).")
    boolean keepEncrypted;

    @Option(names = "--combined", description = "For a differential day: its full with the differential applied, "
            + "as one plain dump (the default for such a day; a full day is written as it is).")
    boolean combined;

    @Option(names = "--differential", description = "For a differential day: the differential alone (it restores "
            + "nothing without its full).")
    boolean differentialOnly;

    @Option(names = "--full", description = "For a differential day: the full it applies to.")
    boolean baseFull;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--from", paramLabel = "NAME", description = "The store to read: primary (the [store], the "
            + "default) or a replica's name.")
    String from;

    DownloadCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        ProgressLine line = new ProgressLine(err(), !quiet);
        try (PatinaRuntime rt = runtime.open(services, err())) {
            DownloadService downloads = rt.downloadsFrom(from);
            DownloadService.Target target = downloads.locate(date, database);
            if (keepEncrypted && decompress) {
                throw new IllegalArgumentException("--keep-encrypted and --decompress exclude each other: the"
                        + " stored bytes of an encrypted object are compressed inside the encryption");
            }
            DownloadService.Form form = keepEncrypted ? DownloadService.Form.STORED
                    : decompress ? DownloadService.Form.PLAIN : DownloadService.Form.DECRYPTED;
            if ((combined ? 1 : 0) + (differentialOnly ? 1 : 0) + (baseFull ? 1 : 0) > 1) {
                throw new IllegalArgumentException("--combined, --differential and --full exclude each other");
            }
            if (combined && keepEncrypted) {
                throw new IllegalArgumentException("--combined writes a new dump: it cannot --keep-encrypted");
            }
            if (baseFull) {
                target = downloads.baseOf(target);
            }
            java.util.function.LongConsumer shown = n -> line.maybePrint("download: " + Bytes.formatBytes(n));
            DownloadService.Downloaded d = differentialOnly
                    ? downloads.downloadObject(target, output, form, force, rt.configuredFiles(), shown)
                    : downloads.download(target, output, form, force, rt.configuredFiles(), shown);
            out.printf("downloaded %s%s to %s: %s%s, sha256 %s verified%n", d.key(), from == null ? ""
                    : " from " + from, d.file(), Bytes.formatBytes(d.writtenBytes()),
                    decompress ? " of SQL (decompressed)" : "", d.sha256());
            if (d.previousFile() != null) {
                out.println("the previous " + d.file() + " is kept as " + d.previousFile());
            }
            out.flush();
            return 0;
        }
    }
}
