package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.crypt.AgeEncryptor;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.ShopDatabase;
import dev.grove.patina.dump.SqlDiffWriter;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.testing.DatabaseComparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A differential of an encrypted store is compressed, then encrypted, like a full, and reads back combined. */
class DifferentialEncryptedTest {
    @TempDir
    Path dir;

    @Test
    void anEncryptedDifferentialRestoresItsDayCombinedWithItsFull() throws Exception {
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        X25519Identity identity = X25519Identity.generate(new SecureRandom());
        ObjectCipher cipher = new ObjectCipher(new AgeEncryptor(List.of(identity.recipient())),
                () -> List.of(identity));
        DifferentialReplayTest.ReplayClock clock = new DifferentialReplayTest.ReplayClock();
        clock.now = Instant.parse("2026-11-23T02:00:00Z");
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        ObjectKeys keys = new ObjectKeys("");
        try (Catalog catalog = Catalog.open(dir.resolve("data/catalog.sqlite"), clock)) {
            BackupService backups = new BackupService(List.of(new SqliteFileSource("shop", shop)), store, keys,
                    catalog, new SqlDumpWriter(clock, "test"), new BackupSettings(Compression.ZSTD, ZoneOffset.UTC, 1,
                    DumpDialect.SQLITE, "test", cipher), new DatabaseLocks(), Redactor.none(), clock,
                    new DifferentialPolicy(Set.of("shop"), dir.resolve("data/manifests"), catalog),
                    new SqlDiffWriter(clock, "test"), dir.resolve("data/tmp"));
            RunReport monday = backups.runNightly(clock.now, "cli", Set.of(), BackupProgress.NONE);
            assertEquals("daily/2026-11-23/shop.sql.zst.age", monday.databases().get(0).objectKey());
            ShopDatabase.mutate(shop);
            clock.now = Instant.parse("2026-11-24T02:00:00Z");
            RunReport tuesday = backups.runNightly(clock.now, "cli", Set.of(), BackupProgress.NONE);
            assertEquals(RunStatus.OK, tuesday.status(), tuesday.databases().toString());
            String key = tuesday.databases().get(0).objectKey();
            assertEquals("daily/2026-11-24/shop.diff.sql.zst.age", key);
            assertTrue(catalog.object(key).orElseThrow().encrypted());
            byte[] stored = Files.readAllBytes(dir.resolve("store").resolve(key));
            assertTrue(new String(stored, 0, 21, java.nio.charset.StandardCharsets.US_ASCII)
                    .startsWith("age-encryption.org/v1"), "stored encrypted");
            assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains("Customer X"));

            DownloadService downloads = new DownloadService(store, keys, catalog, clock, cipher);
            Path dump = dir.resolve("tuesday.sql");
            downloads.download(downloads.locate(clock.now.atZone(ZoneOffset.UTC).toLocalDate(), "shop"), dump,
                    DownloadService.Form.DECRYPTED, false, List.of(), n -> { });
            Path restored = dir.resolve("tuesday.db");
            new Restorer(clock).restore(dump, restored, RestoreOptions.all(), RestoreProgress.NONE);
            DatabaseComparator.assertSameDatabase(shop, restored);
        }
    }
}
