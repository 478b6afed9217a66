package dev.grove.patina.backup;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.RestoreReport;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.store.NoSuchObjectException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Proves that stored backups restore: downloads each object, checks its SHA-256 against the catalog, restores it
 * into a temporary SQLite file ({@code integrity_check}, footer checksum and row counts), compares the row counts
 * with the catalog's, and records {@code verified_at}. A flipped bit or a missing object is reported by key.
 */
public final class VerifyService {
    private final DownloadService downloads;
    private final Restorer restorer;
    private final Catalog catalog;
    private final Clock clock;
    private final Path workDir;

    /** @param workDir where temporary downloads and restores are made (and removed) */
    public VerifyService(DownloadService downloads, Restorer restorer, Catalog catalog, Clock clock, Path workDir) {
        this.downloads = downloads;
        this.restorer = restorer;
        this.catalog = catalog;
        this.clock = clock;
        this.workDir = workDir;
    }

    /** How one object fared. */
    public enum Outcome { OK, MISSING, CHECKSUM_MISMATCH, RESTORE_FAILED, ROW_COUNT_MISMATCH }

    /** The verdict on one object, with what an operator needs to act. */
    public record Result(String key, String database, Outcome outcome, String detail) {
        public boolean ok() {
            return outcome == Outcome.OK;
        }
    }

    /** Verifies each of {@code objects} in turn; {@code listener} hears each verdict as it is reached. */
    public List<Result> verify(List<StoredObject> objects, java.util.function.Consumer<Result> listener)
            throws IOException {
        Files.createDirectories(workDir);
        List<Result> results = new ArrayList<>();
        for (StoredObject o : objects) {
            Result r = verifyOne(o);
            results.add(r);
            listener.accept(r);
        }
        return results;
    }

    private Result verifyOne(StoredObject o) {
        String base = "verify-" + Integer.toHexString(Objects.hash(o.key(), clock.millis()));
        Path download = workDir.resolve(base + ".sql" + suffixOf(o.key()));
        Path restored = workDir.resolve(base + ".sqlite");
        try {
            try {
                downloads.download(new DownloadService.Target(o.key(), o.sha256()), download, false, n -> { });
            } catch (NoSuchObjectException e) {
                return new Result(o.key(), o.database(), Outcome.MISSING, "the object is missing from the store: "
                        + e.getMessage());
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().contains("SHA-256")) {
                    return new Result(o.key(), o.database(), Outcome.CHECKSUM_MISMATCH, e.getMessage());
                }
                throw e;
            }
            RestoreReport report;
            try {
                report = restorer.restore(download, restored, RestoreOptions.all(), RestoreProgress.NONE);
            } catch (RuntimeException e) {
                return new Result(o.key(), o.database(), Outcome.RESTORE_FAILED, e.getMessage());
            }
            for (Map.Entry<String, Long> e : o.rowCounts().entrySet()) {
                Long actual = report.rowCounts().get(e.getKey());
                if ("sqlite_sequence".equals(e.getKey())) {
                    continue;
                }
                if (actual == null || !actual.equals(e.getValue())) {
                    return new Result(o.key(), o.database(), Outcome.ROW_COUNT_MISMATCH, "table " + e.getKey()
                            + ": the catalog recorded " + e.getValue() + " rows, the restore has " + actual);
                }
            }
            catalog.markVerified(o.key(), clock.instant());
            return new Result(o.key(), o.database(), Outcome.OK, "restored " + report.rowCounts().size()
                    + " tables, integrity_check ok, checksum and row counts match");
        } catch (IOException | RuntimeException e) {
            return new Result(o.key(), o.database(), Outcome.RESTORE_FAILED, e.getMessage());
        } finally {
            deleteQuietly(download);
            deleteQuietly(restored);
        }
    }

    private static String suffixOf(String key) {
        return key.endsWith(".gz") ? ".gz" : key.endsWith(".zst") ? ".zst" : "";
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover verify-* file in the work folder is harmless and cleared next time
        }
    }
}
