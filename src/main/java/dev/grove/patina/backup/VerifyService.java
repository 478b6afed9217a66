package dev.grove.patina.backup;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RestoreProofs;
import dev.grove.patina.catalog.RestoreProofs.CheckRun;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.RestoreReport;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.store.NoSuchObjectException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Proves that stored backups restore: downloads each object, checks its SHA-256 against the catalog, restores it
 * into a temporary SQLite file ({@code integrity_check}, footer checksum and row counts), compares the row counts
 * with the catalog's, and records {@code verified_at}. A flipped bit or a missing object is reported by key, and
 * recorded in the catalog as damaged ({@link Catalog#markDamaged}): from then on it is never counted as a good copy
 * (not the last good backup, not the copy retention keeps by safety) until a verify succeeds again.
 */
public final class VerifyService {
    private final DownloadService downloads;
    private final Restorer restorer;
    private final Catalog catalog;
    private final Clock clock;
    private final Path workDir;
    private final Notifier notifier;
    private final CheckRecords records;
    /** The operator's checks of each database ({@code [[databases]] checks}). */
    private final Map<String, List<String>> checks;
    /** Bytes kept free beyond the dump's size × 2 when a test restore starts (0 unless set). */
    private final long spareBytes;
    /** Where the scratch folder's free space is read. */
    private final FreeSpace free;

    /** A verifier that sends no alert. */
    public VerifyService(DownloadService downloads, Restorer restorer, Catalog catalog, Clock clock, Path workDir) {
        this(downloads, restorer, catalog, clock, workDir, Notifier.none());
    }

    /**
     * @param workDir  where temporary downloads and restores are made (and removed)
     * @param notifier told how each verify run ended: a damaged object alerts
     */
    public VerifyService(DownloadService downloads, Restorer restorer, Catalog catalog, Clock clock, Path workDir,
                         Notifier notifier) {
        this(downloads, restorer, catalog, clock, workDir, notifier, CheckRecords.of(catalog));
    }

    /**
     * A verifier of one store: the primary, or a replica (its downloads read the replica, {@code records} are that
     * replica's copies).
     *
     * @param records where a verdict about an object is recorded: damaged, or verified
     */
    public VerifyService(DownloadService downloads, Restorer restorer, Catalog catalog, Clock clock, Path workDir,
                         Notifier notifier, CheckRecords records) {
        this(downloads, restorer, catalog, clock, workDir, notifier, records, Map.of(), 0, FreeSpace.FILE_STORE);
    }

    private VerifyService(DownloadService downloads, Restorer restorer, Catalog catalog, Clock clock, Path workDir,
                          Notifier notifier, CheckRecords records, Map<String, List<String>> checks,
                          long spareBytes, FreeSpace free) {
        this.checks = Map.copyOf(checks);
        this.spareBytes = spareBytes;
        this.free = free;
        this.records = records;
        this.downloads = downloads;
        this.restorer = restorer;
        this.catalog = catalog;
        this.clock = clock;
        this.workDir = workDir;
        this.notifier = notifier;
    }

    /** This verifier, running each database's own {@code checks} (by database name) after a test restore. */
    public VerifyService withChecks(Map<String, List<String>> checksByDatabase) {
        return new VerifyService(downloads, restorer, catalog, clock, workDir, notifier, records, checksByDatabase,
                spareBytes, free);
    }

    /**
     * This verifier, keeping {@code bytes} free beyond the dump's size × 2 when a test restore starts: a database
     * whose restore would leave less is not started (and the verdict says why, with the real free space).
     */
    public VerifyService withSpareBytes(long bytes) {
        return new VerifyService(downloads, restorer, catalog, clock, workDir, notifier, records, checks, bytes, free);
    }

    /** This verifier, reading the scratch folder's free space from {@code space} (the file store's, by default). */
    public VerifyService withFreeSpace(FreeSpace space) {
        return new VerifyService(downloads, restorer, catalog, clock, workDir, notifier, records, checks, spareBytes,
                space);
    }

    /** How one object fared. */
    public enum Finding {
        OK, MISSING, CHECKSUM_MISMATCH, RESTORE_FAILED, ROW_COUNT_MISMATCH,
        /** It restores, but a check on the restore failed (integrity, a foreign key, an FTS index, the operator's). */
        CHECKS_FAILED,
        /** The check itself could not be made (the store unreachable, the work folder full): nothing is known. */
        CHECK_FAILED
    }

    /**
     * The verdict on one object, with what an operator needs to act.
     *
     * @param detail the whole sentence, naming the key
     * @param what   what failed, without the key (what the catalog records as the damage); null when ok
     * @param checks the checks the test restore ran and their results; empty when it did not get that far
     */
    public record Verdict(String key, String database, Finding outcome, String detail, String what,
                          List<CheckRun> checks) {
        public Verdict {
            checks = checks == null ? List.of() : List.copyOf(checks);
        }

        public Verdict(String key, String database, Finding outcome, String detail, String what) {
            this(key, database, outcome, detail, what, List.of());
        }

        public Verdict(String key, String database, Finding outcome, String detail) {
            this(key, database, outcome, detail, detail);
        }

        /** The checks that failed. */
        public List<CheckRun> failedChecks() {
            return checks.stream().filter(c -> !c.passed()).toList();
        }

        public boolean ok() {
            return outcome == Finding.OK;
        }

        /** True when the object itself is bad (missing, damaged, not restorable), not the check's surroundings. */
        public boolean damaged() {
            return outcome != Finding.OK && outcome != Finding.CHECK_FAILED && outcome != Finding.CHECKS_FAILED;
        }
    }

    /** {@link #verify(List, String, java.util.function.Consumer)} with trigger {@code manual}. */
    public List<Verdict> verify(List<StoredObject> objects, java.util.function.Consumer<Verdict> listener)
            throws IOException {
        return verify(objects, RunTrigger.MANUAL, listener);
    }

    /**
     * Verifies each of {@code objects} in turn; {@code listener} hears each verdict as it is reached. The check is a
     * VERIFY run in the catalog (one outcome per database) and its report goes to the notifier, so a damaged or
     * missing object alerts.
     *
     * @param trigger who asked: {@code cli}, {@code manual}, {@code api}
     */
    public List<Verdict> verify(List<StoredObject> objects, String trigger,
                               java.util.function.Consumer<Verdict> listener) throws IOException {
        return verify(objects, trigger, false, listener);
    }

    /**
     * Verifies as {@link #verify(List, String, java.util.function.Consumer)} does; an encrypted object is checked
     * against its SHA-256 only (no key needed) unless {@code decrypt}, which also decrypts it with the configured
     * identity and restores it.
     */
    public List<Verdict> verify(List<StoredObject> objects, String trigger, boolean decrypt,
                               java.util.function.Consumer<Verdict> listener) throws IOException {
        return verify(objects, trigger, decrypt, listener, BackupProgress.NONE);
    }

    /**
     * Verifies as {@link #verify(List, String, boolean, java.util.function.Consumer)} does, telling
     * {@code progress} when each database's test restore starts, how far its load is (statements and bytes of the
     * dump read) and how it ended — the events a run's progress lines and the console's bar follow.
     */
    public List<Verdict> verify(List<StoredObject> objects, String trigger, boolean decrypt,
                               java.util.function.Consumer<Verdict> listener, BackupProgress progress)
            throws IOException {
        Files.createDirectories(workDir);
        ScratchSpace.sweep(workDir); // the folders of a verify killed mid-restore; never a live one's
        Instant started = clock.instant();
        LocalDate today = LocalDate.ofInstant(started, java.time.ZoneOffset.UTC);
        String runId = catalog.startRun(RunKind.VERIFY, trigger, today);
        List<Verdict> results = new ArrayList<>();
        java.util.Map<String, DatabaseOutcome> outcomes = new java.util.LinkedHashMap<>();
        try {
            for (StoredObject o : objects) {
                Instant begun = clock.instant();
                String db = o.database() == null ? o.key() : o.database();
                progress.started(db);
                Verdict r = verifyOne(o, decrypt, runId,
                        (phase, statements, bytesRead, total) -> progress.progress(db, statements, bytesRead));
                results.add(r);
                catalog.log(runId, r.ok() ? "INFO" : "ERROR", (r.ok() ? "verified " : "") + r.key() + ": "
                        + r.detail());
                listener.accept(r);
                DatabaseOutcome outcome = new DatabaseOutcome(db, r.ok() ? RunStatus.OK : RunStatus.FAILED, r.key(),
                        r.ok() ? o.rowCounts() : null, o.size(), Duration.between(begun, clock.instant()),
                        r.ok() ? null : r.detail());
                progress.finished(outcome);
                outcomes.merge(db, outcome, VerifyService::worse);
            }
        } finally {
            finish(runId, trigger, today, started, results.size() < objects.size(), outcomes.values());
        }
        return results;
    }

    private void finish(String runId, String trigger, LocalDate today, Instant started, boolean cut,
                        java.util.Collection<DatabaseOutcome> outcomes) {
        List<DatabaseOutcome> list = new ArrayList<>(outcomes);
        list.sort(java.util.Comparator.comparing(DatabaseOutcome::database));
        long ok = list.stream().filter(d -> d.status() == RunStatus.OK).count();
        RunStatus status = cut ? RunStatus.INTERRUPTED : ok == list.size() ? RunStatus.OK
                : ok == 0 ? RunStatus.FAILED : RunStatus.PARTIAL;
        try {
            for (DatabaseOutcome d : list) {
                catalog.recordOutcome(runId, d);
            }
        } finally {
            catalog.finishRun(runId, status);
        }
        notifier.notify(new RunReport(runId, RunKind.VERIFY, trigger, today, started, clock.instant(), status, list));
    }

    private static DatabaseOutcome worse(DatabaseOutcome a, DatabaseOutcome b) {
        if (a.status() == RunStatus.OK) {
            return b;
        }
        if (b.status() == RunStatus.OK) {
            return a;
        }
        return new DatabaseOutcome(a.database(), RunStatus.FAILED, a.objectKey(), null, a.bytes() + b.bytes(),
                a.duration().plus(b.duration()), a.error() + "; " + b.error());
    }

    private Verdict verifyOne(StoredObject o, boolean decrypt, String runId, RestoreProgress loading) {
        Verdict r = check(o, decrypt, runId, loading);
        if (r.damaged()) {
            try {
                records.damaged(o.key(), clock.instant(), r.what());
            } catch (RuntimeException e) {
                return new Verdict(r.key(), r.database(), r.outcome(), r.detail() + " (and recording the damage in the "
                        + "catalog failed: " + e.getMessage() + ")", r.what());
            }
        }
        return r;
    }

    private Verdict check(StoredObject o, boolean decrypt, String runId, RestoreProgress loading) {
        String db = o.database() == null ? o.key() : o.database();
        ScratchSpace.Need need;
        try {
            need = need(o, decrypt);
            java.util.Optional<String> noRoom = ScratchSpace.tooSmall(workDir, db, need, spareBytes, free);
            if (noRoom.isPresent()) {
                return new Verdict(o.key(), o.database(), Finding.CHECK_FAILED, noRoom.get());
            }
        } catch (IOException | RuntimeException e) {
            return new Verdict(o.key(), o.database(), Finding.CHECK_FAILED, "could not check " + o.key()
                    + ": the work folder " + workDir + " is not usable: " + e.getMessage());
        }
        try (ScratchSpace scratch = ScratchSpace.create(workDir)) {
            return check(o, decrypt, runId, scratch, need, loading);
        } catch (IOException e) {
            return new Verdict(o.key(), o.database(), Finding.CHECK_FAILED, "could not check " + o.key()
                    + ": no scratch folder under " + workDir + ": " + e.getMessage());
        }
    }

    private Verdict check(StoredObject o, boolean decrypt, String runId, ScratchSpace scratch,
                          ScratchSpace.Need need, RestoreProgress loading) {
        Path download = scratch.resolve("dump.sql" + suffixOf(o.key()));
        Path restored = scratch.resolve("restored.sqlite");
        boolean checksumOnly = dev.grove.patina.store.ObjectKeys.isEncrypted(o.key()) && !decrypt;
        try {
            try {
                downloads.download(new DownloadService.Target(o.key(), o.sha256()), download,
                        checksumOnly ? DownloadService.Form.STORED : DownloadService.Form.DECRYPTED, false,
                        List.of(), n -> { });
            } catch (ObjectCipher.KeyNeededException e) {
                return new Verdict(o.key(), o.database(), Finding.CHECK_FAILED, "could not check " + o.key()
                        + ": its stored bytes match the SHA-256, but " + e.getMessage());
            } catch (NoSuchObjectException e) {
                return new Verdict(o.key(), o.database(), Finding.MISSING, o.key()
                        + " is damaged: missing from the store (" + e.getMessage() + ")", "missing from the store");
            } catch (DownloadService.DamagedObjectException e) {
                return new Verdict(o.key(), o.database(), Finding.CHECKSUM_MISMATCH, e.getMessage(), e.what());
            }
            if (checksumOnly) {
                records.verified(o.key(), clock.instant()); // a replica's copy, or the primary's object: never both
                return new Verdict(o.key(), o.database(), Finding.OK, "the stored (encrypted) bytes match the"
                        + " SHA-256; not decrypted (patina verify --decrypt also opens and restores it)", null);
            }
            java.util.Optional<String> noRoom = need.exact() ? java.util.Optional.empty()
                    : roomAfterDownload(o, download);
            if (noRoom.isPresent()) {
                return new Verdict(o.key(), o.database(), Finding.CHECK_FAILED, noRoom.get());
            }
            RestoreReport report;
            try {
                report = restorer.restore(download, restored, RestoreOptions.all(), loading);
            } catch (RuntimeException e) {
                if (LocalFault.isLocal(e)) { // disk full, work folder unwritable: says nothing about the backup
                    return new Verdict(o.key(), o.database(), Finding.CHECK_FAILED, "could not check " + o.key()
                            + ": the test restore failed on this machine (" + e.getMessage() + ") — free space or "
                            + "fix the work folder, then verify again");
                }
                return new Verdict(o.key(), o.database(), Finding.RESTORE_FAILED, o.key()
                        + " is damaged: it matches its checksum but does not restore: " + e.getMessage(),
                        "does not restore: " + e.getMessage());
            }
            for (Map.Entry<String, Long> e : o.rowCounts().entrySet()) {
                Long actual = report.rowCounts().get(e.getKey());
                if ("sqlite_sequence".equals(e.getKey())) {
                    continue;
                }
                if (actual == null || !actual.equals(e.getValue())) {
                    String what = "row count mismatch: table " + e.getKey() + ": the catalog recorded " + e.getValue()
                            + " rows, the restore has " + actual;
                    return new Verdict(o.key(), o.database(), Finding.ROW_COUNT_MISMATCH, o.key() + " is damaged: "
                            + what, what);
                }
            }
            records.verified(o.key(), clock.instant());
            return proven(o, runId, report, restored);
        } catch (IOException | RuntimeException e) {
            return new Verdict(o.key(), o.database(), Finding.CHECK_FAILED, "could not check " + o.key() + ": "
                    + e.getMessage());
        }
    }

    /** Runs the test restore's checks on {@code restored}, records the proof and says how they fared. */
    private Verdict proven(StoredObject o, String runId, RestoreReport report, Path restored) throws IOException {
        String db = o.database() == null ? o.key() : o.database();
        List<CheckRun> runs = new ArrayList<>();
        runs.add(new CheckRun("restore", true, "restored " + report.rowCounts().size() + " tables ("
                + report.statements() + " statements)"));
        runs.add(new CheckRun("footer checksum and row counts", report.checksumVerified() && report.countsVerified(),
                report.checksumVerified() && report.countsVerified() ? "match the dump's footer"
                        : "the dump has no footer to check against"));
        runs.add(new CheckRun("row counts against the catalog", true, o.rowCounts().size() + " tables match"));
        try {
            runs.addAll(RestoreChecks.run(restored, checks.getOrDefault(db, List.of())));
        } catch (java.sql.SQLException e) {
            return new Verdict(o.key(), o.database(), Finding.CHECK_FAILED, "could not check " + o.key() + ": the "
                    + "restored copy could not be read: " + e.getMessage());
        }
        RestoreProofs.Proof proof = new RestoreProofs.Proof(o.key(), db, runId, clock.instant(), runs);
        records.proven(proof);
        List<CheckRun> failed = runs.stream().filter(c -> !c.passed()).toList();
        if (failed.isEmpty()) {
            long fts = runs.stream().filter(c -> c.check().startsWith("FTS ")).count();
            long own = runs.stream().filter(c -> c.check().startsWith("check ")).count();
            return new Verdict(o.key(), o.database(), Finding.OK, "verified restorable, " + proof.passed()
                    + " checks passed (restore, footer and catalog row counts, integrity_check ok, foreign_key_check ok"
                    + (fts > 0 ? ", " + fts + " FTS index(es) ok" : "") + (own > 0 ? ", " + own + " of the database's "
                    + "own checks" : "") + ")", null, runs);
        }
        String what = failed.size() + " of " + runs.size() + " checks failed: " + String.join("; ",
                failed.stream().map(c -> c.check() + " — " + c.result()).toList());
        return new Verdict(o.key(), o.database(), Finding.CHECKS_FAILED, db + " (" + o.key() + ") restores, but "
                + what, what, runs);
    }

    /**
     * What the test restore of {@code o} needs before its download: its expanded size as recorded at backup time;
     * an uncompressed dump's own size; else (an older backup) its stored size, and the download is measured before
     * the restore starts ({@link #roomAfterDownload}). An encrypted object checked by its checksum only needs its
     * download.
     */
    private ScratchSpace.Need need(StoredObject o, boolean decrypt) {
        if (dev.grove.patina.store.ObjectKeys.isEncrypted(o.key()) && !decrypt) {
            return new ScratchSpace.Need(o.size(), "as stored (checked by its checksum only)", true);
        }
        java.util.Optional<DownloadService.Target> base = baseOfDifferential(o);
        if (base.isPresent()) {
            return differentialNeed(o, base.get());
        }
        java.util.OptionalLong sql = downloads.sqlSizeOf(o.key());
        if (sql.isPresent()) {
            return new ScratchSpace.Need(sql.getAsLong(), "of SQL as recorded at backup time ("
                    + dev.grove.patina.util.Bytes.formatBytes(o.size()) + " as stored)", true);
        }
        boolean compressed = !suffixOf(o.key()).isEmpty();
        return new ScratchSpace.Need(o.size(), compressed ? "as stored (its expanded size is not recorded: an older "
                + "backup; measured after the download)" : "of SQL (stored uncompressed)", !compressed);
    }

    /** The full that {@code o} applies to when it is a differential daily (ADR 0016); empty for a full. */
    private java.util.Optional<DownloadService.Target> baseOfDifferential(StoredObject o) {
        try {
            DownloadService.Target self = new DownloadService.Target(o.key(), o.sha256());
            DownloadService.Target base = downloads.baseOf(self);
            return base.key().equals(o.key()) ? java.util.Optional.empty() : java.util.Optional.of(base);
        } catch (IOException e) {
            return java.util.Optional.empty(); // the download reports a chain it cannot follow
        }
    }

    /**
     * What the test restore of a differential daily needs: it is downloaded as the one dump it stands for (its full
     * and it, combined), so the full's expanded size counts as well as its own — both as recorded at backup time,
     * else (an older backup) their stored sizes, and the combined download is measured before the restore.
     */
    private ScratchSpace.Need differentialNeed(StoredObject o, DownloadService.Target base) {
        java.util.OptionalLong fullSql = downloads.sqlSizeOf(base.key());
        java.util.OptionalLong diffSql = downloads.sqlSizeOf(o.key());
        long fullStored = catalog.object(base.key()).map(StoredObject::size).orElse(0L);
        long full = fullSql.orElse(fullStored);
        long diff = diffSql.orElse(o.size());
        boolean exact = fullSql.isPresent() && diffSql.isPresent();
        return new ScratchSpace.Need(full + diff, "of SQL for the differential day: its full " + base.key() + " ("
                + dev.grove.patina.util.Bytes.formatBytes(full) + ") and the differential ("
                + dev.grove.patina.util.Bytes.formatBytes(diff) + "), combined on download"
                + (exact ? ", as recorded at backup time" : ", partly as stored (an older backup; measured after the "
                + "download)"), exact);
    }

    /**
     * For a compressed dump whose expanded size was not recorded (an older backup): measures it by decompressing the
     * download (nothing written), and says why the restore may not start when the room left is below it × 2 less
     * the download already there. Empty when there is room.
     */
    private java.util.Optional<String> roomAfterDownload(StoredObject o, Path download) throws IOException {
        long sql;
        try (java.io.InputStream in = dev.grove.patina.compress.Compression.decompressing(
                Files.newInputStream(download))) {
            sql = in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            return java.util.Optional.empty(); // the restore reports a dump that does not decompress
        }
        long downloaded = Files.size(download);
        String db = o.database() == null ? o.key() : o.database();
        return ScratchSpace.tooSmall(workDir, db, new ScratchSpace.Need(sql, "of SQL, measured by decompressing "
                        + "the download (" + dev.grove.patina.util.Bytes.formatBytes(downloaded) + ", already there)", true),
                spareBytes - downloaded, free);
    }

    private static String suffixOf(String key) {
        String k = key.endsWith(dev.grove.patina.store.ObjectKeys.AGE)
                ? key.substring(0, key.length() - dev.grove.patina.store.ObjectKeys.AGE.length()) : key;
        return k.endsWith(".gz") ? ".gz" : k.endsWith(".zst") ? ".zst" : "";
    }

}
