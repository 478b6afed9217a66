package dev.grove.patina.backup.weekly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.BackupSettings;
import dev.grove.patina.backup.DatabaseLocks;
import dev.grove.patina.backup.ObjectCipher;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.crypt.AgeEncryptor;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption turned on in the middle of a week (issue 14: "turning encryption on affects new objects only"): the week
 * has plain dailies Monday to Wednesday and {@code .age} ones after, and a weekly archive made before the switch.
 * The weekly after the switch makes one archive of the week, in the form of the config then ({@code .tar.gz.age}),
 * whose members are the seven dailies decrypted — and the plain archive of the same week is gone, from the store and
 * the catalog: never two archives of one week.
 */
class WeeklyEncryptionSwitchTest {
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

    @TempDir
    Path dir;
    Catalog catalog;
    LocalFolderStore store;
    final ObjectKeys keys = new ObjectKeys("");
    final X25519Identity me = X25519Identity.generate(new SecureRandom());
    Instant now = MONDAY.atTime(2, 0).toInstant(ZoneOffset.UTC);
    final Clock clock = new Clock() {
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
    };
    Path db;

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO items (name) VALUES ('teapot')");
        }
        store = new LocalFolderStore(dir.resolve("store"));
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private ObjectCipher plain() {
        return new ObjectCipher(null, () -> List.of(me));
    }

    private ObjectCipher encrypting() {
        return new ObjectCipher(new AgeEncryptor(List.of(me.recipient())), () -> List.of(me));
    }

    private void night(int day, ObjectCipher cipher) throws Exception {
        now = MONDAY.plusDays(day).atTime(2, 0).toInstant(ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO items (name) VALUES ('row of day " + day + "')");
        }
        BackupService backups = new BackupService(List.of(new SqliteFileSource("shop", db)), store, keys, catalog,
                new SqlDumpWriter(clock, "test"), new BackupSettings(Compression.GZIP, ZoneId.of("UTC"), 1,
                DumpDialect.D1, "test", cipher), new DatabaseLocks(), Redactor.none(), clock);
        assertEquals(RunStatus.OK, backups.runNightly(now, "test", Set.of(), BackupProgress.NONE).status());
    }

    private WeeklyResult weekly(int day, ObjectCipher cipher) throws Exception {
        now = MONDAY.plusDays(day).atTime(3, 0).toInstant(ZoneOffset.UTC);
        WeeklyArchiver archiver = new WeeklyArchiver(store, keys, catalog, clock, "test", List.of("shop"),
                dir.resolve("work"), cipher);
        return archiver.apply(archiver.plan(MONDAY));
    }

    private List<String> weekliesInStore() throws Exception {
        return store.list(keys.weeklyRoot()).stream().map(ObjectInfo::key).toList();
    }

    private List<String> weekliesPresentInCatalog() {
        List<String> out = new ArrayList<>();
        for (String key : List.of(keys.weekly(MONDAY, false), keys.weekly(MONDAY, true))) {
            catalog.object(key).filter(StoredObject::present).ifPresent(o -> out.add(o.key()));
        }
        return out;
    }

    /** The archive's members, path → text, decrypted with the identity when it is encrypted. */
    private Map<String, String> members(String key) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = encrypting().open(key, List.of(), store.get(key));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void theWeeklyAfterTheSwitchIsTheWeeksOnlyArchiveWithEveryDailyDecryptedInside() throws Exception {
        for (int day = 0; day < 3; day++) {
            night(day, plain());
        }
        WeeklyResult before = weekly(2, plain()); // a weekly made mid-week, before the switch
        assertEquals("weekly/2026-W48.tar.gz", before.key());
        for (int day = 3; day < 7; day++) {
            night(day, encrypting());
        }
        assertTrue(catalog.object("daily/2026-11-26/shop.sql.gz.age").isPresent(), "Thursday on is encrypted");

        WeeklyResult after = weekly(6, encrypting());

        assertEquals(RunStatus.OK, after.status(), String.valueOf(after.error()));
        assertEquals("weekly/2026-W48.tar.gz.age", after.key());
        assertEquals(List.of("weekly/2026-W48.tar.gz.age"), weekliesInStore(), "one archive of the week");
        assertEquals(List.of("weekly/2026-W48.tar.gz.age"), weekliesPresentInCatalog());
        StoredObject old = catalog.object("weekly/2026-W48.tar.gz").orElseThrow();
        assertFalse(old.present(), "the plain archive is recorded deleted: " + old);
        Map<String, String> members = members(after.key());
        assertEquals(List.of("2026-11-23/shop.sql", "2026-11-24/shop.sql", "2026-11-25/shop.sql",
                "2026-11-26/shop.sql", "2026-11-27/shop.sql", "2026-11-28/shop.sql", "2026-11-29/shop.sql",
                WeeklyManifest.PATH), List.copyOf(members.keySet()));
        for (int day = 0; day < 7; day++) {
            String sql = members.get(MONDAY.plusDays(day) + "/shop.sql");
            assertTrue(sql.contains("'row of day " + day + "'"), "decrypted, decompressed SQL: " + sql);
        }

        WeeklyResult again = weekly(6, encrypting());
        assertEquals(RunStatus.OK, again.status(), String.valueOf(again.error()));
        assertEquals(List.of("weekly/2026-W48.tar.gz.age"), weekliesInStore(), "a re-run replaces it");
    }

    @Test
    void turningEncryptionOffLeavesThePlainArchiveAlone() throws Exception {
        for (int day = 0; day < 7; day++) {
            night(day, day < 4 ? encrypting() : plain());
        }
        assertEquals(RunStatus.OK, weekly(6, encrypting()).status());

        WeeklyResult plainAgain = weekly(6, plain());

        assertEquals(RunStatus.OK, plainAgain.status(), String.valueOf(plainAgain.error()));
        assertEquals(List.of("weekly/2026-W48.tar.gz"), weekliesInStore());
        assertEquals(List.of("weekly/2026-W48.tar.gz"), weekliesPresentInCatalog());
        assertEquals(8, members("weekly/2026-W48.tar.gz").size(), "seven dailies, four of them decrypted, and the "
                + "manifest");
    }
}
