package dev.grove.patina.backup;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectChains;
import dev.grove.patina.dump.DiffHeader;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpInput;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.DumpSummary;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.RestoreReport;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.dump.SqlStatementReader;
import dev.grove.patina.dump.TableDigest;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Full + differential → one ordinary dump (ADR 0016): the base full restored into a scratch SQLite file, the
 * differential applied onto it, every table's rows and digest checked against what the backup recorded (the
 * differential's footer, and the catalog when it knows the object), then the result dumped in the normal format —
 * a file that loads with {@code sqlite3} alone and that every reader of a daily (restore, verify, the API) reads as
 * it reads a full.
 */
public final class DiffCombiner {
    private final Catalog catalog;

    public DiffCombiner(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The header of a differential file (plain or compressed), read from its first lines. */
    public static DiffHeader header(Path diff) throws IOException {
        try (InputStream raw = Files.newInputStream(diff);
             SqlStatementReader reader = new SqlStatementReader(DumpInput.open(diff, raw))) {
            reader.next();
            String json = reader.headerJson();
            if (json == null || !DiffHeader.names(json)) {
                throw new IOException(diff + " is not a Patina differential (no patina-sql-diff header)");
            }
            return DiffHeader.parse(json);
        }
    }

    /**
     * Writes to {@code out} the dump of {@code full} with {@code diff} applied.
     *
     * @param diffKey the differential's object key, for the catalog's digests and the messages
     * @param work    a folder for the scratch database (removed afterwards)
     * @return the combined dump's summary
     */
    public DumpSummary combine(String diffKey, Path full, Path diff, OutputStream out, Path work)
            throws IOException {
        DiffHeader header = header(diff);
        Path db = Files.createTempFile(work, ".patina-combine-", ".db");
        Files.delete(db);
        try {
            Clock at = Clock.fixed(Instant.parse(header.createdAt()), ZoneOffset.UTC);
            restoreInto(new Restorer(at), diffKey, full, diff, header, db, RestoreOptions.all(), RestoreProgress.NONE);
            try (DumpSnapshot snapshot = new SqliteFileSource(header.source(), db).openSnapshot()) {
                return new SqlDumpWriter(at, header.patinaVersion()).write(snapshot, DumpOptions.all(header.source(),
                        DumpDialect.SQLITE.id().equals(header.dialect()) ? DumpDialect.SQLITE : DumpDialect.D1), out,
                        DumpProgress.NONE);
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot combine the differential " + diffKey + " with its full: "
                    + e.getMessage(), e);
        } finally {
            for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
                Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
            }
        }
    }

    /**
     * Restores {@code full} with {@code diff} applied into {@code target} in one load, every table's rows and digest
     * checked against the differential's footer and the catalog's record (ADR 0028).
     */
    RestoreReport restoreInto(Restorer restorer, String diffKey, Path full, Path diff, DiffHeader header, Path target,
                              RestoreOptions options, RestoreProgress progress) {
        String what = "full " + header.baseKey() + " with the differential " + diffKey;
        Optional<ObjectChains.Link> link = catalog.chains().of(diffKey);
        Map<String, TableDigest> recorded = link.isPresent() ? recorded(link.get()) : Map.of();
        return restorer.restoreDifferential(full, new Restorer.WithDifferential(diff,
                file -> new SqliteFileSource(header.source(), file).openSnapshot(), recorded, what), target,
                options, progress);
    }

    private static Map<String, TableDigest> recorded(ObjectChains.Link link) {
        Map<String, TableDigest> out = new LinkedHashMap<>();
        link.digests().forEach((t, d) -> out.put(t, new TableDigest(d.rows(), d.digest())));
        return out;
    }
}
