package dev.grove.patina.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.LocalStoreConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.S3StoreConfig;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import dev.grove.patina.ui.settings.StorageEditorViewModel.StorageField;
import dev.grove.patina.ui.settings.StorageEditorViewModel.StorageKind;
import dev.grove.patina.util.Secret;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage editor on a real config file, a real local folder and a real S3 server (S3Proxy). */
class StorageEditorViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z");
    private static final String WRONG_SECRET = "wrong-secret-value-77aa";
    private static final Map<String, String> ENV = Map.of("S3_SECRET", S3ProxyServer.SECRET_KEY,
            "S3_WRONG", WRONG_SECRET);

    @TempDir
    Path dir;
    private Path file;
    private ConfigLoader loader;
    private SettingsViewModel settings;

    @BeforeEach
    void setUp() throws Exception {
        file = UiFixtures.workspace(dir, List.of("shop"), 2);
        loader = new ConfigLoader(ENV::get, dir.resolve("data"), name -> Optional.empty());
        settings = settings(loader.load(file));
    }

    private SettingsViewModel settings(PatinaConfig config) {
        return new SettingsViewModel(config, new SettingsSaver(loader), Clock.fixed(NOW, ZoneOffset.UTC),
                StoreProbe.of(new LocalFolderStore(dir.resolve("store"))), Notifier.none(), new SyncUiExecutor());
    }

    @Test
    void theFieldsOfEachKindAreCheckedAndNamed() {
        StorageEditorViewModel m = settings.storageEditor();
        assertEquals(StorageKind.LOCAL, m.kindProperty().get());
        assertEquals(dir.resolve("store").toString(), m.pathProperty().get());
        assertTrue(m.validProperty().get());
        m.pathProperty().set(" ");
        assertTrue(m.errorProperty(StorageField.PATH).get().startsWith("Required"));

        m.kindProperty().set(StorageKind.R2);
        assertEquals("", m.errorProperty(StorageField.PATH).get(), "R2 has no folder");
        assertTrue(m.errorProperty(StorageField.ACCOUNT_ID).get().startsWith("Required"));
        m.accountIdProperty().set("my account");
        assertTrue(m.errorProperty(StorageField.ACCOUNT_ID).get().contains("as Cloudflare shows it"));
        m.bucketProperty().set("a/b");
        assertTrue(m.errorProperty(StorageField.BUCKET).get().startsWith("Must be a bucket name"));
        assertTrue(m.errorProperty(StorageField.ACCESS_KEY_ID).get().startsWith("Required"));
        m.secretKeyProperty().set(S3ProxyServer.SECRET_KEY);
        String secretError = m.errorProperty(StorageField.SECRET_KEY).get();
        assertTrue(secretError.contains("not the secret itself"), secretError);
        assertFalse(secretError.contains(S3ProxyServer.SECRET_KEY));
        assertEquals("", m.errorProperty(StorageField.ENDPOINT).get(), "R2's endpoint comes from the account id");

        m.kindProperty().set(StorageKind.S3);
        assertEquals("", m.errorProperty(StorageField.ACCOUNT_ID).get());
        m.endpointProperty().set("ftp://files.example");
        assertTrue(m.errorProperty(StorageField.ENDPOINT).get().startsWith("Must be an http(s) URL"));
        m.regionProperty().set("");
        assertTrue(m.errorProperty(StorageField.REGION).get().startsWith("Required"));
        assertFalse(m.validProperty().get());
    }

    @Test
    void aLocalFolderIsTestedAndSavedAndTheRuntimeKeepsItsStoreUntilRestart() throws Exception {
        StorageEditorViewModel m = settings.storageEditor();
        Path other = dir.resolve("other-store");
        m.pathProperty().set(other.toString());
        m.prefixProperty().set("prod");
        m.testConnection();
        assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
        assertEquals("Connected: folder " + other + " passed the store's access check.", m.statusProperty().get());

        AtomicInteger closed = new AtomicInteger();
        m.save(closed::incrementAndGet);
        assertEquals(1, closed.get(), m.statusProperty().get());
        assertEquals(new LocalStoreConfig(other, "prod"), loader.load(file).store());
        assertEquals("Saved. Restart Patina to use the new storage; until then backups still go to folder "
                + dir.resolve("store") + ".", settings.messageProperty().get());
        assertTrue(settings.storeRows().stream().anyMatch(r -> r[1].equals(other.toString())));
        assertFalse(settings.restartNoteProperty().get().isEmpty());
        assertEquals(1, loader.load(file).databases().size(), "the databases are untouched");
    }

    @Test
    void anS3StoreIsTestedAgainstARealServerAndSavedWithItsSecretAsAReference() throws Exception {
        try (S3ProxyServer server = new S3ProxyServer()) {
            String bucket = server.newBucket();
            StorageEditorViewModel m = settings.storageEditor();
            m.kindProperty().set(StorageKind.S3);
            m.endpointProperty().set(server.endpoint().toString());
            m.bucketProperty().set(bucket);
            m.regionProperty().set("auto");
            m.accessKeyIdProperty().set(S3ProxyServer.ACCESS_KEY);
            m.secretKeyProperty().set("env:S3_WRONG");
            m.testConnection();
            assertFalse(m.statusOkProperty().get());
            String failed = m.statusProperty().get();
            assertTrue(failed.startsWith("Connection failed: "), failed);
            assertFalse(failed.contains(WRONG_SECRET) || failed.contains(S3ProxyServer.SECRET_KEY), failed);

            m.secretKeyProperty().set("env:S3_UNSET");
            m.testConnection();
            assertEquals("The secret key refers to environment variable S3_UNSET, which is not set",
                    m.errorProperty(StorageField.SECRET_KEY).get());

            m.secretKeyProperty().set("env:S3_SECRET");
            m.testConnection();
            assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
            assertTrue(m.statusProperty().get().startsWith("Connected: s3://" + bucket + "/"),
                    m.statusProperty().get());

            m.save(() -> { });
            String toml = Files.readString(file);
            assertTrue(toml.contains("secret_access_key = \"env:S3_SECRET\""), toml);
            assertFalse(toml.contains(S3ProxyServer.SECRET_KEY), toml);
            S3StoreConfig saved = (S3StoreConfig) loader.load(file).store();
            assertEquals(new S3StoreConfig(server.endpoint(), bucket, "auto", S3ProxyServer.ACCESS_KEY,
                    new Secret(S3ProxyServer.SECRET_KEY, "env:S3_SECRET"), ""), saved);
            for (String[] row : settings.storeRows()) {
                assertFalse(String.join(" ", row).contains(S3ProxyServer.SECRET_KEY));
            }
            assertTrue(settings.storeRows().stream().anyMatch(r -> r[1].equals("from env:S3_SECRET")));
        }
    }

    @Test
    void anR2StoreIsEditedByAccountIdAndKeepsItsSecretWhenUntouched() throws Exception {
        StorageEditorViewModel m = settings.storageEditor();
        m.kindProperty().set(StorageKind.R2);
        m.accountIdProperty().set("0123abcd");
        m.bucketProperty().set("grove-patina");
        m.accessKeyIdProperty().set("AKID");
        m.secretKeyProperty().set("env:S3_SECRET");
        m.save(() -> { });
        S3StoreConfig r2 = (S3StoreConfig) loader.load(file).store();
        assertEquals(URI.create("https://0123abcd.r2.cloudflarestorage.com"), r2.endpoint());
        assertEquals("auto", r2.region());

        StorageEditorViewModel again = settings(loader.load(file)).storageEditor();
        assertEquals(StorageKind.R2, again.kindProperty().get());
        assertEquals("0123abcd", again.accountIdProperty().get());
        assertEquals("env:S3_SECRET", again.secretKeyProperty().get());
        again.bucketProperty().set("grove-patina-2");
        again.save(() -> { });
        S3StoreConfig edited = (S3StoreConfig) loader.load(file).store();
        assertEquals("grove-patina-2", edited.bucket());
        assertEquals(r2.secretAccessKey(), edited.secretAccessKey());
    }
}
