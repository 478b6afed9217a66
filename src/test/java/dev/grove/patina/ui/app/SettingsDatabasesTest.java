package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.config.CommandKeyring;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.SqliteDatabaseConfig;
import dev.grove.patina.demo.DemoWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Settings tab's databases and storage in the real console, headless: "Add…" opens the dialog, a path that is
 * not there is named under the path field and nothing is saved, a real SQLite file tests ok and saves, and the file
 * loads back with it. "Edit storage…" opens the storage dialog; Cancel writes nothing. Writes settings-databases.png,
 * settings-database-dialog.png and settings-storage-dialog.png (target/screenshots, or docs/screenshots with
 * {@code -Dpatina.screenshots.update=true}).
 */
class SettingsDatabasesTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z");

    @TempDir
    Path dir;
    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        console = ConsoleFixture.start(dir, Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW)));
    }

    @AfterEach
    void stop() throws Exception {
        console.stop();
    }

    @Test
    void addingASqliteDatabaseShowsABadPathInlineThenSavesIt() throws Exception {
        Path ledger = dir.resolve("ledger.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledger); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = wal");
            s.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)");
            s.execute("INSERT INTO entry (amount) VALUES (120), (-45), (300)");
        }
        console.robot.clickOn("Settings");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = console.robot.lookup("#databaseTable").query();
        assertEquals(DemoWorkspace.DATABASES.size(), table.getItems().size());

        console.robot.clickOn("#addDatabase");
        WaitForAsyncUtils.waitForFxEvents();
        console.robot.clickOn("#dbName").write("ledger");
        Path missing = dir.resolve("ledgr.sqlite");
        console.robot.clickOn("#dbPath").write(missing.toString());
        console.robot.clickOn("#dbSave");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> console.node("#dbPathError").isVisible());
        assertEquals("No such file: " + missing, console.text("#dbPathError"));
        assertTrue(console.node("#databaseDialog").getScene().getWindow().isShowing(), "the dialog stays open");
        assertFalse(Files.readString(console.config).contains("ledger"), "nothing was saved");
        Screenshots.write(console.node("#databaseDialog").getScene(), "settings-database-dialog.png");

        TextField path = console.robot.lookup("#dbPath").query();
        WaitForAsyncUtils.asyncFx(path::clear).get(5, TimeUnit.SECONDS);
        console.robot.clickOn(path).write(ledger.toString());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(console.node("#dbPathError").isVisible());
        console.robot.clickOn("#dbTestConnection");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> console.text("#dbStatus").startsWith("ok"));
        assertTrue(console.text("#dbStatus").matches("ok — 1 table, [0-9.]+ KiB, journal mode wal"),
                console.text("#dbStatus"));

        console.robot.clickOn("#dbSave");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size()
                == DemoWorkspace.DATABASES.size() + 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.robot.lookup("#databaseDialog").tryQuery().isEmpty()
                || !console.node("#databaseDialog").getScene().getWindow().isShowing(), "the dialog closed");
        assertTrue(console.text("#settingsMessage").contains("Restart Patina to back it up"),
                console.text("#settingsMessage"));
        assertTrue(console.node("#restartNote").isVisible());
        ConfigLoader loader = new ConfigLoader(System::getenv, AppDirs.current().dataDir(),
                CommandKeyring.forThisSystem());
        assertEquals(new SqliteDatabaseConfig("ledger", ledger), loader.load(console.config).database("ledger").orElseThrow());
        WaitForAsyncUtils.asyncFx(() -> {
            table.getSelectionModel().selectLast();
            table.scrollTo(table.getItems().size() - 1);
        }).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(table.getScene(), "settings-databases.png");

        String before = Files.readString(console.config);
        console.robot.clickOn(console.scrollIntoView("#editStorage"));
        WaitForAsyncUtils.waitForFxEvents();
        console.robot.clickOn("#storeKindR2");
        console.robot.clickOn("#storeAccountId").write("4f1c0a9b2e7d4c3a8b6e5f0d1c2b3a49");
        console.robot.clickOn("#storeBucket").write("grove-patina");
        console.robot.clickOn("#storeAccessKeyId").write("8c2e1f0a7b3d4e5f");
        console.robot.clickOn("#storeSecretKey").write("PATINA_R2_SECRET");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.text("#storeSecretKeyError").contains("not the secret itself"),
                console.text("#storeSecretKeyError"));
        TextField secret = console.robot.lookup("#storeSecretKey").query();
        WaitForAsyncUtils.asyncFx(secret::clear).get(5, TimeUnit.SECONDS);
        console.robot.clickOn(secret).write("env:PATINA_R2_SECRET");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(console.node("#storeSecretKeyError").isVisible());
        assertEquals("Endpoint https://4f1c0a9b2e7d4c3a8b6e5f0d1c2b3a49.r2.cloudflarestorage.com, region auto",
                console.text("#storeAccountIdPreview"));
        Screenshots.write(console.node("#storageDialog").getScene(), "settings-storage-dialog.png");
        console.robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, Files.readString(console.config), "Cancel writes nothing");
    }

}
