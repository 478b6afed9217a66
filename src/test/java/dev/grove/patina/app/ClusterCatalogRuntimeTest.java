package dev.grove.patina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.CatalogVersionException;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schedule.cluster.ClusterPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code [cluster]}, a node's runtime keeps its catalog in the cluster's PostgreSQL (ADR 0020), and a node whose
 * code reads and writes another catalog version than the cluster holds is refused at start, both versions named.
 */
@Tag("cluster")
class ClusterCatalogRuntimeTest {
    @TempDir
    Path dir;

    private ClusterPostgres pg;
    private PatinaConfig config;

    @BeforeEach
    void cluster() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)");
        }
        Path file = dir.resolve("patina.toml");
        Files.writeString(file, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [catalog]
                path = "%s"

                %s""".formatted(dir.resolve("store"), db, dir.resolve("catalog.sqlite"), pg.clusterTable("n1")));
        config = new ConfigLoader(Map.of(ClusterPostgres.PASSWORD_ENV, pg.password())::get, dir.resolve("data"),
                name -> Optional.empty()).load(file);
    }

    @AfterEach
    void drop() throws Exception {
        pg.close();
    }

    private PatinaRuntime open() {
        return PatinaRuntime.open(config, new Services(Clock.systemUTC()));
    }

    @Test
    void aNodeOfAClusterKeepsItsCatalogInThePostgres() throws Exception {
        String run;
        try (PatinaRuntime rt = open()) {
            Catalog catalog = rt.catalog();
            assertTrue(catalog.clustered());
            assertTrue(catalog.location().contains(pg.hostPort()), catalog.location());
            assertThrows(IllegalStateException.class, catalog::file);
            run = catalog.startRun(RunKind.NIGHTLY, "cli", LocalDate.of(2026, 12, 5));
            catalog.finishRun(run, RunStatus.OK);
        }
        assertEquals("ok", text("SELECT status FROM patina_cluster.runs WHERE id = '" + run + "'"));
        assertFalse(Files.exists(dir.resolve("catalog.sqlite")), "no local catalog beside a cluster's");
        try (PatinaRuntime again = open()) { // another node, or this one started again, reads the same runs
            assertEquals(RunStatus.OK, again.catalog().run(run).orElseThrow().status());
        }
    }

    @Test
    void aClusterCatalogOfAnotherVersionRefusesTheNodeNamingBothVersions() throws Exception {
        open().close(); // the first node: Flyway creates the catalog at this code's version
        assertEquals(String.valueOf(Catalog.version()), text("SELECT sqlite_version FROM patina_cluster.catalog_version"));
        int mine = Catalog.version();
        for (int theirs : new int[] {mine - 1, mine + 1}) {
            execute("UPDATE patina_cluster.catalog_version SET sqlite_version = " + theirs);
            CatalogVersionException e = assertThrows(CatalogVersionException.class, this::open);
            assertEquals(theirs, e.found());
            assertEquals(mine, e.expected());
            String m = e.getMessage();
            assertTrue(m.contains("catalog version " + theirs) && m.contains("catalog version " + mine), m);
            assertTrue(m.contains(pg.hostPort()), m);
            assertFalse(m.contains(pg.password()), "never the password");
            assertTrue(m.contains(theirs > mine ? "upgrade Patina on this node" : "upgrade the cluster's schema"), m);
            assertEquals(1, m.lines().count(), m);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
