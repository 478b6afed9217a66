package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.LogLine;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.crypt.AgeEncryptor;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.ManifestHeader;
import dev.grove.patina.dump.ManifestReader;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.ShopDatabase;
import dev.grove.patina.dump.SqlDiffWriter;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.store.s3.S3Store;
import dev.grove.patina.testing.DatabaseComparator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The row manifest travels with its full (ADR 0030): stored beside it, fetched and checked by a machine whose data
 * folder lacks it, and a full — saying why — whenever the stored one cannot be proven.
 */
class StoredManifestTest {
    private static final String MONDAY_FULL = "daily/2026-11-23/shop.sql.zst";
    private static final String MONDAY_MANIFEST = "daily/2026-11-23/shop.manifest.zst";

    @TempDir
    Path dir;

    private final DifferentialReplayTest.ReplayClock clock = new DifferentialReplayTest.ReplayClock();
    private final ObjectKeys keys = new ObjectKeys("");

    private BackupService node(Catalog catalog, BackupStore store, Path data, Path shop, ObjectCipher cipher) {
        return new BackupService(List.of(new SqliteFileSource("shop", shop)), store, keys, catalog,
                new SqlDumpWriter(clock, "test"), new BackupSettings(Compression.ZSTD, ZoneOffset.UTC, 1,
                DumpDialect.SQLITE, "test", cipher), new DatabaseLocks(), Redactor.none(), clock,
                new DifferentialPolicy(Set.of("shop"), data.resolve("manifests"), catalog),
                new SqlDiffWriter(clock, "test"), data.resolve("tmp"));
    }

    private RunReport night(BackupService node, String day) {
        clock.now = Instant.parse(day + "T02:00:00Z");
        RunReport r = node.runNightly(clock.now, "cli", Set.of(), BackupProgress.NONE);
        assertEquals(RunStatus.OK, r.status(), r.databases().toString());
        return r;
    }

    private static String log(Catalog catalog, RunReport r) {
        return catalog.runLog(r.runId()).stream().map(LogLine::message).collect(Collectors.joining("\n"));
    }

    /** Downloads the day (combined with its full when a differential), restores it, compares with {@code expected}. */
    private void assertRestores(BackupStore store, Catalog catalog, ObjectCipher cipher, String day, Path expected)
            throws Exception {
        DownloadService downloads = new DownloadService(store, keys, catalog, clock, cipher);
        Path dump = dir.resolve(day + ".sql");
        downloads.download(downloads.locate(LocalDate.parse(day), "shop"), dump, DownloadService.Form.DECRYPTED,
                false, List.of(), n -> { });
        Path restored = dir.resolve(day + ".db");
        new Restorer(clock).restore(dump, restored, RestoreOptions.all(), RestoreProgress.NONE);
        DatabaseComparator.assertSameDatabase(expected, restored);
    }

    private static Path copy(Path shop, Path to) throws Exception {
        Files.copy(shop, to);
        return to;
    }

    @Test
    void aMachineThatLostItsDataFolderFetchesTheEncryptedManifestFromS3AndWritesADifferential() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        X25519Identity identity = X25519Identity.generate(new SecureRandom());
        ObjectCipher cipher = new ObjectCipher(new AgeEncryptor(List.of(identity.recipient())),
                () -> List.of(identity));
        try (S3ProxyServer s3 = new S3ProxyServer();
             Catalog catalog = Catalog.open(dir.resolve("data/catalog.sqlite"), clock)) {
            S3Store store = new S3Store(s3.settings(s3.newBucket(), ""));
            try {
                BackupService backups = node(catalog, store, dir.resolve("data"), shop, cipher);
                RunReport monday = night(backups, "2026-11-23");
                assertEquals(MONDAY_FULL + ".age", monday.databases().get(0).objectKey());
                ObjectInfo manifest = store.head(MONDAY_MANIFEST + ".age").orElseThrow();
                assertEquals(MONDAY_FULL + ".age", manifest.metadata().get(StoredManifests.MANIFEST_OF));
                assertEquals("age", manifest.metadata().get(ObjectMetadata.ENCRYPTION));
                byte[] stored;
                try (InputStream in = store.get(MONDAY_MANIFEST + ".age")) {
                    stored = in.readAllBytes();
                }
                assertTrue(new String(stored, 0, 21, StandardCharsets.US_ASCII).startsWith("age-encryption.org/v1"),
                        "stored encrypted like the daily");
                assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("PATINA-ROW-MANIFEST"));
                Path mondayDb = copy(shop, dir.resolve("monday-source.db"));

                // the data folder is lost (the catalog survives: it is the cluster's, or restored)
                try (var files = Files.list(dir.resolve("data/manifests"))) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                ShopDatabase.mutate(shop);
                RunReport tuesday = night(backups, "2026-11-24");
                assertEquals("daily/2026-11-24/shop.diff.sql.zst.age", tuesday.databases().get(0).objectKey(),
                        log(catalog, tuesday));
                assertTrue(log(catalog, tuesday).contains("fetched the row manifest " + MONDAY_MANIFEST + ".age"),
                        log(catalog, tuesday));
                assertTrue(Files.isRegularFile(dir.resolve("data/manifests/shop.manifest")), "cached here again");
                assertFalse(store.head("daily/2026-11-24/shop.manifest.zst.age").isPresent(),
                        "a differential writes no manifest");

                assertRestores(store, catalog, cipher, "2026-11-24", shop);
                assertRestores(store, catalog, cipher, "2026-11-23", mondayDb);
            } finally {
                store.close();
            }
        }
    }

    @Test
    void nodesWithTheirOwnDataFoldersSharingCatalogAndStoreWriteDifferentialsOnConsecutiveNights()
            throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        try (Catalog catalog = Catalog.open(dir.resolve("shared/catalog.sqlite"), clock)) {
            BackupService a = node(catalog, store, dir.resolve("node-a"), shop, ObjectCipher.none());
            BackupService b = node(catalog, store, dir.resolve("node-b"), shop, ObjectCipher.none());
            assertEquals(MONDAY_FULL, night(a, "2026-11-23").databases().get(0).objectKey());

            ShopDatabase.mutate(shop);
            RunReport tue = night(b, "2026-11-24");
            assertEquals("daily/2026-11-24/shop.diff.sql.zst", tue.databases().get(0).objectKey(),
                    log(catalog, tue));
            assertRestores(store, catalog, ObjectCipher.none(), "2026-11-24", copy(shop, dir.resolve("tue.db")));

            ShopDatabase.exec(shop, "UPDATE customers SET name = name || '!' WHERE rowid % 3 = 0");
            RunReport wed = night(a, "2026-11-25"); // node A's own manifest is still the newest full's
            assertEquals("daily/2026-11-25/shop.diff.sql.zst", wed.databases().get(0).objectKey());
            assertFalse(log(catalog, wed).contains("fetched"), log(catalog, wed));

            ShopDatabase.exec(shop, "ALTER TABLE orders ADD COLUMN paid INTEGER");
            RunReport thu = night(b, "2026-11-26"); // the schema changed: a full, and its manifest beside it
            assertEquals("daily/2026-11-26/shop.sql.zst", thu.databases().get(0).objectKey());
            assertTrue(Files.isRegularFile(dir.resolve("store/daily/2026-11-26/shop.manifest.zst")));

            ShopDatabase.exec(shop, "UPDATE orders SET paid = 1 WHERE rowid % 2 = 0");
            RunReport fri = night(a, "2026-11-27"); // node A holds Monday's manifest: Thursday's is fetched
            assertEquals("daily/2026-11-27/shop.diff.sql.zst", fri.databases().get(0).objectKey(),
                    log(catalog, fri));
            assertTrue(log(catalog, fri).contains("belongs to the older full " + MONDAY_FULL), log(catalog, fri));
            assertEquals("daily/2026-11-26/shop.sql.zst", catalog.chains().of("daily/2026-11-27/shop.diff.sql.zst")
                    .orElseThrow().baseKey());
            assertRestores(store, catalog, ObjectCipher.none(), "2026-11-27", shop);
        }
    }

    /** Monday's full on node A; then {@code damage} is done to the stored manifest; Tuesday on node B. */
    private String tuesdayAfter(ThrowingConsumer<LocalFolderStore> damage, LocalFolderStore store, Path shop,
                                Catalog catalog) throws Exception {
        night(node(catalog, store, dir.resolve("node-a"), shop, ObjectCipher.none()), "2026-11-23");
        damage.accept(store);
        ShopDatabase.mutate(shop);
        RunReport tue = night(node(catalog, store, dir.resolve("node-b"), shop, ObjectCipher.none()), "2026-11-24");
        assertEquals("daily/2026-11-24/shop.sql.zst", tue.databases().get(0).objectKey(),
                "a full, never a differential against an unproven manifest: " + log(catalog, tue));
        assertFalse(Files.exists(dir.resolve("node-b/manifests/shop.manifest")) && new ManifestReader(
                Files.newInputStream(dir.resolve("node-b/manifests/shop.manifest"))).header().baseKey()
                .equals(MONDAY_FULL), "the unproven manifest was not kept");
        assertRestores(store, catalog, ObjectCipher.none(), "2026-11-24", shop);
        return log(catalog, tue);
    }

    /** Where the table section {@code 'T' length name} starts; {@code marker} is 'T' followed by the name. */
    private static int indexOf(byte[] body, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length + 2 < body.length; i++) {
            if (body[i] != 'T' || body[i + 1] != 0 || body[i + 2] != marker.length - 1) {
                continue;
            }
            for (int j = 1; j < marker.length; j++) {
                if (body[i + 2 + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no table section " + new String(marker, StandardCharsets.US_ASCII));
    }

    @FunctionalInterface
    interface ThrowingConsumer<T> {
        void accept(T t) throws Exception;
    }

    @Test
    void aDamagedManifestObjectGivesAFullSayingSo() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        try (Catalog catalog = Catalog.open(dir.resolve("shared/catalog.sqlite"), clock)) {
            String log = tuesdayAfter(s -> {
                Path file = dir.resolve("store").resolve(MONDAY_MANIFEST);
                byte[] bytes = Files.readAllBytes(file);
                bytes[bytes.length / 2] ^= 0x01;
                Files.write(file, bytes);
            }, store, shop, catalog);
            assertTrue(log.contains("full backup (no usable row manifest of " + MONDAY_FULL + ": the row manifest "
                    + MONDAY_MANIFEST + " is damaged: its bytes have SHA-256 "), log);
        }
    }

    @Test
    void aNodeWithoutTheIdentityCannotOpenAnEncryptedManifestAndWritesAFullSayingSo() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        X25519Identity identity = X25519Identity.generate(new SecureRandom());
        AgeEncryptor encryptor = new AgeEncryptor(List.of(identity.recipient()));
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        try (Catalog catalog = Catalog.open(dir.resolve("shared/catalog.sqlite"), clock)) {
            night(node(catalog, store, dir.resolve("node-a"), shop, new ObjectCipher(encryptor,
                    () -> List.of(identity))), "2026-11-23");
            ShopDatabase.mutate(shop);
            RunReport tue = night(node(catalog, store, dir.resolve("node-b"), shop, new ObjectCipher(encryptor,
                    List::of)), "2026-11-24");
            assertEquals("daily/2026-11-24/shop.sql.zst.age", tue.databases().get(0).objectKey(), log(catalog, tue));
            assertTrue(log(catalog, tue).contains("full backup (no usable row manifest of " + MONDAY_FULL
                    + ".age: object " + MONDAY_MANIFEST + ".age is encrypted (age) to "), log(catalog, tue));
        }
    }

    @Test
    void aMissingManifestObjectGivesAFullSayingSo() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        try (Catalog catalog = Catalog.open(dir.resolve("shared/catalog.sqlite"), clock)) {
            String log = tuesdayAfter(s -> s.delete(MONDAY_MANIFEST), store, shop, catalog);
            assertTrue(log.contains("the store has no row manifest " + MONDAY_MANIFEST + " beside the full"), log);
        }
    }

    @Test
    void aManifestOfAnotherFullGivesAFullSayingSo() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        try (Catalog catalog = Catalog.open(dir.resolve("shared/catalog.sqlite"), clock)) {
            String log = tuesdayAfter(s -> {
                // a manifest whose metadata agrees with itself and names the right full, but whose header names
                // another: what a copy under the wrong key, or a hand edit, gives
                Path sealed = dir.resolve("other.manifest");
                try (InputStream in = s.get(MONDAY_MANIFEST)) {
                    byte[] body = Compression.decompressing(in).readAllBytes();
                    String text = new String(body, StandardCharsets.ISO_8859_1);
                    Files.write(sealed, text.replace(MONDAY_FULL, "daily/2026-11-22/shop.sql.zst")
                            .getBytes(StandardCharsets.ISO_8859_1));
                }
                ManifestHeader header;
                try (ManifestReader r = new ManifestReader(Files.newInputStream(sealed))) {
                    header = r.header();
                }
                ManifestHeader lying = ManifestHeader.of("shop", MONDAY_FULL, header.baseDumpSha256(),
                        header.createdAt(), header.schemaFingerprint());
                new StoredManifests(s, keys, new BackupSettings(Compression.ZSTD, ZoneOffset.UTC, 1,
                        DumpDialect.SQLITE, "test", ObjectCipher.none())).upload("shop", lying, sealed);
            }, store, shop, catalog);
            assertTrue(log.contains("the row manifest " + MONDAY_MANIFEST + " belongs to daily/2026-11-22/"
                    + "shop.sql.zst of shop, not to " + MONDAY_FULL), log);
        }
    }

    @Test
    void aManifestWhoseRowHashesWereAlteredGivesAFullSayingSo() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        try (Catalog catalog = Catalog.open(dir.resolve("shared/catalog.sqlite"), clock)) {
            String log = tuesdayAfter(s -> {
                // stored again with a consistent SHA-256 in its metadata: only the content check finds it
                Path sealed = dir.resolve("altered.manifest");
                try (InputStream in = s.get(MONDAY_MANIFEST)) {
                    byte[] body = Compression.decompressing(in).readAllBytes();
                    int at = indexOf(body, "Torders".getBytes(StandardCharsets.US_ASCII));
                    // 'T' 0x00 0x06 "orders" kind, then its first row: 'r' delta(1 byte) hash(16)
                    assertEquals('r', body[at + 10], "orders is keyed by rowid");
                    body[at + 14] ^= 0x10; // one bit of its first row's hash
                    Files.write(sealed, body);
                }
                ManifestHeader header;
                try (ManifestReader r = new ManifestReader(Files.newInputStream(sealed))) {
                    header = r.header();
                }
                new StoredManifests(s, keys, new BackupSettings(Compression.ZSTD, ZoneOffset.UTC, 1,
                        DumpDialect.SQLITE, "test", ObjectCipher.none())).upload("shop", header, sealed);
            }, store, shop, catalog);
            assertTrue(log.contains("no usable row manifest of " + MONDAY_FULL + ": the row manifest "
                    + MONDAY_MANIFEST), log);
            assertTrue(log.contains("the row manifest is damaged: table orders lists 300 rows whose hashes add up to "),
                    log);
        }
    }
}
