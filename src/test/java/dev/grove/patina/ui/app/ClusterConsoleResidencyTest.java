package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.host.InstanceLock;
import dev.grove.patina.schedule.cluster.ClusterPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console whose config has {@code [cluster]} (issue 17, ADR 0029) on a real PostgreSQL: it reads the cluster's
 * catalog but is never one more scheduler — the cluster's daemons run the schedule, and the console says which
 * nodes they are. Without this a desktop pointed at the cluster fired every night a second time.
 */
@Tag("cluster")
class ClusterConsoleResidencyTest {
    @TempDir
    Path dir;

    private ClusterPostgres pg;
    private PatinaRuntime rt;

    @BeforeEach
    void console() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
        }
        Path configFile = Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [catalog]
                path = "%s"

                %s""".formatted(dir.resolve("store"), db, dir.resolve("data/catalog.sqlite"),
                pg.clusterTable("desk")));
        PatinaConfig config = new ConfigLoader(Map.of(ClusterPostgres.PASSWORD_ENV, pg.password())::get,
                dir.resolve("data"), name -> Optional.empty()).load(configFile);
        rt = PatinaRuntime.open(config, new Services(Clock.systemUTC()));
    }

    @AfterEach
    void close() throws Exception {
        if (rt != null) {
            rt.close();
        }
        pg.close();
    }


    @Test
    void theConsoleRunsNoScheduleAndNamesTheClustersNodes() throws Exception {
        pg.checkedIn("node-a", Instant.now().minusSeconds(2));
        pg.checkedIn("node-b", Instant.now().minus(Duration.ofMinutes(10)));
        try (Residency residency = Residency.take(rt)) {
            assertFalse(residency.runsSchedule(), "a console of a cluster is not one more scheduler");
            assertEquals("the cluster at " + pg.hostPort() + " (nodes: node-a alive, node-b dead)",
                    residency.runBy());
            assertTrue(residency.scheduler().isEmpty());
            assertFalse(residency.runBy().contains(pg.password()));
        }
        // and it left the folder's console lock alone: nothing here claims to run a schedule
        Path folder = rt.config().catalog().path().toAbsolutePath().getParent();
        Optional<InstanceLock> lock = InstanceLock.tryAcquire(folder, InstanceLock.Role.CONSOLE);
        assertTrue(lock.isPresent(), "the lock is free");
        lock.get().close();
    }

    @Test
    void beforeAnyNodeHasCheckedInTheConsoleSaysSo() {
        try (Residency residency = Residency.take(rt)) {
            assertFalse(residency.runsSchedule());
            assertEquals("the cluster at " + pg.hostPort() + " (no node has checked in yet)", residency.runBy());
        }
    }
}
