package dev.grove.patina.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.LocalStoreConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save from any Settings editor keeps the config's {@code [cluster]} table (issue 17): the editors rebuilt the
 * config with a constructor that has no cluster, so saving the schedule, the storage or the alerts of a cluster
 * node's config silently turned it back into a stand-alone one. Real config files, loaded back as Patina's next
 * start reads them; no PostgreSQL is needed (the loader does not connect).
 */
class SettingsKeepClusterTest {
    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    private static final String PG_SECRET = "pg-secret-value-4711";

    @TempDir
    Path dir;
    private Path file;
    private ConfigLoader loader;
    private SettingsViewModel settings;
    private ClusterConfig cluster;

    @BeforeEach
    void clusterNodeConfig() throws Exception {
        file = UiFixtures.workspace(dir, List.of("shop"), 2);
        Files.writeString(file, Files.readString(file) + """

                [cluster]
                jdbc_url = "jdbc:postgresql://db.example:5432/patina"
                user = "patina"
                password = "env:PATINA_PG_PASSWORD"
                node = "backup-2"
                """);
        loader = new ConfigLoader(Map.of("PATINA_PG_PASSWORD", PG_SECRET, "PATINA_WEBHOOK",
                "http://127.0.0.1:9/hook")::get, dir.resolve("data"),
                name -> Optional.empty());
        PatinaConfig config = loader.load(file);
        cluster = config.cluster().orElseThrow();
        settings = new SettingsViewModel(config, new SettingsSaver(loader), Clock.fixed(NOW, ZoneOffset.UTC),
                StoreProbe.of(new LocalFolderStore(dir.resolve("store"))), Notifier.none(), new SyncUiExecutor());
    }

    private void assertClusterKept() throws Exception {
        PatinaConfig after = loader.load(file);
        assertEquals(Optional.of(cluster), after.cluster(), Files.readString(file));
        String text = Files.readString(file);
        assertTrue(text.contains("password = \"env:PATINA_PG_PASSWORD\""), text);
        assertFalse(text.contains(PG_SECRET), "the password's value is never written");
    }

    @Test
    void theSettingsTabShowsTheClusterWithThePasswordBySourceOnly() {
        java.util.List<String> rows = settings.clusterRowsProperty().get().stream()
                .map(r -> r[0] + ": " + r[1]).toList();
        assertEquals(java.util.List.of("PostgreSQL: db.example:5432", "User: patina",
                "Password: from env:PATINA_PG_PASSWORD", "Node name: backup-2"), rows.subList(0, 4));
        assertTrue(rows.get(4).startsWith("This console: shows the cluster's catalog"), rows.get(4));
        assertFalse(String.join("\n", rows).contains(PG_SECRET));
    }

    @Test
    void savingTheScheduleKeepsTheCluster() throws Exception {
        settings.concurrencyProperty().set("4");
        settings.save();
        assertEquals(4, loader.load(file).schedule().concurrency(), settings.messageProperty().get());
        assertClusterKept();
    }

    @Test
    void savingTheStorageKeepsTheCluster() throws Exception {
        StorageEditorViewModel storage = settings.storageEditor();
        storage.pathProperty().set(dir.resolve("elsewhere").toString());
        boolean[] saved = {false};
        storage.save(() -> saved[0] = true);
        assertTrue(saved[0], storage.statusProperty().get());
        assertEquals(new LocalStoreConfig(dir.resolve("elsewhere"), ""), loader.load(file).store());
        assertClusterKept();
    }

    @Test
    void savingTheAlertsKeepsTheCluster() throws Exception {
        AlertsEditorViewModel alerts = settings.alertsEditor();
        alerts.enabledProperty().set(true);
        alerts.webhookUrlProperty().set("env:PATINA_WEBHOOK");
        boolean[] saved = {false};
        alerts.save(() -> saved[0] = true);
        assertTrue(saved[0], alerts.statusProperty().get());
        assertTrue(loader.load(file).alerts().webhookUrl().isPresent());
        assertClusterKept();
    }
}
