package dev.grove.patina.backup;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schema.SchemaReader;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly backup, one code path for every trigger (schedule, console button, CLI, API): every configured
 * database, {@code concurrency} at a time, each snapshot → dump → compress → upload to
 * {@code daily/<date>/<db>…} → catalog. Dump, compression and upload are one stream: nothing holds a whole dump in
 * memory. One database failing never stops the others; the run ends PARTIAL and says which. It records, it does
 * not alert: every road runs it through {@code run.RunService}, which alerts after every run.
 */
public final class BackupService {
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

    private final List<DatabaseSource> sources;
    private final BackupStore store;
    private final ObjectKeys keys;
    private final Catalog catalog;
    private final SqlDumpWriter writer;
    private final BackupSettings settings;
    private final DatabaseLocks locks;
    private final Redactor redactor;
    private final Clock clock;
    private final SchemaWatch schemaWatch;
    private final DifferentialBackup differentials;
    /**
     * Where the nightly's per-database parts run when they {@linkplain NightlyParts#takesParts() are taken}: a cluster
     * node's queue (ADR 0026); null, or a queue not taking parts: in this process (the default, and every desktop).
     */
    private final NightlyParts parts;

    public BackupService(List<DatabaseSource> sources, BackupStore store, ObjectKeys keys, Catalog catalog,
                         SqlDumpWriter writer, BackupSettings settings, DatabaseLocks locks, Redactor redactor,
                         Clock clock) {
        this(sources, store, keys, catalog, writer, settings, locks, redactor, clock, DifferentialPolicy.none(),
                null, null);
    }

    /**
     * A nightly that writes differentials for the databases {@code differentials} names (ADR 0016).
     *
     * @param diffWriter writes the differentials
     * @param scratch    a folder for a differential's rows while its deletes are gathered
     */
    public BackupService(List<DatabaseSource> sources, BackupStore store, ObjectKeys keys, Catalog catalog,
                         SqlDumpWriter writer, BackupSettings settings, DatabaseLocks locks, Redactor redactor,
                         Clock clock, DifferentialPolicy differentials, dev.grove.patina.dump.SqlDiffWriter diffWriter,
                         java.nio.file.Path scratch) {
        this(sources, store, keys, catalog, writer, settings, locks, redactor, clock, differentials, diffWriter,
                scratch, null);
    }

    /**
     * A nightly as above whose per-database parts go to {@code parts} while it takes them (a cluster node's queue,
     * ADR 0026, wired by the runtime).
     *
     * @param parts null: every nightly runs its databases in this process
     */
    public BackupService(List<DatabaseSource> sources, BackupStore store, ObjectKeys keys, Catalog catalog,
                         SqlDumpWriter writer, BackupSettings settings, DatabaseLocks locks, Redactor redactor,
                         Clock clock, DifferentialPolicy differentials, dev.grove.patina.dump.SqlDiffWriter diffWriter,
                         java.nio.file.Path scratch, NightlyParts parts) {
        this.parts = parts;
        this.sources = List.copyOf(sources);
        this.store = store;
        this.keys = keys;
        this.catalog = catalog;
        this.writer = writer;
        this.settings = settings;
        this.locks = locks;
        this.redactor = redactor;
        this.clock = clock;
        this.schemaWatch = new SchemaWatch(catalog, new SchemaReader());
        this.differentials = new DifferentialBackup(store, keys, catalog, writer, diffWriter, settings, differentials,
                scratch, schemaWatch, clock);
    }

    /** The configured databases' names, in configuration order. */
    public List<String> databaseNames() {
        return sources.stream().map(DatabaseSource::name).toList();
    }

    /**
     * Backs up every configured database (or only those named in {@code only}) for the date {@code now} falls on
     * in the configured zone. Blocks until the run is finished; never throws for a database's failure.
     *
     * @param trigger who asked: {@code schedule}, {@code catch-up}, {@code manual}, {@code cli}, {@code api}
     * @throws IllegalArgumentException when {@code only} names a database that is not configured
     */
    public RunReport runNightly(Instant now, String trigger, Set<String> only, BackupProgress progress) {
        return runNightly(now, trigger, only, progress, null);
    }

    /**
     * Runs the nightly backup as {@link #runNightly(Instant, String, Set, BackupProgress)} does, recording in the
     * catalog which missed scheduled fire time (ISO instant) a catch-up run stands in for.
     */
    public RunReport runNightly(Instant now, String trigger, Set<String> only, BackupProgress progress,
                                String catchUpOf) {
        List<DatabaseSource> chosen = choose(only);
        LocalDate date = LocalDate.ofInstant(now, settings.zone());
        Instant started = clock.instant();
        String runId;
        try {
            runId = catalog.startRun(RunKind.NIGHTLY, trigger, date, catchUpOf);
        } catch (dev.grove.patina.catalog.CatalogException e) {
            // no run the catalog does not know of (issue 17): a lost cluster PostgreSQL stops it here, nothing uploaded
            LOG.error("nightly run for {} not started: its start cannot be recorded: {}", date, e.getMessage());
            throw new dev.grove.patina.catalog.CatalogException("the nightly run for " + date + " was not started: "
                    + "its start cannot be recorded (" + e.getMessage() + ")", e);
        }
        LOG.info("nightly run {} for {} started ({} databases, trigger {})", runId, date, chosen.size(), trigger);
        List<DatabaseOutcome> outcomes = new ArrayList<>();
        String storeProblem = null;
        try {
            store.checkAccess();
        } catch (Exception e) {
            storeProblem = message(e);
            LOG.warn("nightly run {}: the store is not usable: {}", runId, storeProblem);
        }
        if (storeProblem == null) {
            try {
                int aborted = store.cleanUpInterruptedPuts(clock.instant().minus(Duration.ofDays(1)));
                if (aborted > 0) {
                    catalog.log(runId, "WARN", "aborted " + aborted + " unfinished upload(s) older than a day "
                            + "(left by an interrupted run)");
                }
            } catch (Exception e) {
                LOG.warn("nightly run {}: could not clean up interrupted uploads: {}", runId, message(e));
            }
        }
        if (stopAsked(progress)) {
            // cancelled during the store's checks (a library may have swallowed the interrupt): nothing started
            for (DatabaseSource source : chosen) {
                DatabaseOutcome o = failed(source.name(), Duration.ZERO, "interrupted before it started");
                outcomes.add(o);
                record(runId, o);
                progress.finished(o);
            }
            Thread.currentThread().interrupt();
            return finish(runId, date, started, trigger, outcomes);
        }
        if (storeProblem != null) {
            for (DatabaseSource source : chosen) {
                DatabaseOutcome o = failed(source.name(), Duration.ZERO, "not backed up: " + storeProblem);
                outcomes.add(o);
                record(runId, o);
                progress.finished(o);
            }
            return finish(runId, date, started, trigger, outcomes);
        }
        List<DatabaseOutcome> done = null;
        if (parts != null && parts.takesParts()) {
            try {
                done = parts.runParts(runId, date, since(date, started, trigger),
                        chosen.stream().map(DatabaseSource::name).toList(), progress);
            } catch (IllegalStateException closed) { // the node's scheduler stopped a moment ago: run them here
                LOG.warn("nightly run {}: {}; its databases run in this process", runId, closed.getMessage());
            }
        }
        if (done != null) {
            outcomes.addAll(done);
            if (stopAsked(progress)) {
                Thread.currentThread().interrupt();
            }
            return finish(runId, date, started, trigger, outcomes);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.concurrency(),
                Math.max(1, chosen.size())), r -> {
                    Thread t = new Thread(r, "patina-backup");
                    t.setDaemon(true);
                    return t;
                });
        List<Future<DatabaseOutcome>> futures = new ArrayList<>();
        boolean interrupted = false;
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            for (DatabaseSource source : chosen) {
                futures.add(pool.submit(() -> backupOneSafely(source, date, runId, progress, ended)));
            }
            for (Future<DatabaseOutcome> future : futures) {
                try {
                    future.get();
                } catch (InterruptedException e) {
                    interrupted = true; // cancelled or shutting down: stop the rest, keep what finished
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    // backupOneSafely catches everything: collected below
                }
            }
        } finally {
            for (Runnable neverStarted : pool.shutdownNow()) {
                ((Future<?>) neverStarted).cancel(false);
            }
        }
        if (interrupted) {
            awaitUninterruptibly(pool, STOP_WAIT);
        }
        for (int i = 0; i < futures.size(); i++) {
            outcomes.add(outcomeOf(futures.get(i), chosen.get(i).name(), runId, progress));
        }
        ended.set(true); // a database thread still stopping after this records nothing more
        if (interrupted || stopAsked(progress)) {
            Thread.currentThread().interrupt();
        }
        return finish(runId, date, started, trigger, outcomes);
    }

    /**
     * Since when a good daily of {@code date} counts as this night's (a fanned-out part does not upload it again):
     * for a scheduled or catch-up run, since the first nightly run of that date started (a run recovered after its
     * node died does not redo what the interrupted one stored); for a run someone asked for, since this run started
     * (a manual run backs up anew, as on one machine).
     */
    private Instant since(LocalDate date, Instant started, String trigger) {
        if (!dev.grove.patina.model.RunTrigger.SCHEDULE.equals(trigger)
                && !dev.grove.patina.model.RunTrigger.CATCH_UP.equals(trigger)) {
            return started;
        }
        Instant first = started;
        try {
            for (var r : catalog.runsOn(RunKind.NIGHTLY, date)) {
                if (r.startedAt().isBefore(first)) {
                    first = r.startedAt();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot read the nightly runs of {}: {}", date, message(e));
        }
        return first;
    }

    /**
     * One part of a fanned-out nightly (ADR 0026): backs up {@code database} for run {@code runId} on this node,
     * under the same per-database lock (across nodes) and through the same steps as a nightly run here, and records
     * its outcome in the run with the node that did it. When the database already has a good daily of {@code date}
     * stored since {@code since} — this part ran before on a node that died after storing it, or a recovered run's
     * part did — it is not uploaded again: the stored object is the outcome. So too when the store holds that daily,
     * complete under its final key and written since {@code since} (less a minute of clock skew), but the catalog
     * does not: the node died between the upload and its record; the object is recorded from its metadata.
     *
     * @param node       this node's name, recorded in the run's log
     * @param recovering true when the part is run again because the node that ran it died
     */
    public DatabaseOutcome runPart(String runId, LocalDate date, Instant since, String database, String node,
                                   boolean recovering) {
        Instant start = clock.instant();
        String where = " on node " + node + (recovering ? " (recovered: the node that ran it first died)" : "");
        DatabaseSource source = sources.stream().filter(s -> s.name().equals(database)).findFirst().orElse(null);
        DatabaseOutcome outcome;
        if (source == null) {
            outcome = failed(database, Duration.ZERO, "no database named " + database + " is configured on node "
                    + node + " (the nodes of a cluster must share their [[databases]])");
        } else {
            try (DatabaseLocks.Held lock = locks.lock(database)) {
                java.util.Optional<StoredObject> stored = storedSince(database, date, since);
                if (stored.isPresent()) {
                    StoredObject o = stored.get();
                    LOG.info("part {} of run {}: already stored as {} tonight: not uploaded again", database, runId,
                            o.key());
                    outcome = new DatabaseOutcome(database, RunStatus.OK, o.key(), o.rowCounts(), o.size(),
                            Duration.between(start, clock.instant()), null).onNode(node, recovering);
                    if (!recordedOk(runId, database) && recordPart(runId, outcome, where)) {
                        catalog.log(runId, "INFO", database + ": already stored tonight as " + o.key()
                                + ", not uploaded again" + where);
                    }
                    return outcome;
                }
                // a part (or the run) that ran before on a node that died may have stored it, not recorded it
                java.util.Optional<DatabaseOutcome> adopted = adopt(source, date, since, start);
                if (adopted.isPresent()) {
                    DatabaseOutcome mine = adopted.get().onNode(node, recovering);
                    if (!recordPart(runId, mine, where)) {
                        return mine;
                    }
                    catalog.log(runId, "INFO", database + ": the node that died had stored " + mine
                            .objectKey() + " but not recorded it: recorded now, not uploaded again" + where);
                    return mine;
                }
                outcome = backupOne(source, date, runId, BackupProgress.NONE, start);
            } catch (Throwable e) {
                outcome = failed(database, Duration.between(start, clock.instant()),
                        stoppedBy(e) ? "interrupted before it finished" : message(e));
                LOG.warn("backup of {} failed: {}", database, outcome.error());
            }
        }
        outcome = outcome.onNode(node, recovering); // the node and the recovery in the outcome's columns (ADR 0034)
        if (!recordPart(runId, outcome, where)) {
            return outcome;
        }
        try {
            catalog.log(runId, "INFO", database + ": ran" + where);
        } catch (RuntimeException e) {
            LOG.warn("cannot record the node of {} in run {}: {}", database, runId, message(e));
        }
        return outcome;
    }

    /**
     * Records a part's outcome in its run only while the run is running (issue 17, ADR 0036): a run that ended — it
     * was cancelled, its node shut down, or it was marked interrupted when its node died — gets no outcome from a
     * part that ends after it. What the part stored stays recorded as an object (a recovered run's part finds it).
     *
     * @param where  " on node X" (and the recovery), for the run's log
     * @return false when the run has ended: no outcome recorded in it (a log line in it says what the part did)
     */
    private boolean recordPart(String runId, DatabaseOutcome outcome, String where) {
        try {
            if (catalog.recordOutcomeWhileRunning(runId, outcome, true)) {
                logOutcome(runId, outcome);
                return true;
            }
        } catch (RuntimeException e) {
            LOG.error("cannot record the outcome of {} in the catalog: {}", outcome.database(), message(e));
            return false;
        }
        String line = outcome.database() + ": its part ended " + outcome.status().id() + where
                + " after its run had ended: its outcome is not recorded in the run" + (outcome.objectKey() == null
                ? "" : " (" + outcome.objectKey() + " stays recorded as an object)");
        LOG.warn("run {}: {}", runId, line);
        try {
            catalog.log(runId, "WARN", line); // a line, not an outcome: the run's record shows what became of it
        } catch (RuntimeException e) {
            LOG.warn("cannot log the late end of part {} in run {}: {}", outcome.database(), runId, message(e));
        }
        return false;
    }

    /** How far a store's clock may be behind a node's, when a recovered part compares their times. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /**
     * A part's database whose full daily a node that died stored completely — the store holds it under its
     * final key, written this night, with Patina's metadata — but died before recording it: recorded from the store's
     * metadata, not uploaded again. Empty when there is no such object (an upload cut off leaves none) or the
     * database takes differentials.
     */
    private java.util.Optional<DatabaseOutcome> adopt(DatabaseSource source, LocalDate date, Instant since,
                                                      Instant start) throws java.io.IOException {
        if (differentials.applies(source.name())) {
            return java.util.Optional.empty();
        }
        String key = keys.daily(date, source.name(), settings.compression().suffix() + settings.cipher().suffix());
        var head = store.head(key);
        if (head.isEmpty()) {
            return java.util.Optional.empty();
        }
        var info = head.get();
        java.util.Map<String, String> m = info.metadata();
        String sha256 = m.get(ObjectMetadata.SHA256);
        if (sha256 == null || !source.name().equals(m.get(ObjectMetadata.DATABASE)) || info.lastModified() == null
                || info.lastModified().isBefore(since.minus(CLOCK_SKEW))) {
            return java.util.Optional.empty();
        }
        java.util.Map<String, Long> rows = ObjectMetadata.decodeRows(m.get(ObjectMetadata.ROWS));
        StoredObject object = new StoredObject(key, source.name(), ObjectKind.DAILY, date, info.size(), sha256, rows,
                info.lastModified(), null, null);
        catalog.recordObject(settings.cipher().encrypting() ? object.encryptedTo(settings.cipher().recipients())
                : object);
        catalog.chains().forget(key);
        return java.util.Optional.of(new DatabaseOutcome(source.name(), RunStatus.OK, key, rows, info.size(),
                Duration.between(start, clock.instant()), null));
    }

    private java.util.Optional<StoredObject> storedSince(String database, LocalDate date, Instant since) {
        return catalog.latestDaily(database).filter(o -> date.equals(o.date()) && o.damagedAt() == null
                && o.createdAt() != null && !o.createdAt().isBefore(since));
    }

    private boolean recordedOk(String runId, String database) {
        return catalog.run(runId).map(r -> r.databases().stream().anyMatch(o -> o.database().equals(database)
                && o.status() == RunStatus.OK)).orElse(false);
    }

    /** Whether this run was asked to stop: its thread's interrupt, or the starter's flag. */
    private static boolean stopAsked(BackupProgress progress) {
        return Thread.currentThread().isInterrupted() || progress.stopRequested();
    }

    /** How long an interrupted run waits for its backup threads to stop after interrupting them. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    /** The outcome of one database's task: its own when it ran; "interrupted" when it was stopped before. */
    private DatabaseOutcome outcomeOf(Future<DatabaseOutcome> future, String database, String runId,
                                      BackupProgress progress) {
        if (future.isDone() && !future.isCancelled()) {
            try {
                return future.get();
            } catch (java.util.concurrent.ExecutionException | InterruptedException | RuntimeException e) {
                // backupOneSafely catches everything; an interrupt here cannot happen, the future is done
            }
        }
        DatabaseOutcome o = failed(database, Duration.ZERO, future.isCancelled()
                ? "interrupted before it started" : "interrupted (still stopping)");
        record(runId, o);
        progress.finished(o);
        return o;
    }

    /** True when {@code e} comes from this thread being interrupted (a cancel or a shutdown), not a real fault. */
    private static boolean stoppedBy(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.nio.channels.ClosedByInterruptException
                    || t instanceof java.nio.channels.FileLockInterruptionException
                    || t.getClass() == java.io.InterruptedIOException.class) { // not its subclass SocketTimeoutException
                return true;
            }
        }
        return false;
    }

    private static void awaitUninterruptibly(ExecutorService pool, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        boolean interrupted = false;
        while (!pool.isTerminated() && System.nanoTime() < deadline) {
            try {
                pool.awaitTermination(deadline - System.nanoTime(), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private RunReport finish(String runId, LocalDate date, Instant started, String trigger,
                             List<DatabaseOutcome> outcomes) {
        // read and clear the interrupt: the catalog must still record a stopped run (the run service then alerts)
        boolean interrupted = Thread.interrupted();
        try {
            RunStatus status = overall(outcomes, interrupted);
            catalog.finishRun(runId, status);
            RunReport report = new RunReport(runId, RunKind.NIGHTLY, trigger, date, started, clock.instant(), status,
                    outcomes);
            LOG.info("nightly run {} ended {}", runId, status.id());
            return report;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<DatabaseSource> choose(Set<String> only) {
        if (only == null || only.isEmpty()) {
            return sources;
        }
        Set<String> names = new LinkedHashSet<>(only);
        List<DatabaseSource> chosen = new ArrayList<>();
        for (DatabaseSource s : sources) {
            if (names.remove(s.name())) {
                chosen.add(s);
            }
        }
        if (!names.isEmpty()) {
            throw new IllegalArgumentException("no configured database named " + String.join(", ", names)
                    + " (configured: " + String.join(", ", databaseNames()) + ")");
        }
        return chosen;
    }

    private DatabaseOutcome backupOneSafely(DatabaseSource source, LocalDate date, String runId,
                                            BackupProgress progress, java.util.concurrent.atomic.AtomicBoolean ended) {
        Instant start = clock.instant();
        DatabaseOutcome outcome;
        try (DatabaseLocks.Held lock = locks.lock(source.name())) {
            if (stopAsked(progress)) {
                throw new InterruptedException("stopped before it started");
            }
            progress.started(source.name());
            outcome = backupOne(source, date, runId, progress, start);
        } catch (Throwable e) {
            outcome = failed(source.name(), Duration.between(start, clock.instant()),
                    stoppedBy(e) ? "interrupted before it finished" : message(e));
            LOG.warn("backup of {} failed: {}", source.name(), outcome.error());
        }
        if (ended.get()) {
            LOG.warn("backup of {} ended after its run {} was recorded ({}): not recorded again", source.name(),
                    runId, outcome.status().id());
            return outcome;
        }
        record(runId, outcome);
        progress.finished(outcome);
        return outcome;
    }

    private void record(String runId, DatabaseOutcome outcome) {
        try {
            catalog.recordOutcome(runId, outcome);
            logOutcome(runId, outcome);
        } catch (RuntimeException e) {
            LOG.error("cannot record the outcome of {} in the catalog: {}", outcome.database(), message(e));
        }
    }

    private void logOutcome(String runId, DatabaseOutcome outcome) {
        catalog.log(runId, outcome.status() == RunStatus.OK ? "INFO" : "ERROR", outcome.database() + ": "
                + (outcome.status() == RunStatus.OK ? "backed up " + outcome.rows() + " rows to "
                + outcome.objectKey() : outcome.error()));
        if (outcome.schemaChange() != null) {
            catalog.log(runId, "INFO", outcome.database() + ": schema changed since the previous backup: "
                    + outcome.schemaChange());
        }
    }

    private DatabaseOutcome backupOne(DatabaseSource source, LocalDate date, String runId, BackupProgress progress,
                                      Instant start) throws Exception {
        if (differentials.applies(source.name())) {
            return differentials.backupOne(source, date, runId, progress, start);
        }
        String key = keys.daily(date, source.name(), settings.compression().suffix() + settings.cipher().suffix());
        DailyDumpUpload.Written stored;
        // the catalog knows this run is storing the key: should the process die, the next one removes what is left
        catalog.beginPut(runId, key);
        try (DumpSnapshot snapshot = source.openSnapshot()) {
            DailyDumpUpload upload = new DailyDumpUpload(snapshot, writer,
                    DumpOptions.all(source.name(), settings.dialect()), settings.compression(),
                    settings.patinaVersion(), (table, tableRows, totalRows, bytes) ->
                            progress.progress(source.name(), totalRows, bytes), settings.cipher(),
                    settings.compressionWorkers());
            // the catalog records what the store confirmed; a store that confirms other bytes fails the database
            stored = upload.confirmedBy(store.put(key, upload), store.describe());
        } finally {
            endPut(runId, key);
        }
        Instant end = clock.instant();
        var previousSchema = schemaWatch.previous(source.name());
        StoredObject object = new StoredObject(key, source.name(), ObjectKind.DAILY, date, stored.size(),
                stored.sha256(), stored.summary().rowCounts(), end, null, null);
        catalog.recordObject(settings.cipher().encrypting() ? object.encryptedTo(settings.cipher().recipients())
                : object);
        catalog.chains().forget(key); // stored again as a plain full: no row manifest describes it (ADR 0016)
        String schemaChange = schemaWatch.record(key, source.name(), stored.summary(), previousSchema);
        return new DatabaseOutcome(source.name(), RunStatus.OK, key, stored.summary().rowCounts(), stored.size(),
                Duration.between(start, end), null, schemaChange);
    }

    /** The put ended (stored, or failed and discarded by the store); a catalog failure here loses nothing. */
    private void endPut(String runId, String key) {
        try {
            catalog.endPut(runId, key);
        } catch (RuntimeException e) {
            LOG.warn("cannot record the end of the put of {} in the catalog: {}", key, message(e));
        }
    }

    private DatabaseOutcome failed(String database, Duration duration, String error) {
        return new DatabaseOutcome(database, RunStatus.FAILED, null, null, 0, duration, redactor.redact(error));
    }

    static RunStatus overall(List<DatabaseOutcome> outcomes, boolean interrupted) {
        if (interrupted) {
            return RunStatus.INTERRUPTED;
        }
        long ok = outcomes.stream().filter(o -> o.status() == RunStatus.OK).count();
        if (ok == outcomes.size()) {
            return RunStatus.OK;
        }
        return ok == 0 ? RunStatus.FAILED : RunStatus.PARTIAL;
    }

    private String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return redactor.redact(m.replaceAll("\\s*\\R\\s*", " "));
    }
}
