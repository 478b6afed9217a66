package dev.grove.patina.dump;

import dev.grove.patina.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Restores a SQL dump (Patina's own, {@code sqlite3 .dump} or {@code wrangler d1 export}; plain, gzip or zstd)
 * into a SQLite file. Everything is loaded in one transaction into a temporary file beside the target and checked
 * (the dump's own transaction committed, the footer's SHA-256 and row counts, {@code foreign_key_check}); then
 * whatever SQLite would open together with the target is set aside — a replaced target under the first free
 * {@code .bak} name with its {@code -wal}/{@code -journal}/{@code -shm}, leftover sidecars of a missing or empty
 * target as {@code <name>.stray-<time>}, never deleted — the temp file is renamed onto the target, and
 * {@code integrity_check} and the row counts are taken again of the target as SQLite opens it (RELIABILITY 25).
 * Any failure leaves no target file behind: a failure after the rename puts every moved file back.
 *
 * <p>The parts: {@link TargetRules} (what may be restored onto; the target as opened), {@link DumpLoader} (the
 * load into the temporary file, checked by {@link LoadVerifier}), {@link TargetSwap} (the renames, and taking them
 * back).
 */
public final class Restorer {
    /** SQLite's hard ceiling of one statement (SQLITE_MAX_SQL_LENGTH). */
    public static final long MAX_SQL_LENGTH = 1_000_000_000L;

    private final Clock clock;
    private final DumpLoader loader = new DumpLoader(new RestoreGuard());

    /** Opens a snapshot of a restored SQLite file, for the per-table digests of a differential's restore. */
    @FunctionalInterface
    public interface SnapshotOpener {
        DumpSnapshot open(Path file) throws Exception;
    }

    /**
     * A differential to restore together with its base full (ADR 0016, ADR 0028).
     *
     * @param file     the differential (plain or compressed)
     * @param opener   reads the restored file for the digests
     * @param recorded per table the rows and digest the catalog recorded for it, checked as well (empty: none)
     * @param what     names the pair in messages ("full … with the differential …")
     */
    public record WithDifferential(Path file, SnapshotOpener opener, Map<String, TableDigest> recorded, String what) {
    }

    public Restorer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Restores {@code dump} into {@code target}.
     *
     * @throws DumpException with a message naming the file, statement or check that failed
     */
    public RestoreReport restore(Path dump, Path target, RestoreOptions options, RestoreProgress progress) {
        return restore(dump, null, target, options, progress);
    }

    /**
     * Restores the full {@code full} with {@code diff} applied into {@code target}, in one load (ADR 0028): the
     * full's statements, its checksum and row counts checked, then the differential's statements in the same
     * transaction before the full's held-back indexes are built; after the rename every table's rows and content
     * digest are computed from the file as SQLite opens it — beside {@code integrity_check} — and compared with the
     * differential's footer and {@code diff.recorded()}: any difference puts every file back and names the tables.
     *
     * @throws DumpException naming the file, statement, check or tables that failed; no target is left then
     */
    public RestoreReport restoreDifferential(Path full, WithDifferential diff, Path target, RestoreOptions options,
                                             RestoreProgress progress) {
        if (new TableSelection(options).selective()) {
            throw new DumpException("a differential restores whole databases: --table/--exclude-table cannot be "
                    + "used with " + diff.file());
        }
        if (!Files.isRegularFile(diff.file())) {
            throw new DumpException("differential " + diff.file() + " does not exist or is not a file");
        }
        return restore(full, diff, target, options, progress);
    }

    private RestoreReport restore(Path dump, WithDifferential diff, Path target, RestoreOptions options,
                                  RestoreProgress progress) {
        Instant started = clock.instant();
        if (!Files.isRegularFile(dump)) {
            throw new DumpException("dump file " + dump + " does not exist or is not a file");
        }
        TargetRules.checkBefore(dump, target, options.force());
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + ".patina-restore-"
                + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        try {
            LoadedDump loaded = loader.load(dump, diff == null ? null : diff.file(), temp, options, progress);
            AtomicFiles.syncFile(temp);
            TargetSwap placed = TargetSwap.place(temp, target, options.force(), clock.instant());
            ExecutorService digestThread = diff == null ? null : Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "patina-restore-digest");
                t.setDaemon(true);
                return t;
            });
            try {
                AtomicFiles.syncFolder(dir); // the renames of place() made durable
                progress.update("integrity", loaded.statements, loaded.totalBytes, loaded.totalBytes);
                Future<Map<String, TableDigest>> digests = diff == null ? null : digestThread.submit(() ->
                        TableDigester.of(diff.opener(), target, loaded.applied.header().source(), digestThreads()));
                try {
                    TargetRules.checkAsOpened(target, loaded);
                } finally {
                    if (digests != null) {
                        awaitQuietly(digests); // its connection closed before anything is put back
                    }
                }
                if (digests != null) {
                    Map<String, TableDigest> actual = digest(digests, diff);
                    TableDigester.check(loaded.applied.footer().result(), actual, diff.what());
                    if (!diff.recorded().isEmpty()) {
                        TableDigester.check(diff.recorded(), actual, diff.what() + " (as the catalog recorded it)");
                    }
                }
            } catch (RuntimeException | SQLException | IOException e) {
                throw new DumpException(message(e) + placed.takeBack(target), e);
            } finally {
                if (digestThread != null) {
                    digestThread.shutdownNow();
                }
            }
            for (Path p : placed.setAside) {
                String from = p.getFileName().toString();
                from = from.substring(0, from.indexOf(".stray-"));
                loaded.warnings.add("leftover " + from + " (no database of its own: SQLite would have replayed it "
                        + "over the restore) kept as " + p);
            }
            progress.update("done", loaded.statements, loaded.totalBytes, loaded.totalBytes);
            return new RestoreReport(target, loaded.header, loaded.counts, loaded.checksumVerified,
                    loaded.countsVerified, loaded.statements, loaded.skipped, loaded.fkViolations,
                    loaded.warnings, placed.previous, placed.setAside, Duration.between(started, clock.instant()));
        } catch (IOException e) {
            throw new DumpException("restore of " + dump + " into " + target + " failed: " + e.getMessage(), e);
        } finally {
            deleteTemp(temp);
        }
    }

    /** The connections the digests are read on: the cores, at most 4 (they share the disk). */
    private static int digestThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private static void awaitQuietly(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // reported by digest()
        }
    }

    private static Map<String, TableDigest> digest(Future<Map<String, TableDigest>> f, WithDifferential diff) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DumpException("the digest check of " + diff.what() + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DumpException d) {
                throw d;
            }
            throw new DumpException("the digest check of " + diff.what() + " failed: " + message(cause), cause);
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void deleteTemp(Path temp) {
        for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
            try {
                Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + suffix));
            } catch (NoSuchFileException ignored) {
                // already gone
            } catch (IOException ignored) {
                // best effort: a leftover temp file is named .<target>.patina-restore-*.tmp and never used
            }
        }
    }
}
