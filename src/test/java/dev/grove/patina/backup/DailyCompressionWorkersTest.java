package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.store.s3.S3Store;
import dev.grove.patina.testing.DatabaseComparator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily dump upload compressed on several threads ({@code [compression] workers}, ADR 0018), through a real
 * S3 server (S3Proxy on 127.0.0.1) and a real catalog: the stored object is one standard stream whose SHA-256 and
 * size are what the catalog records, it holds the same SQL as the single-threaded stream, and it restores to the
 * same database.
 */
class DailyCompressionWorkersTest {
    private static final Instant NIGHT = Instant.parse("2026-11-28T02:00:00Z");

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(NIGHT, ZoneOffset.UTC);

    /** About 2.6 MiB of SQL: many 256 KiB gzip blocks and more than one zstd job. */
    private Path database() throws Exception {
        Path db = dir.resolve("orders.sqlite");
        Random r = new Random(18);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            c.createStatement().execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL,"
                    + " note TEXT, blob BLOB)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 30_000; i++) {
                    p.setInt(1, i);
                    p.setString(2, "customer-" + r.nextInt(4000));
                    p.setDouble(3, r.nextInt(1_000_000) / 100.0);
                    p.setString(4, i % 7 == 0 ? "gift – wrap it ✓ 'please'" : "standard delivery");
                    byte[] blob = new byte[16];
                    r.nextBytes(blob);
                    p.setBytes(5, blob);
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
        return db;
    }

    @Test
    void parallelCompressionStoresOneStreamWithTheRecordedChecksumAndTheSameSql() throws Exception {
        Path db = database();
        Map<String, String> sqlByCase = new LinkedHashMap<>();
        try (S3ProxyServer s3 = new S3ProxyServer(Files.createDirectories(dir.resolve("s3")))) {
            String bucket = s3.newBucket();
            for (Compression compression : List.of(Compression.GZIP, Compression.ZSTD)) {
                for (int workers : new int[] {1, 3}) {
                    String label = compression.id() + "-w" + workers;
                    ObjectKeys keys = new ObjectKeys(label + "/");
                    try (S3Store store = new S3Store(s3.settings(bucket, "")
                            .withPartSize(5 * 1024 * 1024));
                         Catalog catalog = Catalog.open(dir.resolve(label + ".sqlite"), clock)) {
                        List<DatabaseSource> sources = List.of(new SqliteFileSource("orders", db));
                        BackupService service = new BackupService(sources, store, keys, catalog,
                                new SqlDumpWriter(clock, "test"), new BackupSettings(compression, ZoneId.of("UTC"),
                                1, DumpDialect.D1, "test", ObjectCipher.none(), workers),
                                new DatabaseLocks(), Redactor.none(), clock);
                        RunReport report = service.runNightly(NIGHT, "test", Set.of(), BackupProgress.NONE);
                        assertEquals(RunStatus.OK, report.status(), label + ": " + report);
                        StoredObject object = catalog.findObjects(ObjectQuery.firstPage(10).withDatabase("orders"))
                                .items().get(0);
                        assertTrue(object.key().endsWith(".sql" + compression.suffix()), object.key());
                        byte[] stored;
                        try (InputStream in = store.get(object.key())) {
                            stored = in.readAllBytes();
                        }
                        assertEquals(object.size(), stored.length, label + ": size in the catalog");
                        assertEquals(object.sha256(), HexFormat.of().formatHex(
                                MessageDigest.getInstance("SHA-256").digest(stored)), label + ": SHA-256");
                        assertEquals(compression, Compression.detect(stored, stored.length), label);
                        String sql;
                        try (InputStream in = Compression.decompressing(new java.io.ByteArrayInputStream(stored))) {
                            sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        }
                        assertTrue(sql.length() > 2 * 1024 * 1024, label + ": " + sql.length() + " characters");
                        sqlByCase.put(label, sql);
                        if (workers > 1) {
                            Path file = dir.resolve(label + ".sql");
                            Files.writeString(file, sql);
                            Path restored = dir.resolve(label + "-restored.sqlite");
                            new Restorer(clock).restore(file, restored, RestoreOptions.all(), RestoreProgress.NONE);
                            DatabaseComparator.assertSameDatabase(db, restored);
                        }
                    }
                }
            }
        }
        String reference = sqlByCase.get("gzip-w1");
        sqlByCase.forEach((label, sql) -> assertEquals(reference, sql, label + " holds other SQL than gzip-w1"));
    }

    @Test
    void settingsRefuseFewerThanOneWorker() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BackupSettings(
                Compression.GZIP, ZoneId.of("UTC"), 1, DumpDialect.D1, "test", ObjectCipher.none(), 0));
        assertTrue(e.getMessage().contains("compression workers"), e.getMessage());
    }
}
