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
import java.util.UUID;

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

    public Restorer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Restores {@code dump} into {@code target}.
     *
     * @throws DumpException with a message naming the file, statement or check that failed
     */
    public RestoreReport restore(Path dump, Path target, RestoreOptions options, RestoreProgress progress) {
        Instant started = clock.instant();
        if (!Files.isRegularFile(dump)) {
            throw new DumpException("dump file " + dump + " does not exist or is not a file");
        }
        TargetRules.checkBefore(dump, target, options.force());
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + ".patina-restore-"
                + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        try {
            LoadedDump loaded = loader.load(dump, temp, options, progress);
            AtomicFiles.syncFile(temp);
            TargetSwap placed = TargetSwap.place(temp, target, options.force(), clock.instant());
            try {
                AtomicFiles.syncFolder(dir); // the renames of place() made durable
                progress.update("integrity", loaded.statements, loaded.totalBytes, loaded.totalBytes);
                TargetRules.checkAsOpened(target, loaded);
            } catch (RuntimeException | SQLException | IOException e) {
                throw new DumpException(message(e) + placed.takeBack(target), e);
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
