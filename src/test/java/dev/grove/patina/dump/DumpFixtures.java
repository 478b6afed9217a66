package dev.grove.patina.dump;

import dev.grove.patina.backup.ExportService;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the dump and restore tests: a fixed clock, real files, statement lists. */
final class DumpFixtures {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T02:00:00Z"), ZoneOffset.UTC);

    private DumpFixtures() {
    }

    static ExportService exporter() {
        return new ExportService(new SqlDumpWriter(CLOCK, "test"));
    }

    static Restorer restorer() {
        return new Restorer(CLOCK);
    }

    static DumpSummary dump(Path db, Path out, DumpDialect dialect, Compression compression) {
        return exporter().exportToFile(new SqliteFileSource("test-db", db), out, DumpOptions.all("test-db", dialect),
                compression, DumpProgress.NONE);
    }

    static Path chinook(Path dir) throws IOException {
        Path target = dir.resolve("chinook.sqlite");
        try (InputStream in = DumpFixtures.class.getResourceAsStream("/chinook/Chinook_Sqlite.sqlite")) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    static List<SqlStatement> statements(Path dump) throws IOException {
        List<SqlStatement> out = new ArrayList<>();
        try (SqlStatementReader r = new SqlStatementReader(Compression.decompressing(Files.newInputStream(dump)))) {
            SqlStatement s;
            while ((s = r.next()) != null) {
                out.add(s);
            }
        }
        return out;
    }
}
