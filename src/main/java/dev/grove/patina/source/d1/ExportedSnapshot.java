package dev.grove.patina.source.d1;

import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.SchemaEntry;
import dev.grove.patina.dump.TableShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A snapshot over a temporary SQLite file loaded from Cloudflare's export ({@code export} mode): one consistent
 * state of the D1 database. Closing it deletes the temporary folder.
 */
final class ExportedSnapshot implements DumpSnapshot {
    private final DumpSnapshot local;
    private final Path folder;

    ExportedSnapshot(DumpSnapshot local, Path folder) {
        this.local = local;
        this.folder = folder;
    }

    @Override
    public String sqliteVersion() throws Exception {
        return local.sqliteVersion();
    }

    /** D1 does not export user_version; 0 as in query mode. */
    @Override
    public long userVersion() {
        return 0;
    }

    @Override
    public long applicationId() {
        return 0;
    }

    @Override
    public List<SchemaEntry> schema() throws Exception {
        return local.schema();
    }

    @Override
    public List<String> shadowTables() throws Exception {
        return local.shadowTables();
    }

    @Override
    public TableShape describe(String table) throws Exception {
        return local.describe(table);
    }

    @Override
    public RowCursor rows(TableShape shape) throws Exception {
        return local.rows(shape);
    }

    @Override
    public void close() throws Exception {
        try {
            local.close();
        } finally {
            deleteTree(folder);
        }
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
