package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.schedule.cluster.ClusterDatabase;
import dev.grove.patina.schedule.cluster.ClusterPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The cluster dialog's "Test connection" in the real console against the cluster suite's real PostgreSQL, headless
 * (issue 17): the answer names the server's version, the schema's version and the nodes with their last check-in.
 * Nothing is saved. Writes settings-cluster-dialog.png (target/screenshots, or docs/screenshots with
 * {@code -Dpatina.screenshots.update=true}).
 */
@Tag("cluster")
class SettingsClusterPostgresTest {
    private static final Instant NOW = Instant.parse("2026-12-06T05:30:00Z");

    @TempDir
    Path dir;
    private ClusterPostgres pg;
    private Clock clock;
    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW));
        try (ClusterDatabase db = ClusterDatabase.open(pg.clusterConfig("backup-1"))) {
            // the cluster's schema, as the first node made it
        }
        console = ConsoleFixture.start(dir, clock);
    }

    @AfterEach
    void stop() throws Exception {
        console.stop();
        pg.close();
    }

    private void type(String query, String text) throws Exception {
        TextField field = console.robot.lookup(query).query();
        WaitForAsyncUtils.asyncFx(field::clear).get(5, TimeUnit.SECONDS);
        console.robot.clickOn(field).write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void testConnectionShowsTheServerTheSchemaAndTheNodes() throws Exception {
        Path secret = dir.resolve("pg-password");
        Files.writeString(secret, pg.password() + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        String before = Files.readString(console.config);

        console.robot.clickOn("Settings");
        WaitForAsyncUtils.waitForFxEvents();
        console.robot.clickOn(console.scrollIntoView("#addCluster"));
        WaitForAsyncUtils.waitForFxEvents();
        Node dialog = console.node("#clusterDialog");
        type("#clusterJdbcUrl", pg.databaseUrl());
        type("#clusterUser", pg.user());
        type("#clusterPassword", "file:" + secret);
        type("#clusterNode", "console-1");
        // two nodes checking in (they would every 7.5 s), just before the test
        pg.checkedIn("backup-1", clock.instant().minusSeconds(2));
        pg.checkedIn("backup-2", clock.instant().minusSeconds(5));
        console.robot.clickOn("#clusterTestConnection");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> console.text("#clusterStatus").startsWith("Connected"));
        String status = console.text("#clusterStatus");
        assertTrue(status.matches("(?s)Connected to PostgreSQL \\d+.* at 127\\.0\\.0\\.1:\\d+\\.\\nCluster schema"
                + " version \\d+, as this Patina expects\\.\\n2 nodes:\\n    backup-1 alive, .*\\n    backup-2 alive, .*\\n"
                + "This machine joins as node console-1\\."), status);
        assertFalse(status.contains(pg.password()), status);
        Screenshots.write(dialog.getScene(), "settings-cluster-dialog.png");
        console.robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(before.equals(Files.readString(console.config)), "a test and Cancel write nothing");
    }
}
