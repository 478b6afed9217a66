package dev.grove.patina.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import dev.grove.patina.ui.settings.ClusterEditorViewModel.ClusterField;
import dev.grove.patina.util.Secret;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/**
 * The cluster editor (issue 17) on real config files, read back with the loader Patina starts with: adding
 * {@code [cluster]} to a stand-alone config, editing and removing it, each keeping every other table; each field's
 * problem under that field; the password written as its reference only; and "Test connection" against a closed
 * port, answered at once and naming host:port. The test against a real PostgreSQL is
 * {@link ClusterEditorPostgresTest} (cluster suite).
 */
class ClusterEditorViewModelTest {
    private static final Instant NOW = Instant.parse("2026-12-06T05:30:00Z");
    private static final String PG_SECRET = "pg-secret-value-4711";
    private static final String PLAIN = "plain-typed-password-0815";

    @TempDir
    Path dir;
    private Path file;
    private ConfigLoader loader;

    @BeforeEach
    void standAloneConfigWithMoreTables() throws Exception {
        file = UiFixtures.workspace(dir, List.of("shop", "ledger"), 2);
        Files.writeString(file, Files.readString(file) + """

                [alerts]
                webhook_url = "env:PATINA_WEBHOOK"
                on_success = true

                [retention]
                daily_days = 9
                """);
        loader = new ConfigLoader(Map.of("PATINA_PG_PASSWORD", PG_SECRET, "PATINA_WEBHOOK",
                "http://127.0.0.1:9/hook")::get, dir.resolve("data"), name -> Optional.empty());
    }

    private SettingsViewModel settings() {
        return new SettingsViewModel(loader.load(file), new SettingsSaver(loader), Clock.fixed(NOW, ZoneOffset.UTC),
                StoreProbe.of(new LocalFolderStore(dir.resolve("store"))), Notifier.none(), new SyncUiExecutor());
    }

    /** The file's config without its {@code [cluster]}: what every cluster edit must leave as it was. */
    private PatinaConfig rest(PatinaConfig config) {
        return ConfigEdits.withCluster(config, Optional.empty());
    }

    private static void saved(ClusterEditorViewModel m) {
        AtomicInteger closed = new AtomicInteger();
        m.save(closed::incrementAndGet);
        assertEquals(1, closed.get(), m.statusProperty().get());
    }

    @Test
    void addingAClusterToAStandAloneConfigWritesWhatWasEnteredAndKeepsEveryOtherTable() throws Exception {
        PatinaConfig before = loader.load(file);
        SettingsViewModel settings = settings();
        assertFalse(settings.hasClusterProperty().get());
        assertEquals("Stand-alone", settings.clusterRowsProperty().get().get(0)[0]);

        ClusterEditorViewModel m = settings.clusterEditor();
        assertTrue(m.adding());
        assertFalse(m.validProperty().get(), "an empty form cannot be saved");
        m.jdbcUrlProperty().set("jdbc:postgresql://db.example:5433/patina");
        m.userProperty().set("patina");
        m.passwordProperty().set("env:PATINA_PG_PASSWORD");
        m.nodeProperty().set("backup-1");
        assertTrue(m.validProperty().get());
        saved(m);

        PatinaConfig after = loader.load(file);
        assertEquals(Optional.of(new ClusterConfig("jdbc:postgresql://db.example:5433/patina", "patina",
                new Secret(PG_SECRET, "env:PATINA_PG_PASSWORD"), Optional.of("backup-1"))), after.cluster());
        assertEquals(rest(before), rest(after), "every other table is kept");
        String toml = Files.readString(file);
        assertTrue(toml.contains("password = \"env:PATINA_PG_PASSWORD\""), toml);
        assertFalse(toml.contains(PG_SECRET), "the password's value is never written");

        assertTrue(settings.hasClusterProperty().get());
        assertEquals("Added [cluster] (db.example:5433) to " + file + ". It takes effect at the next start of the"
                + " console and of patina daemon; until then this console keeps its local catalog and schedule.",
                settings.messageProperty().get());
        assertTrue(settings.restartNoteProperty().get().contains("cluster connection"),
                settings.restartNoteProperty().get());
        List<String> rows = settings.clusterRowsProperty().get().stream().map(r -> r[0] + ": " + r[1]).toList();
        assertEquals(List.of("PostgreSQL: db.example:5433", "User: patina", "Password: from env:PATINA_PG_PASSWORD",
                "Node name: backup-1"), rows.subList(0, 4));
    }

    @Test
    void eachProblemIsNamedUnderItsFieldAndNothingIsWritten() throws Exception {
        String before = Files.readString(file);
        ClusterEditorViewModel m = settings().clusterEditor();
        assertEquals("Required: jdbc:postgresql://host:port/database", m.errorProperty(ClusterField.JDBC_URL).get());
        assertEquals("Required: the PostgreSQL user", m.errorProperty(ClusterField.USER).get());
        assertEquals("Required: where the password is, e.g. env:PATINA_PG_PASSWORD",
                m.errorProperty(ClusterField.PASSWORD).get());
        assertEquals("", m.errorProperty(ClusterField.NODE).get(), "no node name: the host name");

        m.jdbcUrlProperty().set("jdbc:mysql://db.example/patina");
        assertEquals("Must start with jdbc:postgresql:// (PostgreSQL is the one cluster database)",
                m.errorProperty(ClusterField.JDBC_URL).get());
        m.jdbcUrlProperty().set("jdbc:postgresql://db.example:5432/patina?password=" + PLAIN);
        String urlError = m.errorProperty(ClusterField.JDBC_URL).get();
        assertTrue(urlError.startsWith("Must not hold a password"), urlError);
        assertFalse(urlError.contains(PLAIN), urlError);
        m.jdbcUrlProperty().set("jdbc:postgresql://db.example:5432");
        assertEquals("Names no database (jdbc:postgresql://host:port/database)",
                m.errorProperty(ClusterField.JDBC_URL).get());
        m.jdbcUrlProperty().set("jdbc:postgresql://db.example:5432/patina");
        assertEquals("", m.errorProperty(ClusterField.JDBC_URL).get());

        m.userProperty().set("patina");
        m.passwordProperty().set(PLAIN);
        String passwordError = m.errorProperty(ClusterField.PASSWORD).get();
        assertEquals("Must be a reference to the secret — env:NAME, file:/path or keyring:NAME — not the secret"
                + " itself", passwordError);
        m.nodeProperty().set("backup 1");
        assertTrue(m.errorProperty(ClusterField.NODE).get().startsWith("Must be letters, digits, '.', '_' or '-'"),
                m.errorProperty(ClusterField.NODE).get());
        assertFalse(m.validProperty().get());
        m.save(() -> { });
        assertEquals(before, Files.readString(file), "an invalid form writes nothing");

        m.nodeProperty().set("");
        m.passwordProperty().set("env:PATINA_PG_UNSET");
        assertTrue(m.validProperty().get());
        m.save(() -> { });
        assertEquals("The password refers to environment variable PATINA_PG_UNSET, which is not set",
                m.errorProperty(ClusterField.PASSWORD).get());
        assertEquals("Not saved: fix the fields marked in red.", m.statusProperty().get());
        assertEquals(before, Files.readString(file), "a password that cannot be read writes nothing");
    }

    @Test
    void editingTheClusterKeepsAnUntouchedPasswordAndEveryOtherTable() throws Exception {
        Files.writeString(file, Files.readString(file) + """

                [cluster]
                jdbc_url = "jdbc:postgresql://db.example:5432/patina"
                user = "patina"
                password = "env:PATINA_PG_PASSWORD"
                node = "backup-2"
                """);
        PatinaConfig before = loader.load(file);
        SettingsViewModel settings = settings();
        assertTrue(settings.hasClusterProperty().get());
        ClusterEditorViewModel m = settings.clusterEditor();
        assertFalse(m.adding());
        assertEquals("jdbc:postgresql://db.example:5432/patina", m.jdbcUrlProperty().get());
        assertEquals("patina", m.userProperty().get());
        assertEquals("env:PATINA_PG_PASSWORD", m.passwordProperty().get());
        assertEquals("backup-2", m.nodeProperty().get());
        assertTrue(m.validProperty().get());

        m.jdbcUrlProperty().set("jdbc:postgresql://pg.internal:6432/backups");
        m.userProperty().set("patina_node");
        m.nodeProperty().set("");
        saved(m);

        PatinaConfig after = loader.load(file);
        assertEquals(Optional.of(new ClusterConfig("jdbc:postgresql://pg.internal:6432/backups", "patina_node",
                before.cluster().orElseThrow().password(), Optional.empty())), after.cluster());
        assertEquals(rest(before), rest(after), "every other table is kept");
        assertFalse(Files.readString(file).contains("node ="), "no node name: the host name, by leaving it out");
        assertTrue(settings.messageProperty().get().startsWith("Saved [cluster] (pg.internal:6432) to "),
                settings.messageProperty().get());
    }

    @Test
    void removingTheClusterSaysWhatItMeansAndKeepsEveryOtherTable() throws Exception {
        Files.writeString(file, Files.readString(file) + """

                [cluster]
                jdbc_url = "jdbc:postgresql://db.example:5432/patina"
                user = "patina"
                password = "env:PATINA_PG_PASSWORD"
                """);
        PatinaConfig before = loader.load(file);
        SettingsViewModel settings = settings();
        String question = settings.removeClusterQuestion();
        assertTrue(question.startsWith("Remove [cluster] from patina.toml? From the next start this console uses its"
                + " local catalog (" + dir.resolve("catalog.sqlite") + ")"), question);
        assertTrue(question.contains("db.example:5432") && question.contains("nothing is deleted"), question);

        settings.removeCluster();
        PatinaConfig after = loader.load(file);
        assertEquals(Optional.empty(), after.cluster());
        assertEquals(rest(before), after, "every other table is kept");
        assertFalse(Files.readString(file).contains("[cluster]"));
        assertFalse(settings.hasClusterProperty().get());
        assertEquals("Stand-alone", settings.clusterRowsProperty().get().get(0)[0]);
        assertTrue(settings.messageProperty().get().startsWith("Removed [cluster] (db.example:5432) from " + file
                + ". At the next start of the console and of patina daemon they use the local catalog"),
                settings.messageProperty().get());
    }

    @Test
    void testingAClosedPortSaysSoAtOnceNamingHostAndPortNeverThePassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String before = Files.readString(file);
        ClusterEditorViewModel m = settings().clusterEditor();
        m.jdbcUrlProperty().set("jdbc:postgresql://127.0.0.1:" + port + "/patina");
        m.userProperty().set("patina");
        m.passwordProperty().set("env:PATINA_PG_PASSWORD");
        long start = System.nanoTime();
        m.testConnection();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String status = m.statusProperty().get();
        assertFalse(m.statusOkProperty().get(), status);
        assertTrue(status.startsWith("Connection failed: the cluster's PostgreSQL at 127.0.0.1:" + port
                + " cannot be reached: "), status);
        assertTrue(status.contains("refused"), status);
        assertFalse(status.contains(PG_SECRET), status);
        assertTrue(millis < 5000, "a refused connection is answered at once, not after a timeout: " + millis + " ms");
        assertEquals(before, Files.readString(file), "a test writes nothing");
    }
}
