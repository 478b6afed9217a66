package dev.grove.patina.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.schedule.cluster.ClusterDatabase;
import dev.grove.patina.schedule.cluster.ClusterPostgres;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster dialog's "Test connection" against the cluster suite's real PostgreSQL (issue 17): a good connection
 * says the server's version, the schema's version as this Patina expects it and the nodes with their last
 * check-in; a schema newer than this Patina is named with both versions; a wrong password is refused with a message
 * naming host:port and never a password. Nothing is written to the config file or migrated on the server.
 */
@Tag("cluster")
class ClusterEditorPostgresTest {
    private static final Instant NOW = Instant.parse("2026-12-06T05:30:00Z");
    private static final String WRONG = "wrong-pg-password-9931";

    @TempDir
    Path dir;
    private ClusterPostgres pg;
    private Path file;
    private ClusterEditorViewModel editor;

    @BeforeEach
    void cluster() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        try (ClusterDatabase db = ClusterDatabase.open(pg.clusterConfig("node-a"))) {
            pg.checkedIn("node-a", NOW.minusSeconds(4));
            pg.checkedIn("node-b", NOW.minus(Duration.ofMinutes(5)));
        }
        file = UiFixtures.workspace(dir, List.of("shop"), 2);
        ConfigLoader loader = new ConfigLoader(Map.of(ClusterPostgres.PASSWORD_ENV, pg.password(), "PG_WRONG",
                WRONG)::get, dir.resolve("data"), name -> Optional.empty());
        SettingsViewModel settings = new SettingsViewModel(loader.load(file), new SettingsSaver(loader),
                Clock.fixed(NOW, ZoneOffset.UTC), StoreProbe.of(new LocalFolderStore(dir.resolve("store"))),
                Notifier.none(), new SyncUiExecutor());
        editor = settings.clusterEditor();
        editor.jdbcUrlProperty().set(pg.databaseUrl());
        editor.userProperty().set(pg.user());
        editor.nodeProperty().set("console-1");
    }

    @AfterEach
    void drop() throws Exception {
        pg.close();
    }

    @Test
    void aGoodConnectionSaysVersionsAndNodesAndAWrongPasswordNamesHostPortOnly() throws Exception {
        String before = Files.readString(file);
        String hostPort = new ClusterConfig(pg.databaseUrl(), pg.user(), new dev.grove.patina.util.Secret("", ""),
                Optional.empty()).hostPort();
        editor.passwordProperty().set("env:" + ClusterPostgres.PASSWORD_ENV);
        editor.testConnection();
        String ok = editor.statusProperty().get();
        assertTrue(editor.statusOkProperty().get(), ok);
        Matcher m = Pattern.compile("Connected to PostgreSQL (\\d+\\.\\d+)[^\\n]* at " + Pattern.quote(hostPort)
                + "\\.\\nCluster schema version (\\d+), as this Patina expects\\.\\n2 nodes:\\n    node-a alive, last"
                + " check-in 2026-12-06T05:29:56Z \\(4 s ago\\)\\n    node-b dead, last check-in 2026-12-06T05:25:00Z"
                + " \\(300 s ago\\)\\nThis machine joins as node console-1\\.").matcher(ok);
        assertTrue(m.matches(), ok);
        String schema = m.group(2);

        // a node of a newer Patina migrated the schema past what this one knows: both versions named, not ok
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + ClusterDatabase.SCHEMA + "." + ClusterDatabase.HISTORY_TABLE
                    + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time,"
                    + " success) VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test',"
                    + " 0, true)");
        }
        editor.testConnection();
        String newer = editor.statusProperty().get();
        assertFalse(editor.statusOkProperty().get(), newer);
        assertTrue(newer.contains("Cluster schema version 99 is newer than this Patina knows (version " + schema
                + ")"), newer);

        editor.passwordProperty().set("env:PG_WRONG");
        long start = System.nanoTime();
        editor.testConnection();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String refused = editor.statusProperty().get();
        assertFalse(editor.statusOkProperty().get(), refused);
        assertTrue(refused.startsWith("Connection failed: the cluster's PostgreSQL at " + hostPort
                + " refused the login of user " + pg.user() + ": "), refused);
        assertFalse(refused.contains(WRONG) || refused.contains(pg.password()), refused);
        assertTrue(millis < 10_000, millis + " ms");
        assertEquals(before, Files.readString(file), "a test writes nothing");
    }
}
