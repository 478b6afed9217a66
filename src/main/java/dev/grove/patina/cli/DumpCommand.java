package dev.grove.patina.cli;

import dev.grove.patina.app.Services;
import dev.grove.patina.backup.ExportService;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpSummary;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.util.Bytes;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dump", description = {
        "Writes a lossless SQL dump of a SQLite database (to stdout unless -o is given).",
        "The default d1 dialect loads with `wrangler d1 execute --file` and into SQLite alike.",
        "Example: patina dump app.sqlite -o app.sql.gz"}, mixinStandardHelpOptions = true)
final class DumpCommand extends PatinaCommand {
    @Parameters(index = "0", paramLabel = "DB-FILE", description = "The SQLite database file to dump.")
    Path database;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (atomically: temp file, fsync, rename) instead of stdout. An existing "
                    + "FILE that is not empty is refused unless --force; never the database being dumped.")
    Path output;

    @Option(names = "--force", description = "Replace a non-empty FILE; the old one is kept as FILE.bak "
            + "(or .bak.1, .bak.2, … — a kept copy is never overwritten).")
    boolean force;

    @Option(names = "--dialect", paramLabel = "d1|sqlite", defaultValue = "d1",
            description = "d1 (default): no BEGIN/COMMIT, loads into D1 and SQLite; "
                    + "sqlite: one transaction for the sqlite3 shell.")
    String dialect;

    @Option(names = "--compress", paramLabel = "none|gzip|zstd",
            description = "Compression (default: from -o's suffix .gz/.zst, else none).")
    String compress;

    @Option(names = "--tables", split = ",", paramLabel = "T1,T2",
            description = "Dump only these tables (with their indexes and triggers).")
    List<String> tables = List.of();

    @Option(names = "--name", paramLabel = "NAME", description = "Source name for the header (default: file name).")
    String name;

    @Option(names = "--reader", paramLabel = "jdbc|pages", defaultValue = "jdbc",
            description = "How rows are read: jdbc (default) through SQLite; pages (experimental, ADR 0032) "
                    + "straight from the file's b-tree pages under SQLite's read transaction, falling back to "
                    + "jdbc where it cannot prove the file is the snapshot; the dump's header names the reader.")
    String reader;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    private final OutputStream stdout;

    DumpCommand(Services services, OutputStream stdout) {
        super(services);
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws Exception {
        DumpDialect d = parse(() -> DumpDialect.parse(dialect));
        Compression c = compress != null ? parse(() -> Compression.parse(compress)) : fromSuffix(output);
        String sourceName = name != null ? name : stripExtension(database.getFileName().toString());
        DumpOptions options = new DumpOptions(sourceName, d, new LinkedHashSet<>(tables));
        boolean pages = parse(() -> switch (reader) {
            case "jdbc" -> false;
            case "pages" -> true;
            default -> throw new IllegalArgumentException("--reader must be jdbc or pages, not '" + reader + "'");
        });
        SqliteFileSource source = new SqliteFileSource(sourceName, database, pages);
        ProgressLine line = new ProgressLine(err(), !quiet);
        DumpSummary summary;
        Path previous = null;
        if (output == null) {
            try (OutputStream out = c.wrap(new FilterOutputStream(stdout) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // stdout stays open for whoever runs next
                }
            })) {
                summary = services.exportService().exportToStream(source, out, options, (table, tr, total, bytes) ->
                        line.maybePrint("dump: " + (table == null ? "done" : table) + " — " + total + " rows, "
                                + Bytes.formatBytes(bytes)));
            }
        } else {
            ExportService.Exported exported = services.exportService().exportToFile(source, output, options, c,
                    force, (table, tr, total, bytes) -> line.maybePrint("dump: " + (table == null ? "done" : table)
                            + " — " + total + " rows, " + Bytes.formatBytes(bytes)));
            summary = exported.summary();
            previous = exported.previousFile();
        }
        if (!quiet) {
            err().printf("dumped %s: %d tables, %d rows, %s of SQL%s, sha256 %s%n",
                    database, summary.rowCounts().size(), summary.totalRows(), Bytes.formatBytes(summary.bytes()),
                    output == null ? "" : " to " + output, summary.sha256());
        }
        if (previous != null) {
            err().println("patina: the previous " + output + " is kept as " + previous);
        }
        if (!quiet && summary.header().reader() != null) {
            err().println("patina: reader: " + summary.header().reader());
        }
        if (summary.header().warnings() != null) {
            for (String w : summary.header().warnings()) {
                err().println("patina: warning: " + w);
            }
        }
        err().flush();
        return 0;
    }

    private <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static Compression fromSuffix(Path file) {
        if (file == null) {
            return Compression.NONE;
        }
        String n = file.getFileName().toString();
        if (n.endsWith(".gz")) {
            return Compression.GZIP;
        }
        if (n.endsWith(".zst")) {
            return Compression.ZSTD;
        }
        return Compression.NONE;
    }

    static String stripExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
