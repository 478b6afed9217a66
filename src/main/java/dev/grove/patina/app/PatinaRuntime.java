package dev.grove.patina.app;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.BackupSettings;
import dev.grove.patina.backup.DatabaseLocks;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.backup.SchemaCompareService;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.backup.RunRecovery;
import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.schedule.cluster.ClusterDatabase;
import dev.grove.patina.schedule.cluster.ClusterNodes;
import dev.grove.patina.backup.NodePartsQueue;
import dev.grove.patina.schedule.cluster.PostgresDatabaseLocks;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.S3StoreConfig;
import dev.grove.patina.config.SqliteDatabaseConfig;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.run.RunService;
import dev.grove.patina.schema.SchemaReader;
import dev.grove.patina.run.RunWorks;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.d1.D1Source;
import dev.grove.patina.source.d1.RateLimiter;
import dev.grove.patina.util.Sleeper;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.util.Secret;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a configured Patina needs, built from one {@link PatinaConfig} in one place: the store, the catalog,
 * the notifier, the database sources and the services over them. The CLI, the daemon, the console and the API
 * all run on one of these. Close it to release the catalog and the store's threads.
 */
public final class PatinaRuntime implements AutoCloseable {
    private final PatinaConfig config;
    private final Services core;
    private final BackupStore store;
    private final ObjectKeys keys;
    private final Catalog catalog;
    /** The cluster's PostgreSQL that holds the catalog with {@code [cluster]}; null without. */
    private final ClusterDatabase clusterDatabase;
    /** This node's per-database locks in the cluster's PostgreSQL (ADR 0024); null without {@code [cluster]}. */
    private final PostgresDatabaseLocks clusterLocks;
    /** The cluster's nodes as Quartz records them, for status and health; null without {@code [cluster]}. */
    private final ClusterNodes clusterNodes;
    private final Notifier notifier;
    private final BackupService backups;
    private final DownloadService downloads;
    private final SchemaCompareService schemaComparer;
    private final VerifyService verifier;
    private final Redactor redactor;
    private final dev.grove.patina.backup.CleanupService cleanup;
    private final dev.grove.patina.backup.weekly.WeeklyArchiver weeklyArchiver;
    /** The one road of every run (cron, catch-up, console, tray, CLI, API); exists with or without a scheduler. */
    private final RunService runs;
    /** Cloudflare counts API requests per user: all D1 sources (and restores into D1) share one budget. */
    private final RateLimiter d1Limiter;
    private final List<DatabaseSource> sources;
    private final List<RunRecovery.Recovered> recovered;
    /** The {@code [[replicas]]}, opened; copies go to them after every run (issue 14). */
    private final ReplicaStores replicas;
    /** In a cluster: where a nightly's parts go while this process's daemon takes parts (ADR 0026); else null. */
    private final NodePartsQueue clusterParts;
    private final dev.grove.patina.backup.replica.ReplicaSync replicaSync;

    private PatinaRuntime(PatinaConfig config, Services core) {
        this.config = config;
        this.core = core;
        Clock clock = core.clock();
        this.d1Limiter = RateLimiter.cloudflareDefault(clock, Sleeper.system());
        this.redactor = new Redactor(secretsOf(config));
        this.keys = new ObjectKeys(config.store().prefix());
        this.store = StoreFactory.open(config.store());
        Catalog opened = null;
        ClusterDatabase cluster = null;
        try {
            if (config.cluster().isPresent()) {
                // [cluster]: the catalog is the cluster's, in its PostgreSQL (ADR 0020); the schema is migrated first
                cluster = ClusterDatabase.open(config.cluster().get());
                // the runs this process starts record this node's name (ADR 0034)
                opened = Catalog.openCluster(cluster.dataSource(), cluster.schema(), cluster.hostPort(), clock,
                        ClusterNodes.nodeName(config.cluster().get()));
            } else {
                opened = Catalog.open(config.catalog().path(), clock);
            }
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            StoreFactory.close(store);
            throw e;
        }
        this.catalog = opened;
        this.clusterDatabase = cluster;
        String node = cluster == null ? null : ClusterNodes.nodeName(config.cluster().get());
        this.clusterLocks = cluster == null ? null : new PostgresDatabaseLocks(cluster, node);
        this.clusterNodes = cluster == null ? null : new ClusterNodes(cluster, node, clock);
        this.replicas = ReplicaStores.open(config.replicas());
        this.replicaSync = new dev.grove.patina.backup.replica.ReplicaSync(store, keys, catalog, replicas.list(),
                redactor, clock);
        this.notifier = NotifierFactory.of(config.alerts(), clock);
        List<DatabaseSource> sources = new ArrayList<>();
        for (DatabaseConfig db : config.databases()) {
            sources.add(source(db, d1Limiter));
        }
        this.sources = List.copyOf(sources);
        dev.grove.patina.backup.ObjectCipher cipher = EncryptionFactory.of(config.encryption());
        BackupSettings settings = new BackupSettings(config.compression().daily(), config.schedule().timezone(),
                config.schedule().concurrency(), DumpDialect.D1, core.version(), cipher,
                config.compression().effectiveWorkers());
        // in a cluster, a database's lock also holds across the nodes (issue 17): whichever node or road asks
        DatabaseLocks locks = new DatabaseLocks(config.catalog().path().toAbsolutePath().getParent().resolve("locks"),
                clusterLocks, Sleeper.system());
        // strategy = "differential" (ADR 0016, 0027): SQLite files and D1 databases in query mode, both read through
        // DumpSnapshot (the config refuses it with mode = "export")
        java.util.Set<String> differential = new java.util.HashSet<>();
        for (DatabaseConfig db : config.databases()) {
            if (db.differential()) {
                differential.add(db.name());
            }
        }
        Path dataFolder = config.catalog().path().toAbsolutePath().getParent();
        // in a cluster, a nightly started here fans out through the cluster's queue while this process is a node
        // taking parts (its daemon's scheduler runs: ADR 0026); a console or a one-shot CLI never opens it
        this.clusterParts = cluster == null ? null : new NodePartsQueue();
        this.backups = new BackupService(sources, store, keys, catalog, core.dumpWriter(), settings, locks, redactor,
                clock, new dev.grove.patina.backup.DifferentialPolicy(differential, dataFolder.resolve("manifests"),
                        catalog), new dev.grove.patina.dump.SqlDiffWriter(clock, core.version()),
                dataFolder.resolve("tmp"), clusterParts);
        this.downloads = new DownloadService(store, keys, catalog, clock, cipher);
        Path work = config.catalog().path().toAbsolutePath().getParent().resolve("tmp");
        this.schemaComparer = new SchemaCompareService(catalog, downloads, new SchemaReader(), work);
        this.verifier = new VerifyService(downloads, core.restorer(), catalog, clock, work, notifier)
                .withChecks(checksOf(config));
        this.cleanup = new dev.grove.patina.backup.CleanupService(store, keys, catalog, clock,
                new dev.grove.patina.backup.replica.ReplicaPlanNotes(replicas.names()));
        this.weeklyArchiver = new dev.grove.patina.backup.weekly.WeeklyArchiver(store, keys, catalog, clock,
                core.version(), backups.databaseNames(), work, cipher);
        java.util.Map<dev.grove.patina.model.RunKind, dev.grove.patina.run.RunWork> works = new java.util.EnumMap<>(
                RunWorks.of(backups, weeklyArchiver, cleanup, new RetentionPolicy(config.retention().dailyDays(),
                        config.retention().weeklyWeeks()), catalog, config.schedule().timezone(), replicaSync));
        // the scheduled and ordered test restore; the run service alerts after it, so this verifier does not
        // (its scope names the store: null is the primary, else a replica whose copies are verified)
        VerifyService quietPrimary = new VerifyService(downloads, core.restorer(), catalog, clock, work,
                Notifier.none()).withChecks(checksOf(config));
        works.put(dev.grove.patina.model.RunKind.VERIFY, RunWorks.verify(
                name -> name == null ? quietPrimary : verifierOf(name, Notifier.none()), catalog,
                backups.databaseNames()));
        this.runs = new RunService(works, catalog, config.schedule().timezone(),
                config.schedule().cleanupAfterWeekly(), notifier, clock);
        // any process that opens the catalog and the store cleans up after runs whose process died
        this.recovered = new RunRecovery(catalog, store, keys, locks, work, redactor).recover();
    }

    /** The cluster's queue of nightly parts this runtime's backups hand out through; empty without {@code [cluster]}. */
    public java.util.Optional<NodePartsQueue> clusterParts() {
        return java.util.Optional.ofNullable(clusterParts);
    }

    /**
     * Whether this process sends the heartbeat now: always without {@code [cluster]}; in a cluster only on the one
     * node holding the heartbeat's turn (issue 17: once per cluster), which gives it up while it is unhealthy (ADR 0036).
     */
    public HeartbeatTurn heartbeatTurn() {
        if (clusterLocks == null) {
            return HeartbeatTurn.ALWAYS;
        }
        PostgresDatabaseLocks locks = clusterLocks;
        return new HeartbeatTurn() {
            @Override
            public boolean take() {
                return locks.heartbeatTurn();
            }

            @Override
            public void giveUp() {
                locks.giveUpHeartbeatTurn();
            }
        };
    }

    /**
     * After the cluster's PostgreSQL was lost and is back (issue 17): takes the locks this process held there again —
     * its running runs' and its running backups' — on new sessions (the old ones ended with the outage). Nothing
     * without {@code [cluster]}.
     */
    public void retakeClusterLocks() {
        if (clusterLocks == null) {
            return;
        }
        int runs = catalog.retakeRunLocks();
        List<String> databases = clusterLocks.retake();
        if (runs > 0 || !databases.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(PatinaRuntime.class).info("took back the cluster locks of {} running "
                    + "run(s) and of {} after PostgreSQL came back", runs, databases);
        }
    }

    /** The runs of dead processes this runtime found at start: marked interrupted and cleaned up after. */
    public List<RunRecovery.Recovered> recovered() {
        return recovered;
    }

    /** Builds the runtime for {@code config}; fails with a clear message when the store or catalog cannot open. */
    public static PatinaRuntime open(PatinaConfig config, Services core) {
        return new PatinaRuntime(config, core);
    }

    private DatabaseSource source(DatabaseConfig db, RateLimiter d1Limiter) {
        if (db instanceof SqliteDatabaseConfig sqlite) {
            return new SqliteFileSource(sqlite.name(), sqlite.path());
        }
        return D1Source.create((D1DatabaseConfig) db, d1Limiter, dev.grove.patina.source.d1.D1Settings.defaults(),
                core.clock(), core.restorer());
    }

    /** Each database's own test-restore checks ({@code [[databases]] checks}). */
    private static java.util.Map<String, List<String>> checksOf(PatinaConfig config) {
        java.util.Map<String, List<String>> checks = new java.util.HashMap<>();
        for (DatabaseConfig db : config.databases()) {
            checks.put(db.name(), db.checks());
        }
        return checks;
    }

    private static List<Secret> secretsOf(PatinaConfig config) {
        List<Secret> secrets = new ArrayList<>();
        if (config.store() instanceof S3StoreConfig s3) {
            secrets.add(s3.secretAccessKey());
        }
        for (DatabaseConfig db : config.databases()) {
            if (db instanceof D1DatabaseConfig d1) {
                secrets.add(d1.apiToken());
            }
        }
        config.alerts().webhookUrl().ifPresent(secrets::add);
        config.api().token().ifPresent(secrets::add);
        secrets.addAll(ReplicaStores.secretsOf(config.replicas()));
        config.encryption().passphrase().ifPresent(secrets::add);
        config.encryption().identityKey().ifPresent(secrets::add);
        config.cluster().ifPresent(c -> secrets.add(c.password()));
        return secrets;
    }

    public PatinaConfig config() {
        return config;
    }

    /**
     * The files of this machine Patina reads as configured — the config file and every SQLite database — which a
     * command's output file may never be, {@code --force} or not.
     */
    public List<Path> configuredFiles() {
        List<Path> files = new ArrayList<>();
        files.add(config.file());
        for (DatabaseConfig db : config.databases()) {
            if (db instanceof SqliteDatabaseConfig sqlite) {
                files.add(sqlite.path());
            }
        }
        return List.copyOf(files);
    }

    public Services core() {
        return core;
    }

    public Clock clock() {
        return core.clock();
    }

    public BackupStore store() {
        return store;
    }

    public ObjectKeys keys() {
        return keys;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Notifier notifier() {
        return notifier;
    }

    public BackupService backups() {
        return backups;
    }

    public DownloadService downloads() {
        return downloads;
    }

    public VerifyService verifier() {
        return verifier;
    }

    /** Schema comparisons of backups (recorded schemas first, dumps otherwise). */
    public SchemaCompareService schemaComparer() {
        return schemaComparer;
    }

    /**
     * Restores into the configured D1 database {@code name} through Cloudflare's import API.
     *
     * @throws IllegalArgumentException when no D1 database of that name is configured
     */
    public dev.grove.patina.source.d1.D1Importer d1Importer(String name) {
        for (DatabaseSource s : sources) {
            if (s.name().equals(name) && s instanceof D1Source d1) {
                return new dev.grove.patina.source.d1.D1Importer(d1.client(),
                        new dev.grove.patina.dump.RestoreGuard(), name,
                        config.catalog().path().toAbsolutePath().getParent().resolve("tmp"));
            }
        }
        throw new IllegalArgumentException("no D1 database named " + name + " is configured (D1 databases: "
                + String.join(", ", config.databases().stream().filter(d -> d instanceof D1DatabaseConfig)
                .map(DatabaseConfig::name).toList()) + ")");
    }

    /** The retention cleanup over this runtime's store and catalog (apply it through {@link #runs()}). */
    public dev.grove.patina.backup.CleanupService cleanup() {
        return cleanup;
    }

    /** The weekly archiver over this runtime's store, catalog and configured databases (archive through runs). */
    public dev.grove.patina.backup.weekly.WeeklyArchiver weeklyArchiver() {
        return weeklyArchiver;
    }

    /** The run service: every nightly, weekly and cleanup of this process goes through it. */
    public RunService runs() {
        return runs;
    }

    public Redactor redactor() {
        return redactor;
    }

    /** The replicas' sync: what every run does after its work (the replicas, their names, their stores). */
    public dev.grove.patina.backup.replica.ReplicaSync replicaSync() {
        return replicaSync;
    }

    /** Downloads from the store named {@code name} ({@code primary} or a replica); see {@link #storeNamed}. */
    public DownloadService downloadsFrom(String name) {
        dev.grove.patina.backup.replica.Replica r = storeNamed(name);
        return r.store() == store ? downloads : new DownloadService(new dev.grove.patina.backup.replica.ReplicaView(r,
                keys), keys, catalog, core.clock(), new dev.grove.patina.backup.replica.CopyCheckRecords(catalog,
                r.name()), downloads.cipher());
    }

    /** The weekly archiver reading the store named {@code name} (a replica: to extract members, never to archive). */
    public dev.grove.patina.backup.weekly.WeeklyArchiver weeklyArchiverFrom(String name) {
        dev.grove.patina.backup.replica.Replica r = storeNamed(name);
        return r.store() == store ? weeklyArchiver : new dev.grove.patina.backup.weekly.WeeklyArchiver(
                new dev.grove.patina.backup.replica.ReplicaView(r, keys), keys, catalog, core.clock(), core.version(),
                backups.databaseNames(), config.catalog().path().toAbsolutePath().getParent().resolve("tmp"),
                downloads.cipher());
    }

    /** Verifies the copies on the store named {@code name}: a replica's findings go to its copies, not the objects. */
    public VerifyService verifierOf(String name) {
        return verifierOf(name, notifier);
    }

    /** {@link #verifierOf(String)}, alerting {@code alerts} (none for the run queue's verify: the queue alerts). */
    private VerifyService verifierOf(String name, Notifier alerts) {
        dev.grove.patina.backup.replica.Replica r = storeNamed(name);
        return r.store() == store && alerts == notifier ? verifier : new VerifyService(downloadsFrom(name),
                core.restorer(), catalog, core.clock(), config.catalog().path().toAbsolutePath().getParent()
                .resolve("tmp"), alerts, r.store() == store ? dev.grove.patina.backup.CheckRecords.of(catalog)
                : new dev.grove.patina.backup.replica.CopyCheckRecords(catalog, r.name())).withChecks(checksOf(config));
    }

    /**
     * The store named {@code name} — {@code primary} (the {@code [store]}) or a replica's name — with its keys.
     *
     * @throws IllegalArgumentException naming the stores there are, when none has that name
     */
    public dev.grove.patina.backup.replica.Replica storeNamed(String name) {
        if (name == null || name.equals(dev.grove.patina.config.ReplicaConfig.PRIMARY)) {
            return new dev.grove.patina.backup.replica.Replica(dev.grove.patina.config.ReplicaConfig.PRIMARY, store,
                    keys, java.time.Duration.ofDays(1));
        }
        return replicas.named(name).orElseThrow(() -> new IllegalArgumentException("no store named " + name
                + " (stores: " + String.join(", ", java.util.stream.Stream.concat(java.util.stream.Stream.of(
                dev.grove.patina.config.ReplicaConfig.PRIMARY), replicas.names().stream()).toList()) + ")"));
    }

    /** The cluster's PostgreSQL with {@code [cluster]} (its queue, ADR 0035); empty on the desktop. */
    public java.util.Optional<ClusterDatabase> clusterDatabase() {
        return java.util.Optional.ofNullable(clusterDatabase);
    }

    /** The cluster's nodes (Quartz's scheduler state) with {@code [cluster]}; empty on the desktop. */
    public java.util.Optional<ClusterNodes> clusterNodes() {
        return java.util.Optional.ofNullable(clusterNodes);
    }

    /** Lets the runs of this process end (bounded, see {@link RunService#shutdown}), then closes the catalog. */
    @Override
    public void close() {
        try {
            runs.shutdown(RunService.DEFAULT_GRACE);
            catalog.close();
        } finally {
            if (clusterDatabase != null) {
                clusterNodes.close();
                clusterLocks.close();
                clusterDatabase.close();
            }
            StoreFactory.close(store);
            replicas.close();
        }
    }
}
