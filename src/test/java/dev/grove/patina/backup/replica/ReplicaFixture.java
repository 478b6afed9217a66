package dev.grove.patina.backup.replica;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.BackupSettings;
import dev.grove.patina.backup.DatabaseLocks;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.store.s3.FaultyTcpProxy;
import dev.grove.patina.store.s3.RetryPolicy;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.store.s3.S3Store;
import dev.grove.patina.util.Secret;
import dev.grove.patina.util.Sleeper;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Real parts for replication tests: a primary S3 server (S3Proxy, reached through a {@link FaultyTcpProxy} that
 * counts the bytes, so a test can tell a server-side copy from a streamed one), a second S3 server (another S3Proxy) reached
 * through a {@link FaultyTcpProxy} as the replica {@code offsite}, a local folder as the replica {@code usb}, a real
 * catalog, and a backup service over real SQLite files.
 */
final class ReplicaFixture implements AutoCloseable {
    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Path dir;
    final MovableClock clock;
    final S3ProxyServer serverA;
    final S3ProxyServer serverB;
    final FaultyTcpProxy proxyA;
    final FaultyTcpProxy proxyB;
    final String bucketA;
    final String bucketB;
    final S3Store primary;
    final S3Store offsiteStore;
    final LocalFolderStore usbStore;
    final ObjectKeys keys = new ObjectKeys("");
    final Replica offsite;
    final Replica usb;
    final Catalog catalog;
    final BackupService backups;
    final List<Path> databases = new ArrayList<>();

    ReplicaFixture(Path dir, Instant start, Duration offsiteTimeout, int offsiteTries) throws Exception {
        this.dir = dir;
        this.clock = new MovableClock(start);
        serverA = new S3ProxyServer();
        serverB = new S3ProxyServer();
        proxyA = new FaultyTcpProxy(serverA.port());
        proxyB = new FaultyTcpProxy(serverB.port());
        bucketA = serverA.newBucket();
        bucketB = serverB.newBucket();
        primary = new S3Store(serverA.settings(bucketA, "").withEndpoint(proxyA.endpoint()), Sleeper.system());
        // the replica's own credentials: the same test key on another server, but its own secret reference
        offsiteStore = new S3Store(serverB.settings(bucketB, "copies/").withEndpoint(proxyB.endpoint())
                .withRetryPolicy(new RetryPolicy(offsiteTries, Duration.ofMillis(1), Duration.ofMillis(4))),
                Sleeper.system());
        usbStore = new LocalFolderStore(dir.resolve("usb"));
        offsite = new Replica("offsite", offsiteStore, new ObjectKeys("copies/"), offsiteTimeout);
        usb = new Replica("usb", usbStore, new ObjectKeys(""), Duration.ofSeconds(30));
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        List<DatabaseSource> sources = new ArrayList<>();
        for (String name : List.of("shop", "jobs")) {
            Path file = dir.resolve(name + ".sqlite");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, b BLOB)");
                s.execute("INSERT INTO t (v, b) VALUES ('first row of " + name + "', randomblob(3000))");
            }
            databases.add(file);
            sources.add(new SqliteFileSource(name, file));
        }
        backups = new BackupService(sources, primary, keys, catalog, new SqlDumpWriter(clock, "test"),
                new BackupSettings(Compression.GZIP, ZoneOffset.UTC, 2, DumpDialect.D1, "test"), new DatabaseLocks(),
                Redactor.none(), clock);
    }

    /** The sync over both replicas, with a redactor that knows the stores' secret. */
    ReplicaSync sync() {
        return new ReplicaSync(primary, keys, catalog, List.of(offsite, usb),
                new Redactor(List.of(new Secret(S3ProxyServer.SECRET_KEY, "env:A"))),
                clock);
    }

    /** One nightly of every database, straight through the backup service (the sync is tested on its own). */
    RunReport nightly() {
        return backups.runNightly(clock.instant(), "manual", Set.of(), BackupProgress.NONE);
    }

    /**
     * A replica in a new bucket of the primary's server, reached through the primary's endpoint: server-side copies
     * are possible ({@code serverSide}) — the caller closes its store.
     */
    Replica twin(String name, boolean serverSide) {
        S3Store store = new S3Store(serverA.settings(serverA.newBucket(), "twin/").withEndpoint(proxyA.endpoint())
                .withRetryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2))), Sleeper.system());
        return new Replica(name, store, new ObjectKeys("twin/"), Duration.ofSeconds(30), serverSide);
    }

    /** Adds {@code bytes} of random data to every database, so the dumps are that large at least. */
    void grow(int bytes) throws Exception {
        for (Path file : databases) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = c.createStatement()) {
                s.execute("INSERT INTO t (v, b) VALUES ('large', randomblob(" + bytes + "))");
            }
        }
    }

    /** Adds a row to every database, so the next dump differs. */
    void change(String text) throws Exception {
        for (Path file : databases) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = c.createStatement()) {
                s.execute("INSERT INTO t (v, b) VALUES ('" + text + "', randomblob(2000))");
            }
        }
    }

    /** Every object of {@code store} under {@code prefix}'s keys, key (without the prefix) → SHA-256 of its bytes. */
    static TreeMap<String, String> contents(BackupStore store, ObjectKeys keys) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        for (String root : List.of(keys.dailyRoot(), keys.weeklyRoot())) {
            for (ObjectInfo o : store.list(root)) {
                out.put(o.key().substring(keys.prefix().length()), sha256(store, o.key()));
            }
        }
        return out;
    }

    static String sha256(BackupStore store, String key) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = store.get(key)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    @Override
    public void close() throws Exception {
        catalog.close();
        primary.close();
        offsiteStore.close();
        proxyB.close();
        proxyA.close();
        serverB.close();
        serverA.close();
    }
}
