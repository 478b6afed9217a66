package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.config.CommandKeyring;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.util.Secret;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Settings tab's cluster connection in the real console, headless (issue 17): "Add cluster…" on the demo's
 * stand-alone config opens the dialog, each bad field is named under it, a password typed in plain is refused and
 * shown in no label, "Test connection" to a closed port answers in the dialog naming host:port, Save writes
 * {@code [cluster]} (the password as its {@code file:} reference) and keeps every other table; "Edit cluster…" changes
 * it; "Remove cluster…" asks, saying the console uses its local catalog at the next start, then removes it. The
 * dialog's screenshot, with a real server's answer, is {@link SettingsClusterPostgresTest}'s (cluster suite).
 */
class SettingsClusterTest {
    private static final Instant NOW = Instant.parse("2026-12-06T05:30:00Z");
    private static final String PASSWORD = "pgCanaryPassword7Qz";

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

    private void type(String query, String text) throws Exception {
        TextField field = console.robot.lookup(query).query();
        WaitForAsyncUtils.asyncFx(field::clear).get(5, TimeUnit.SECONDS);
        console.robot.clickOn(field).write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void noLabelShowsThePassword(Node root) {
        for (Node n : console.robot.from(root).lookup((Node node) -> node instanceof Labeled).queryAll()) {
            String text = ((Labeled) n).getText();
            assertFalse(text != null && text.contains(PASSWORD), "a label shows the password: " + text);
        }
    }

    private boolean closed(String dialog) {
        return console.robot.lookup(dialog).tryQuery().isEmpty()
                || !console.node(dialog).getScene().getWindow().isShowing();
    }

    @Test
    void aClusterIsAddedEditedAndRemovedKeepingEveryOtherTable() throws Exception {
        ConfigLoader loader = new ConfigLoader(System::getenv, AppDirs.current().dataDir(),
                CommandKeyring.forThisSystem());
        PatinaConfig before = loader.load(console.config);
        assertTrue(before.cluster().isEmpty(), "the demo is stand-alone");
        Path secret = dir.resolve("pg-password");
        Files.writeString(secret, PASSWORD + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        console.robot.clickOn("Settings");
        WaitForAsyncUtils.waitForFxEvents();
        console.robot.clickOn(console.scrollIntoView("#addCluster"));
        WaitForAsyncUtils.waitForFxEvents();
        Node dialog = console.node("#clusterDialog");
        assertEquals("Required: jdbc:postgresql://host:port/database", console.text("#clusterJdbcUrlError"));
        assertTrue(console.node("#clusterSave").isDisabled(), "an empty form cannot be saved");

        type("#clusterJdbcUrl", "jdbc:mysql://127.0.0.1:" + port + "/patina");
        assertEquals("Must start with jdbc:postgresql:// (PostgreSQL is the one cluster database)",
                console.text("#clusterJdbcUrlError"));
        type("#clusterJdbcUrl", "jdbc:postgresql://127.0.0.1:" + port + "/patina");
        assertFalse(console.node("#clusterJdbcUrlError").isVisible());
        type("#clusterUser", "patina");
        type("#clusterPassword", PASSWORD);
        assertEquals("Must be a reference to the secret — env:NAME, file:/path or keyring:NAME — not the secret"
                + " itself", console.text("#clusterPasswordError"));
        assertTrue(console.node("#clusterSave").isDisabled(), "a plain password cannot be saved");
        noLabelShowsThePassword(dialog);
        type("#clusterPassword", "file:" + secret);
        type("#clusterNode", "console 1");
        assertTrue(console.text("#clusterNodeError").startsWith("Must be letters, digits, '.', '_' or '-'"),
                console.text("#clusterNodeError"));
        type("#clusterNode", "console-1");
        assertFalse(console.node("#clusterNodeError").isVisible());
        assertFalse(console.node("#clusterSave").isDisabled());

        console.robot.clickOn("#clusterTestConnection");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> console.text("#clusterStatus").startsWith("Connection"));
        String status = console.text("#clusterStatus");
        assertTrue(status.startsWith("Connection failed: the cluster's PostgreSQL at 127.0.0.1:" + port
                + " cannot be reached: "), status);
        noLabelShowsThePassword(dialog);

        console.robot.clickOn("#clusterSave");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> closed("#clusterDialog"));
        WaitForAsyncUtils.waitForFxEvents();
        PatinaConfig added = loader.load(console.config);
        assertEquals(Optional.of(new ClusterConfig("jdbc:postgresql://127.0.0.1:" + port + "/patina", "patina",
                new Secret(PASSWORD, "file:" + secret), Optional.of("console-1"))), added.cluster());
        assertEquals(before, withoutCluster(added), "every other table is kept");
        assertFalse(Files.readString(console.config).contains(PASSWORD), "the password is never written");
        assertTrue(console.text("#settingsMessage").contains("It takes effect at the next start"),
                console.text("#settingsMessage"));
        assertTrue(console.node("#editCluster").isVisible());
        assertFalse(console.node("#addCluster").isVisible());
        noLabelShowsThePassword(console.node("#clusterSection"));

        console.robot.clickOn(console.scrollIntoView("#editCluster"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("file:" + secret, console.robot.lookup("#clusterPassword").<TextField>query().getText());
        type("#clusterNode", "console-2");
        console.robot.clickOn("#clusterSave");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> closed("#clusterDialog"));
        assertEquals(Optional.of("console-2"), loader.load(console.config).cluster().orElseThrow().node());

        console.robot.clickOn(console.scrollIntoView("#removeCluster"));
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane confirm = console.robot.lookup("#removeClusterConfirm").query();
        assertTrue(confirm.getContentText().contains("From the next start this console uses its local catalog"),
                confirm.getContentText());
        Button remove = console.robot.from(confirm).lookup((Node n) -> n instanceof Button b
                && "Remove".equals(b.getText())).query();
        console.robot.clickOn(remove);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> console.node("#addCluster").isVisible());
        assertEquals(before, loader.load(console.config), "removed: the stand-alone config as it was");
        assertTrue(console.text("#settingsMessage").startsWith("Removed [cluster] (127.0.0.1:" + port + ")"),
                console.text("#settingsMessage"));
    }

    private static PatinaConfig withoutCluster(PatinaConfig c) {
        return new PatinaConfig(c.file(), c.store(), c.databases(), c.schedule(), c.retention(), c.compression(),
                c.alerts(), c.catalog(), c.api(), c.warnings(), c.replicas(), c.encryption(), Optional.empty());
    }
}
