package dev.grove.patina.backup;

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
import java.util.stream.Stream;

/**
 * The schema comparison of two daily backups of one database, as {@code patina diff} and {@code GET /diff/{db}}
 * give it: both dumps are fetched through the checksum-verified download into a scratch folder (deleted
 * afterwards) and their schemas read by {@link SchemaReader}.
 */
public final class BackupDiffService {
    private final DownloadService downloads;
    private final Catalog catalog;

    public BackupDiffService(DownloadService downloads, Catalog catalog) {
        this.downloads = downloads;
        this.catalog = catalog;
    }

    /**
     * Compares the backups of {@code database} from {@code from} and {@code to}; a null date means the latest good
     * daily (when both are null: the two latest).
     *
     * @param scratch a folder for the two dumps; a subfolder is made there and deleted before returning
     */
    public SchemaComparison compare(String database, LocalDate from, LocalDate to, Path scratch) throws IOException {
        LocalDate a = from;
        LocalDate b = to;
        if (a == null && b == null) {
            List<LocalDate> two = latestDates(database, 2);
            a = two.get(1);
            b = two.get(0);
        } else if (b == null) {
            b = latestDates(database, 1).get(0);
        } else if (a == null) {
            throw new IllegalArgumentException("from: required when to is given");
        }
        Files.createDirectories(scratch);
        Path dir = Files.createTempDirectory(scratch, "diff-");
        try {
            SchemaReader reader = new SchemaReader();
            DatabaseSchema sa = reader.fromDump(database, fetch(database, a, dir.resolve("a")));
            DatabaseSchema sb = reader.fromDump(database, fetch(database, b, dir.resolve("b")));
            return SchemaComparison.of(sa, sb, a.toString(), b.toString());
        } finally {
            deleteTree(dir);
        }
    }

    /** The dates of the latest {@code count} good daily backups of {@code database}, newest first. */
    public List<LocalDate> latestDates(String database, int count) {
        List<LocalDate> dates = catalog.findObjects(ObjectQuery.firstPage(50).withDatabase(database)
                        .withKind(ObjectKind.DAILY).withStatus(ObjectStatus.PRESENT)).items().stream()
                .filter(o -> o.damagedAt() == null).map(StoredObject::date).distinct().limit(count).toList();
        if (dates.size() < count) {
            throw new IllegalStateException("the catalog holds " + dates.size() + " good daily backup"
                    + (dates.size() == 1 ? "" : "s") + " of " + database + "; " + count + " needed");
        }
        return dates;
    }

    private Path fetch(String database, LocalDate date, Path file) throws IOException {
        DownloadService.Target target = downloads.locate(date, database);
        return downloads.download(target, file, false, n -> { }).file();
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
