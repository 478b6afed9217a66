package dev.grove.patina.backup;

import dev.grove.patina.catalog.BackupSchemas;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.schema.DatabaseSchema;
import dev.grove.patina.schema.SchemaComparison;
import dev.grove.patina.schema.SchemaReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Compares the schema of two daily backups of a database, or of a backup and the live SQLite file: what
 * {@code patina diff}, the API's {@code /diff} and the console show. A backup whose schema the catalog recorded at
 * backup time (catalog version 4) is compared without reading its dump; an older backup is downloaded (checked
 * against its SHA-256) into a private temporary folder, its CREATE statements streamed out, and the folder deleted.
 */
public final class SchemaCompareService {
    private final Catalog catalog;
    private final DownloadService downloads;
    private final SchemaReader reader;
    private final Path workDir;

    /** @param workDir Patina's private work folder: a dump that must be read is downloaded there, then deleted */
    public SchemaCompareService(Catalog catalog, DownloadService downloads, SchemaReader reader, Path workDir) {
        this.catalog = catalog;
        this.downloads = downloads;
        this.reader = reader;
        this.workDir = workDir;
    }

    /**
     * The comparison {@code patina diff} and {@code GET /diff/{db}} make: no date — the two latest good dailies;
     * only {@code from} — it against the latest; both — {@code from} against {@code to}.
     *
     * @throws IllegalArgumentException when {@code to} is given without {@code from}
     * @throws IllegalStateException    when the catalog holds fewer good dailies than the defaults need
     */
    public SchemaComparison compare(String database, LocalDate from, LocalDate to) throws IOException {
        if (from == null && to != null) {
            throw new IllegalArgumentException("from: required when to is given");
        }
        if (from == null) {
            List<LocalDate> two = latestGood(database, 2);
            return between(database, two.get(1), two.get(0));
        }
        return between(database, from, to != null ? to : latestGood(database, 1).get(0));
    }

    /** The days of the newest {@code count} good (present, not damaged) daily backups of {@code database}. */
    public List<LocalDate> latestGood(String database, int count) {
        List<LocalDate> dates = catalog.findObjects(ObjectQuery.firstPage(50).withDatabase(database)
                        .withKind(ObjectKind.DAILY).withStatus(ObjectStatus.PRESENT)).items().stream()
                .filter(o -> o.damagedAt() == null).map(StoredObject::date).distinct().limit(count).toList();
        if (dates.size() < count) {
            throw new IllegalStateException("the catalog holds " + dates.size() + " good daily backup"
                    + (dates.size() == 1 ? "" : "s") + " of " + database + "; " + count + " needed");
        }
        return dates;
    }

    /** The backups of {@code from} and {@code to} compared, labelled by their days. */
    public SchemaComparison between(String database, LocalDate from, LocalDate to) throws IOException {
        Path temp = scratch();
        try {
            DatabaseSchema a = backup(database, from, temp.resolve("a"));
            DatabaseSchema b = backup(database, to, temp.resolve("b"));
            return SchemaComparison.of(a, b, from.toString(), to.toString());
        } finally {
            deleteTree(temp);
        }
    }

    /** The backup of {@code from} compared with the live SQLite file {@code live}, labelled "live". */
    public SchemaComparison withLive(String database, LocalDate from, Path live) throws IOException {
        Path temp = scratch();
        try {
            DatabaseSchema a = backup(database, from, temp.resolve("a"));
            return SchemaComparison.of(a, reader.fromLive(database, live), from.toString(), "live");
        } finally {
            deleteTree(temp);
        }
    }

    private Path scratch() throws IOException {
        Files.createDirectories(workDir);
        return Files.createTempDirectory(workDir, "diff-");
    }

    /** Whether the backup of {@code date} can be compared without reading its dump. */
    public boolean recorded(String database, LocalDate date) throws IOException {
        return catalog.schemas().of(downloads.locate(date, database).key()).isPresent();
    }

    private DatabaseSchema backup(String database, LocalDate date, Path file) throws IOException {
        DownloadService.Target target = downloads.locate(date, database);
        Optional<BackupSchemas.Recorded> recorded = catalog.schemas().of(target.key());
        if (recorded.isPresent()) {
            var rows = catalog.object(target.key()).map(StoredObject::rowCounts).orElse(null);
            return reader.fromStatements(database, "backup " + target.key(), recorded.get().statements(), rows);
        }
        return reader.fromDump(database, downloads.download(target, file, false, n -> { }).file());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
