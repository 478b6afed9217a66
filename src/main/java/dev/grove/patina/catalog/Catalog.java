package dev.grove.patina.catalog;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.util.JobIds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The catalog of every run and every stored object: what the history views, retention, verification and the "last
 * backup" status read. A local SQLite file by default; with {@code [cluster]}, the cluster's PostgreSQL, shared by
 * every node ({@link #openCluster}, ADR 0020). Both behind this one class, tested by one contract suite.
 *
 * <p><b>Threads.</b> One catalog is shared by the backup's parallel database jobs, the scheduler and the console:
 * every call runs as one transaction ({@link SqliteCatalogLink}: one connection under one lock, and why;
 * {@link PostgresCatalogLink}: a pooled connection per call).
 * The SQL of each table is its record class's ({@link RunRecords}, {@link OutcomeRecords}, {@link LogRecords},
 * {@link PutRecords}, {@link ObjectRecords}, {@link DamageRecords}); this class checks arguments and names the work.
 *
 * <p><b>Time.</b> Instants are stored as epoch milliseconds (UTC), so they come back truncated to the millisecond;
 * days ({@code runDate}, an object's {@code date}) as {@code YYYY-MM-DD}. "Now" comes from the injected clock.
 *
 * <p><b>Secrets.</b> The catalog stores exactly the text it is given (error messages, log lines); the callers
 * scrub secrets before they get here.
 */
public final class Catalog implements AutoCloseable {
    private final Path file;
    private final Clock clock;
    private final CatalogLink db;
    private final RunLocks leases;
    private final DeadRuns deadRuns;
    private final BackupSchemas schemas;
    private final ObjectCopies copies;
    private final RestoreProofs proofs;
    private final ObjectChains chains;
    /** The cluster node this process is (recorded on the runs it starts); null for a stand-alone process. */
    private final String node;

    private Catalog(Path file, Clock clock, CatalogLink db, RunLocks leases, String node) {
        this.node = node;
        this.file = file;
        this.clock = clock;
        this.db = db;
        this.leases = leases;
        this.deadRuns = new DeadRuns(db, leases);
        this.schemas = new BackupSchemas(db);
        this.copies = new ObjectCopies(db);
        this.proofs = new RestoreProofs(db);
        this.chains = new ObjectChains(db);
    }

    /** Each object's copies on the replica stores ({@code object_copies}). */
    public ObjectCopies copies() {
        return copies;
    }

    /**
     * Where the run locks of the catalog {@code file} are: {@code locks/runs/} beside it. A process holds an OS lock on
     * {@code <run id>.lock} there while the run goes on (see {@link #recoverDeadRuns()}).
     */
    public static Path runLockFolder(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return (parent == null ? Path.of("") : parent).resolve("locks").resolve("runs");
    }

    /**
     * Opens the catalog at {@code file}, creating it (and its folder) when missing and upgrading an older schema.
     *
     * @throws CatalogTooNewException when the file was written by a newer Patina
     * @throws CatalogException       when the file cannot be opened, is not a catalog, or an upgrade fails
     */
    public static Catalog open(Path file, Clock clock) {
        return open(file, clock, Migrations.standard());
    }

    static Catalog open(Path file, Clock clock, Migrations migrations) {
        Objects.requireNonNull(clock, "clock");
        Path path = file.toAbsolutePath().normalize();
        return new Catalog(path, clock, SqliteCatalogLink.open(path, migrations), new RunLeases(runLockFolder(path)),
                null);
    }

    /**
     * Opens the catalog in a cluster's PostgreSQL (ADR 0020): the tables Flyway's V3 and V4 created in {@code schema},
     * reached through the node's pool {@code pool} (which the caller keeps and closes). Run locks are PostgreSQL
     * advisory locks, seen by every node.
     *
     * @param where {@code host:port} of the server, for messages
     * @throws CatalogVersionException when the schema holds another catalog version than this code (both named)
     * @throws CatalogException        when the server cannot be read
     */
    public static Catalog openCluster(javax.sql.DataSource pool, String schema, String where, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return openCluster(pool, schema, where, clock, LostConnectionRetry.standard(), null);
    }

    /**
     * {@link #openCluster(javax.sql.DataSource, String, String, Clock)} for the cluster node {@code node}: the runs
     * this catalog starts record it as the node that ran them (ADR 0034). Null: no node recorded (a tool reading or
     * filling the cluster's catalog, not a node of it).
     */
    public static Catalog openCluster(javax.sql.DataSource pool, String schema, String where, Clock clock,
                                      String node) {
        Objects.requireNonNull(clock, "clock");
        return openCluster(pool, schema, where, clock, LostConnectionRetry.standard(), node);
    }

    /**
     * {@link #openCluster(javax.sql.DataSource, String, String, Clock)} with calls that lose their connection after
     * the opening retried as {@code retry} says (the default: {@link LostConnectionRetry#standard()}).
     */
    public static Catalog openCluster(javax.sql.DataSource pool, String schema, String where, Clock clock,
                                      LostConnectionRetry retry) {
        return openCluster(pool, schema, where, clock, retry, null);
    }

    /** As {@link #openCluster(javax.sql.DataSource, String, String, Clock, String)}, retrying as {@code retry} says. */
    public static Catalog openCluster(javax.sql.DataSource pool, String schema, String where, Clock clock,
                                      LostConnectionRetry retry, String node) {
        Objects.requireNonNull(clock, "clock");
        PostgresCatalogLink link = PostgresCatalogLink.open(pool, schema, where, Migrations.standard().latest())
                .retrying(retry);
        return new Catalog(null, clock, link, new PostgresRunLocks(pool, where),
                node == null || node.isBlank() ? null : node);
    }

    /**
     * After the cluster's PostgreSQL was lost and is back: takes the run locks of this process's running runs again
     * (their session ended with the outage), so that no node takes them for a dead node's runs. Nothing on SQLite.
     *
     * @return how many were taken again
     */
    public int retakeRunLocks() {
        return leases.retake();
    }

    /**
     * The cluster node this process is, recorded on every run it starts (ADR 0034); null for a stand-alone process,
     * whose runs record no node.
     */
    public String node() {
        return node;
    }

    /** The catalog version (the SQLite catalog's {@code user_version}) this code reads and writes. */
    public static int version() {
        return Migrations.standard().latest();
    }

    /**
     * The catalog file of a local (SQLite) catalog.
     *
     * @throws IllegalStateException for a cluster's catalog, which is no file (see {@link #location()})
     */
    public Path file() {
        if (file == null) {
            throw new IllegalStateException("the catalog is not a file: it is in " + db.location());
        }
        return file;
    }

    /** Where the catalog is, for messages: its file, or {@code postgresql://host:port schema …}. */
    public String location() {
        return db.location();
    }

    /** True for a cluster's catalog on PostgreSQL, false for a local SQLite file. */
    public boolean clustered() {
        return file == null;
    }

    /** The proofs of the test restores: which checks each restored object passed, when (version 5). */
    public RestoreProofs proofs() {
        return proofs;
    }

    /** Each differential daily's base full and the digests a restore must reproduce (version 6, ADR 0016). */
    public ObjectChains chains() {
        return chains;
    }

    /** The schemas the daily backups hold, recorded at backup time. */
    public BackupSchemas schemas() {
        return schemas;
    }

    // ---------------------------------------------------------------------------------------------- runs

    /**
     * Records the start of a run, status {@link RunStatus#RUNNING}, started now.
     *
     * @param trigger who started it: {@code schedule}, {@code catch-up}, {@code manual}, {@code cli}, {@code api}
     * @param runDate the day the run backs up
     * @return the new run's id, a job id (UUID)
     */
    public String startRun(RunKind kind, String trigger, LocalDate runDate) {
        return startRun(kind, trigger, runDate, null);
    }

    /**
     * Records the start of a run as {@link #startRun(RunKind, String, LocalDate)} does, noting what a catch-up run
     * makes up for.
     *
     * @param catchUpOf the missed scheduled fire time (ISO instant) a catch-up run stands in for; null otherwise
     */
    public String startRun(RunKind kind, String trigger, LocalDate runDate, String catchUpOf) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(runDate, "runDate");
        String id = JobIds.newId();
        long now = nowMillis();
        // the lock first: a running row whose lock is free always belongs to a process that is gone
        leases.acquire(id);
        try {
            db.update("starting a " + kind.id() + " run",
                    c -> RunRecords.insertRun(c, id, kind, trigger, runDate, now, catchUpOf, node));
        } catch (RuntimeException e) {
            leases.release(id);
            throw e;
        }
        return id;
    }

    /**
     * Records that run {@code runId} is a recovered fire: the node that fired it first died, and this catalog's node
     * (recorded when the run started) ran it again (ADR 0034).
     *
     * @throws IllegalArgumentException when there is no run {@code runId}
     */
    public void markRecovered(String runId) {
        int updated = db.write("marking run " + runId + " recovered", c -> RunRecords.markRecovered(c, runId));
        if (updated == 0) {
            throw new IllegalArgumentException("the catalog has no run " + runId);
        }
    }

    /**
     * Records (or replaces) the outcome of one database of a run. An outcome that names no node (its
     * {@link DatabaseOutcome#node()} is null) is recorded with this catalog's {@link #node()}: the process that
     * records it did that database's part.
     *
     * @throws IllegalArgumentException when there is no run {@code runId}
     */
    public void recordOutcome(String runId, DatabaseOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(outcome.database(), "outcome.database");
        Objects.requireNonNull(outcome.status(), "outcome.status");
        // an outcome that names no node was made by this process: a cluster node records its own name (ADR 0034)
        DatabaseOutcome mine = outcome.node() == null && node != null ? outcome.onNode(node, outcome.recovered())
                : outcome;
        db.update("recording the outcome of " + outcome.database() + " in run " + runId, c -> {
            RunRecords.require(c, runId);
            OutcomeRecords.upsert(c, runId, mine);
        });
    }

    /**
     * Records the outcome of one database of a run only while that run is still {@link RunStatus#RUNNING}, in one
     * transaction that first takes the run's row (a {@link #finishRun} waits for it, or it sees the run ended): a
     * cluster nightly's part never writes into a run that has ended (issue 17, ADR 0036).
     *
     * @param replace false: an outcome the database already has in the run is kept (the run's own node recording
     *                "cancelled" for the parts it stops never hides what a part recorded a moment before)
     * @return false when the run has ended (or is unknown), or {@code replace} is false and the database has an
     *         outcome already: nothing was written
     */
    public boolean recordOutcomeWhileRunning(String runId, DatabaseOutcome outcome, boolean replace) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(outcome.database(), "outcome.database");
        Objects.requireNonNull(outcome.status(), "outcome.status");
        // as recordOutcome: an outcome that names no node was made by this process (ADR 0034)
        DatabaseOutcome mine = outcome.node() == null && node != null ? outcome.onNode(node, outcome.recovered())
                : outcome;
        return db.write("recording the outcome of " + outcome.database() + " in run " + runId, c -> {
            if (!RunRecords.holdWhileRunning(c, runId)) {
                return false;
            }
            if (!replace && OutcomeRecords.exists(c, runId, outcome.database())) {
                return false;
            }
            OutcomeRecords.upsert(c, runId, mine);
            return true;
        });
    }

    /**
     * Records the end of a run: its final status, ended now.
     *
     * @throws IllegalArgumentException when there is no run {@code runId}, or {@code status} is RUNNING
     */
    public void finishRun(String runId, RunStatus status) {
        Objects.requireNonNull(status, "status");
        if (status == RunStatus.RUNNING) {
            throw new IllegalArgumentException("run " + runId + " cannot finish as running");
        }
        long now = nowMillis();
        int updated;
        try {
            updated = db.write("finishing run " + runId, c -> RunRecords.finish(c, runId, status, now));
        } finally {
            leases.release(runId); // after the end is recorded: a free lock never meets a running row of a live run
        }
        if (updated == 0) {
            throw new IllegalArgumentException("the catalog has no run " + runId);
        }
    }

    /**
     * Marks every run still {@link RunStatus#RUNNING} that no other process is running as
     * {@link RunStatus#INTERRUPTED}, ended now, with a log line: the runs of processes that are gone (see
     * {@link #recoverDeadRuns()}) and the runs this catalog started and has not finished. Call it at start-up of the
     * process that runs the schedule, before it starts any run, and when it stops. A run another live process is
     * running (a CLI backup beside the daemon) is left alone: its OS lock says it is alive.
     *
     * @return how many runs were marked
     */
    public int markInterruptedRuns() {
        return deadRuns.markInterrupted(nowMillis());
    }

    /**
     * What a run that died (its process killed or crashed) left to clean up.
     *
     * @param markedNow   true when this call marked the run interrupted (false: it was marked before, but puts of it
     *                    were still unfinished)
     * @param pendingKeys the keys it was storing when it died: the store may hold temporary files or unfinished
     *                    uploads of exactly these keys (a key another live run is storing now is left out)
     */
    public record DeadRun(String id, RunKind kind, Instant startedAt, boolean markedNow, List<String> pendingKeys) {
        public DeadRun {
            pendingKeys = List.copyOf(pendingKeys);
        }
    }

    /**
     * Finds the runs whose process is gone — every process that runs one holds an OS lock on its lock file (in
     * {@link #runLockFolder}) until the run ends, and the OS releases it when the process dies — marks those still
     * {@link RunStatus#RUNNING} as {@link RunStatus#INTERRUPTED} with a log line, and returns them with the puts
     * they left unfinished. Safe beside other processes running backups: a live run's lock is held, so it is never
     * touched. Any process that opens the catalog and the store calls it (the CLI included).
     *
     * @return the dead runs that were marked now or still have unfinished puts, oldest first
     */
    public List<DeadRun> recoverDeadRuns() {
        return deadRuns.recover(nowMillis());
    }

    /**
     * Records that run {@code runId} starts storing {@code key}: until {@link #endPut} (or, should its process die,
     * until the next process has cleaned up after it), the store may hold a temporary file or an unfinished upload of
     * that key that belongs to the run.
     */
    public void beginPut(String runId, String key) {
        Objects.requireNonNull(key, "key");
        long now = nowMillis();
        db.update("recording the put of " + key + " by run " + runId, c -> {
            RunRecords.require(c, runId);
            PutRecords.insert(c, runId, key, now);
        });
    }

    /** Records that run {@code runId}'s put of {@code key} ended (stored, or failed and cleaned up by the store). */
    public void endPut(String runId, String key) {
        db.update("recording the end of the put of " + key + " by run " + runId,
                c -> PutRecords.delete(c, runId, key));
    }

    /** Forgets the unfinished puts of a dead run once the store has been cleaned of them. */
    public void clearPuts(String runId) {
        db.update("forgetting the unfinished puts of run " + runId, c -> PutRecords.clear(c, runId));
    }

    /**
     * Appends a log line to a run, stamped now. The message is stored as given.
     *
     * @param level such as {@code INFO}, {@code WARN}, {@code ERROR}
     * @throws IllegalArgumentException when there is no run {@code runId}
     */
    public void log(String runId, String level, String message) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        long now = nowMillis();
        db.update("logging to run " + runId, c -> {
            RunRecords.require(c, runId);
            LogRecords.insert(c, runId, now, level, message);
        });
    }

    /** The log lines of a run, oldest first; empty when there are none or no such run. */
    public List<LogLine> runLog(String runId) {
        return db.read("reading the log of run " + runId, c -> LogRecords.of(c, runId));
    }

    /** The {@code limit} most recently started runs, newest first, each with its per-database outcomes. */
    public List<RunSummary> recentRuns(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " is not ≥ 1");
        }
        return db.read("reading recent runs", c -> RunRecords.recent(c, limit));
    }

    /**
     * How many failed per-database outcomes the catalog holds, by database name (databases that never failed are
     * absent), verify runs left out (damage a verify finds is not a failed backup): what the API's
     * {@code patina_backup_failures_total} counter reports.
     */
    public Map<String, Long> failedOutcomeCounts() {
        return db.read("counting failed outcomes", OutcomeRecords::failedCounts);
    }

    /**
     * The cluster node that stored each of {@code keys}, from the outcomes of the runs that stored them (ADR 0034);
     * keys no node is recorded for (a stand-alone process's objects, weekly archives) are left out.
     */
    public Map<String, String> nodesOf(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        List<String> list = List.copyOf(keys);
        return list.isEmpty() ? Map.of() : db.read("reading the nodes of " + list.size() + " objects",
                c -> OutcomeRecords.nodesOf(c, list));
    }

    /**
     * Whether any run or database outcome names a cluster node (ADR 0034): the views show a Node column only then,
     * so a desktop's catalog, whose runs name none, shows none.
     */
    public boolean hasNodes() {
        return db.read("looking for nodes", OutcomeRecords::anyNode);
    }

    /** One run with its per-database outcomes. */
    public Optional<RunSummary> run(String id) {
        return db.read("reading run " + id, c -> RunRecords.find(c, id));
    }

    /** The most recently started run of {@code kind}, whatever its status (it may still be running). */
    public Optional<RunSummary> lastRun(RunKind kind) {
        Objects.requireNonNull(kind, "kind");
        return db.read("reading the last " + kind.id() + " run", c -> RunRecords.last(c, kind));
    }

    /** The runs of {@code kind} for the day {@code runDate}, newest first (what guards against a second daily). */
    public List<RunSummary> runsOn(RunKind kind, LocalDate runDate) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(runDate, "runDate");
        return db.read("reading the " + kind.id() + " runs of " + runDate, c -> RunRecords.on(c, kind, runDate));
    }

    // ------------------------------------------------------------------------------------------- objects

    /**
     * Records an object stored in the backup store. The key is unique: recording a key again (a second backup of
     * the same day) replaces the row with {@code o} as given, so a fresh upload, which has no verification,
     * deletion or delete error, clears those of the object it overwrote.
     */
    public void recordObject(StoredObject o) {
        Objects.requireNonNull(o, "object");
        db.update("recording object " + o.key(), c -> ObjectRecords.upsert(c, o));
    }

    /**
     * Records many objects in one transaction, each as {@link #recordObject} does (for rebuilding the catalog
     * from a store listing).
     */
    public void recordObjects(Collection<StoredObject> objects) {
        List<StoredObject> copy = List.copyOf(objects);
        db.update("recording " + copy.size() + " objects", c -> {
            for (StoredObject o : copy) {
                ObjectRecords.upsert(c, o);
            }
        });
    }

    /** The object with this key, present or deleted. */
    public Optional<StoredObject> object(String key) {
        return db.read("reading object " + key, c -> ObjectRecords.get(c, key));
    }

    /**
     * Records that a check (verify, a download) found the object damaged or missing: from now on it is never a good
     * copy — not the last good backup, not the copy retention keeps by safety — until a verify succeeds or the key is
     * stored again. The text is stored as given.
     *
     * @param what what failed, e.g. {@code checksum mismatch: SHA-256 is 3f… but ab… was recorded}
     * @return false when the catalog has no object with this key
     */
    public boolean markDamaged(String key, Instant at, String what) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(what, "what");
        return db.write("marking " + key + " damaged", c -> DamageRecords.markDamaged(c, key, millis(at), what));
    }

    /** The present objects known damaged or missing, newest first. */
    public List<StoredObject> damagedObjects() {
        return db.read("reading damaged objects", DamageRecords::damaged);
    }

    /**
     * Records a successful verification of an object (which clears damage recorded earlier: it restored whole).
     *
     * @return false when the catalog has no object with this key
     */
    public boolean markVerified(String key, Instant at) {
        Objects.requireNonNull(at, "at");
        return db.write("marking " + key + " verified", c -> ObjectRecords.markVerified(c, key, millis(at)));
    }

    /**
     * Records that an object was deleted from the store; the row stays as history, and a delete error recorded
     * earlier is cleared.
     *
     * @return false when the catalog has no object with this key
     */
    public boolean markDeleted(String key, Instant at) {
        Objects.requireNonNull(at, "at");
        return db.write("marking " + key + " deleted", c -> ObjectRecords.markDeleted(c, key, millis(at)));
    }

    /**
     * Records that deleting an object failed; the object stays present. The error is stored as given.
     *
     * @return false when the catalog has no object with this key
     */
    public boolean recordDeleteFailure(String key, String error) {
        Objects.requireNonNull(error, "error");
        return db.write("recording a failed delete of " + key,
                c -> ObjectRecords.recordDeleteFailure(c, key, error));
    }

    /** One page of the objects that match {@code q}, newest first, with the number of all matching objects. */
    public Page<StoredObject> findObjects(ObjectQuery q) {
        Objects.requireNonNull(q, "query");
        return db.read("searching objects", c -> ObjectRecords.find(c, db.dialect(), q));
    }

    /**
     * The newest present daily of {@code database} not known to be damaged: what a restore of "the latest backup"
     * uses, and what {@code status} and the dashboard call the last good backup.
     */
    public Optional<StoredObject> latestGood(String database) {
        Objects.requireNonNull(database, "database");
        return db.read("reading the latest backup of " + database, c -> ObjectRecords.latestGood(c, database));
    }

    /** The newest present daily of {@code database}, damaged or not (what {@code verify} checks by default). */
    public Optional<StoredObject> latestDaily(String database) {
        Objects.requireNonNull(database, "database");
        return db.read("reading the newest daily of " + database, c -> ObjectRecords.latestDaily(c, database));
    }

    // ------------------------------------------------------------------------------------------ plumbing

    /** Closes the connection; calls after this throw {@link IllegalStateException}. */
    @Override
    public void close() {
        // nothing more can be recorded: the next process marks the runs still held interrupted
        db.close(leases::releaseAll);
    }

    private long nowMillis() {
        return millis(clock.instant());
    }

    private static long millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    }
}
