package dev.grove.patina.backup;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after runs whose process died (a {@code kill -9}, a crash, a power cut), in any process that opens the
 * catalog and the store — the CLI included: the catalog says which runs are dead (their OS run lock is free, see
 * {@link Catalog#recoverDeadRuns()}) and marks them interrupted; this removes what their puts left in the store
 * (temporary files, unfinished multipart uploads of exactly the keys they were storing) and their temporary files in
 * the work folder (named with the run id), whatever their age. Never touches a live run's files or uploads, nor a
 * complete object.
 */
public final class RunRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private final Catalog catalog;
    private final BackupStore store;
    private final ObjectKeys keys;
    private final DatabaseLocks locks;
    private final Path workDir;
    private final Redactor redactor;

    /**
     * @param locks   the per-database backup locks: a dead run's leftovers of a database are cleaned only while no
     *                backup of that database runs (a live backup may be storing the same key right now)
     * @param workDir the folder where runs keep temporary files named with their run id
     */
    public RunRecovery(Catalog catalog, BackupStore store, ObjectKeys keys, DatabaseLocks locks, Path workDir,
                       Redactor redactor) {
        this.catalog = catalog;
        this.store = store;
        this.keys = keys;
        this.locks = locks;
        this.workDir = workDir;
        this.redactor = redactor;
    }

    /**
     * What was done about one dead run.
     *
     * @param markedNow        true when it was still recorded running and is now marked interrupted
     * @param leftoversRemoved temporary files and unfinished uploads removed from the store
     * @param workFilesRemoved temporary files of the run removed from the work folder
     * @param problem          why the store could not be cleaned (it is tried again by the next process), or null
     */
    public record Recovered(String runId, RunKind kind, Instant startedAt, boolean markedNow, int leftoversRemoved,
                            int workFilesRemoved, String problem) {
        /** One line for the operator. */
        public String describe() {
            StringBuilder b = new StringBuilder(kind.id()).append(" run ").append(runId).append(" (started ")
                    .append(startedAt).append(") ");
            b.append(markedNow ? "was left running by a Patina process that is gone (killed or crashed): marked "
                    + "interrupted" : "was interrupted earlier");
            b.append("; removed ").append(leftoversRemoved).append(" unfinished upload(s) or temporary file(s) "
                    + "from the store and ").append(workFilesRemoved).append(" temporary file(s) of it");
            if (problem != null) {
                b.append("; cleaning the store failed, tried again next time: ").append(problem);
            }
            return b.toString();
        }
    }

    /**
     * Finds the dead runs, marks them interrupted and cleans up after them, and removes the scratch folders of test
     * restores whose process is gone (a live verify's, of any process, is left alone); never throws.
     */
    public List<Recovered> recover() {
        ScratchSpace.sweep(workDir);
        List<Catalog.DeadRun> dead;
        try {
            dead = catalog.recoverDeadRuns();
        } catch (RuntimeException e) {
            LOG.warn("could not look for runs left by a process that is gone: {}", e.getMessage());
            return List.of();
        }
        List<Recovered> out = new ArrayList<>();
        for (Catalog.DeadRun run : dead) {
            int removed = 0;
            String problem = null;
            for (String key : run.pendingKeys()) {
                String database = keys.parse(key).or(() -> keys.fullOfManifest(key).flatMap(keys::parse))
                        .map(ObjectKeys.Parsed::database).orElse(null);
                try (DatabaseLocks.Held held = database == null ? null : locks.tryLock(database)) {
                    if (database != null && held == null) {
                        problem = "a backup of " + database + " is running now and may be storing " + key
                                + "; its leftovers are cleaned by a later Patina process";
                        continue;
                    }
                    removed += store.cleanUpInterruptedPut(key);
                } catch (IOException | RuntimeException e) {
                    problem = redactor.redact(String.valueOf(e.getMessage()));
                }
            }
            int work = removeWorkFiles(run.id());
            if (problem == null) {
                try {
                    catalog.clearPuts(run.id());
                } catch (RuntimeException e) {
                    problem = e.getMessage();
                }
            }
            Recovered r = new Recovered(run.id(), run.kind(), run.startedAt(), run.markedNow(), removed, work,
                    problem);
            try {
                catalog.log(run.id(), problem == null ? "WARN" : "ERROR", "cleaned up after the dead run: removed "
                        + removed + " unfinished upload(s) or temporary file(s) of " + String.join(", ",
                        run.pendingKeys()) + " from " + store.describe() + " and " + work + " temporary file(s)"
                        + (problem == null ? "" : "; cleaning the store failed (tried again next time): " + problem));
            } catch (RuntimeException e) {
                LOG.debug("could not log the recovery of run {}: {}", run.id(), e.getMessage());
            }
            LOG.warn("{}", r.describe());
            out.add(r);
        }
        return out;
    }

    private int removeWorkFiles(String runId) {
        if (workDir == null || !Files.isDirectory(workDir)) {
            return 0;
        }
        int count = 0;
        try (Stream<Path> files = Files.list(workDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().contains(runId)).toList()) {
                try {
                    if (Files.deleteIfExists(f)) {
                        count++;
                    }
                } catch (IOException e) {
                    LOG.warn("could not remove {} left by the dead run {}: {}", f, runId, e.toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not list {}: {}", workDir, e.toString());
        }
        return count;
    }
}
