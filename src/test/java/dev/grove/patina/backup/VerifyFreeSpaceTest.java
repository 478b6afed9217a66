package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The free-space rule of a test restore uses the dump's expanded size, not its compressed one: a gzip'd dump of
 * repetitive rows (~50× smaller than its SQL) is refused before anything is written when the free space holds its
 * stored size × 2 but not its SQL × 2. The free space is read through {@link FreeSpace}, here one that reports less
 * than the real disk has (the message shows what it reported).
 */
class VerifyFreeSpaceTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T02:00:00Z"), ZoneOffset.UTC);
    private Catalog catalog;
    private LocalFolderStore store;
    private StoredObject object;
    private long sqlBytes;

    @BeforeEach
    void setUp() throws Exception {
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        store = new LocalFolderStore(dir.resolve("store"));
        Path db = dir.resolve("logs.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, line TEXT)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO log (line) VALUES (?)")) {
                for (int i = 0; i < 20_000; i++) {
                    ps.setString(1, "GET /index.html 200 the same line over and over again, as logs are");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        new BackupService(List.of(new SqliteFileSource("logs", db)), store, new ObjectKeys(""), catalog,
                new SqlDumpWriter(clock, "test"), new BackupSettings(Compression.GZIP, ZoneId.of("UTC"), 1,
                DumpDialect.D1, "test"), new DatabaseLocks(), Redactor.none(), clock)
                .runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE);
        object = catalog.latestDaily("logs").orElseThrow();
        sqlBytes = Long.parseLong(store.head(object.key()).orElseThrow().metadata().get(ObjectMetadata.SQL_SIZE));
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private VerifyService verifier(FreeSpace free) {
        return new VerifyService(new DownloadService(store, new ObjectKeys(""), catalog, clock), new Restorer(clock),
                catalog, clock, dir.resolve("work")).withFreeSpace(free);
    }

    private List<String> work() throws Exception {
        try (Stream<Path> all = Files.list(dir.resolve("work"))) {
            return all.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aDumpWhoseSqlDoesNotFitTwiceIsRefusedBeforeAnythingIsWritten() throws Exception {
        assertTrue(sqlBytes > object.size() * 10, sqlBytes + " bytes of SQL, " + object.size() + " stored");
        long reported = object.size() * 2 + sqlBytes / 2; // room for the old rule (stored × 2), not for SQL × 2
        List<Path> asked = new ArrayList<>();
        VerifyService.Verdict v = verifier(folder -> {
            asked.add(folder);
            return reported;
        }).verify(List.of(object), r -> { }).get(0);
        assertEquals(VerifyService.Finding.CHECK_FAILED, v.outcome());
        assertTrue(v.detail().startsWith("not restoring logs: the scratch folder " + dir.resolve("work")
                .toAbsolutePath() + " has " + dev.grove.patina.util.Bytes.formatBytes(reported) + " free ("
                + reported + " bytes)"), v.detail());
        assertTrue(v.detail().contains("the dump's " + dev.grove.patina.util.Bytes.formatBytes(sqlBytes)
                + " of SQL as recorded at backup time"), v.detail());
        assertEquals(List.of(dir.resolve("work")), asked, "asked once, before the download");
        assertEquals(List.of(), work(), "no scratch folder, no download");
        assertFalse(v.damaged());
        assertTrue(catalog.proofs().latestOf(object.key()).isEmpty());

        VerifyService.Verdict roomy = verifier(folder -> sqlBytes * 2).verify(List.of(object), r -> { }).get(0);
        assertTrue(roomy.ok(), "exactly the SQL × 2 is enough: " + roomy.detail());
    }

    @Test
    void anOlderBackupWithoutTheRecordedSizeIsMeasuredAfterItsDownloadAndRefusedBeforeTheRestore() throws Exception {
        Path sidecar;
        try (Stream<Path> all = Files.walk(dir.resolve("store"))) {
            sidecar = all.filter(p -> p.getFileName().toString().endsWith(".meta.json")).findFirst().orElseThrow();
        }
        String meta = Files.readString(sidecar);
        Files.writeString(sidecar, meta.replaceAll("\"" + ObjectMetadata.SQL_SIZE + "\"\\s*:\\s*\"\\d+\"\\s*,?", ""));
        assertTrue(new DownloadService(store, new ObjectKeys(""), catalog, clock).sqlSizeOf(object.key()).isEmpty(),
                Files.readString(sidecar));
        long reported = object.size() * 2 + sqlBytes / 2;
        List<Path> asked = new ArrayList<>();
        VerifyService.Verdict v = verifier(folder -> {
            asked.add(folder);
            return reported;
        }).verify(List.of(object), r -> { }).get(0);
        assertEquals(VerifyService.Finding.CHECK_FAILED, v.outcome(), v.detail());
        assertTrue(v.detail().contains("the dump's " + dev.grove.patina.util.Bytes.formatBytes(sqlBytes)
                + " of SQL, measured by decompressing the download"), v.detail());
        assertEquals(2, asked.size(), "before the download (stored size × 2 fits), and after it");
        assertTrue(catalog.proofs().latestOf(object.key()).isEmpty(), "not restored");
        assertEquals(List.of(), work(), "the scratch folder is gone");
    }
}
