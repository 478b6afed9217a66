package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schedule.cluster.ClusterDatabase;
import dev.grove.patina.schedule.cluster.ClusterPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster's schema from Flyway V3 (catalog version 6) to V4 (catalog version 7, ADR 0034) on a real PostgreSQL
 * with rows in it: every row kept, the node columns added empty; a node still running the older code keeps writing
 * until it restarts, and is then refused with both versions named (run with -Pcluster).
 */
@Tag("cluster")
class PostgresCatalogMigrationTest {
    private static final String S = ClusterDatabase.SCHEMA;
    private static final String RUN = "3f2b8c1e-0000-4000-8000-00000000000a";
    private static final String KEY = "daily/2026-11-27/app.sql.zst";

    private ClusterPostgres pg;

    @BeforeEach
    void database() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
    }

    @AfterEach
    void drop() throws Exception {
        pg.close();
    }

    @Test
    void aVersionThreeClusterWithHistoryMigratesToFourKeepingEveryRow() throws Exception {
        // the cluster as the previous Patina left it: Flyway V1–V3, catalog version 6, a night recorded
        Flyway.configure().dataSource(pg.databaseUrl(), pg.user(), pg.password()).schemas(S).defaultSchema(S)
                .table(ClusterDatabase.HISTORY_TABLE).locations("classpath:db/cluster").target("3").load().migrate();
        execute("INSERT INTO " + S + ".runs VALUES ('" + RUN + "', 'nightly', 'schedule', '2026-11-27', "
                        + "1795744800000, 1795744860000, 'partial', NULL)",
                "INSERT INTO " + S + ".objects (\"key\", database, kind, date, size, sha256, row_counts, created_at) "
                        + "VALUES ('" + KEY + "', 'app', 'daily', '2026-11-27', 2048, 'ab', '{\"users\":12}', "
                        + "1795744860000)",
                "INSERT INTO " + S + ".database_results VALUES ('" + RUN + "', 'app', 'ok', 12, '{\"users\":12}', "
                        + "2048, 1500, NULL, '" + KEY + "', NULL)",
                "INSERT INTO " + S + ".database_results VALUES ('" + RUN + "', 'blog', 'failed', 0, '{}', 0, 3, "
                        + "'locked', NULL, NULL)",
                "INSERT INTO " + S + ".run_log (run_id, at, level, message) VALUES ('" + RUN + "', 1795744800000, "
                        + "'INFO', 'app: ran on node old-a')",
                "INSERT INTO " + S + ".object_chains VALUES ('" + KEY + "', 'app', 'full', NULL, NULL, 'cd', '{}')");
        assertEquals("6", text("SELECT sqlite_version FROM " + S + ".catalog_version"));
        List<String> runs = rows("SELECT * FROM " + S + ".runs ORDER BY id");
        List<String> outcomes = rows("SELECT * FROM " + S + ".database_results ORDER BY run_id, database");
        List<String> objects = rows("SELECT * FROM " + S + ".objects ORDER BY id");
        List<String> log = rows("SELECT * FROM " + S + ".run_log ORDER BY id");
        List<String> chains = rows("SELECT * FROM " + S + ".object_chains ORDER BY \"key\"");

        // the first node of the new version migrates it on start
        try (ClusterDatabase db = ClusterDatabase.open(pg.clusterConfig("new-a"))) {
            assertEquals("4", db.schemaVersion());
            assertEquals(String.valueOf(Catalog.version()), text("SELECT sqlite_version FROM " + S
                    + ".catalog_version"));
            assertEquals(runs.stream().map(r -> r + "|null|0").toList(), rows("SELECT * FROM " + S
                    + ".runs ORDER BY id"), "every run kept, no node, not recovered");
            assertEquals(outcomes.stream().map(r -> r + "|null|0").toList(), rows("SELECT * FROM " + S
                    + ".database_results ORDER BY run_id, database"));
            assertEquals(objects, rows("SELECT * FROM " + S + ".objects ORDER BY id"));
            assertEquals(log, rows("SELECT * FROM " + S + ".run_log ORDER BY id"));
            assertEquals(chains, rows("SELECT * FROM " + S + ".object_chains ORDER BY \"key\""));

            // a node still running the previous version writes as it did (its statements name no node)
            execute("INSERT INTO " + S + ".runs (id, kind, \"trigger\", run_date, started_at, status, catch_up_of) "
                    + "VALUES ('3f2b8c1e-0000-4000-8000-00000000000b', 'weekly', 'schedule', '2026-11-30', "
                    + "1796004000000, 'running', NULL)");

            Clock clock = Clock.fixed(Instant.parse("2026-11-28T02:00:00Z"), ZoneOffset.UTC);
            try (Catalog catalog = Catalog.openCluster(db.dataSource(), db.schema(), db.hostPort(), clock, "new-a")) {
                RunSummary old = catalog.run(RUN).orElseThrow();
                assertEquals(RunStatus.PARTIAL, old.status());
                assertNull(old.node(), "a run of before V4 names no node");
                assertFalse(old.recovered());
                assertEquals(2, old.databases().size());
                assertNull(old.databases().get(0).node());
                assertNull(catalog.run("3f2b8c1e-0000-4000-8000-00000000000b").orElseThrow().node(),
                        "the older node's run names none");

                String id = catalog.startRun(RunKind.NIGHTLY, "schedule", LocalDate.of(2026, 11, 28));
                catalog.recordOutcome(id, new DatabaseOutcome("app", RunStatus.OK, null, Map.of(), 0, Duration.ZERO,
                        null).onNode("new-b", true));
                RunSummary now = catalog.run(id).orElseThrow();
                assertEquals("new-a", now.node());
                assertEquals("new-b", now.databases().get(0).node());
                assertTrue(now.databases().get(0).recovered());
            }

            // that older node, restarted, is refused by the catalog check with both versions named
            CatalogVersionException e = assertThrows(CatalogVersionException.class, () -> PostgresCatalogLink.open(
                    db.dataSource(), db.schema(), db.hostPort(), Catalog.version() - 1));
            assertEquals(Catalog.version(), e.found());
            assertTrue(e.getMessage().contains("catalog version " + Catalog.version())
                    && e.getMessage().contains("catalog version " + (Catalog.version() - 1)), e.getMessage());
            assertTrue(e.getMessage().contains("upgrade Patina on this node"), e.getMessage());
        }
        try (ClusterDatabase again = ClusterDatabase.open(pg.clusterConfig("new-b"))) {
            assertEquals("4", again.schemaVersion(), "a second node of the new version finds it migrated");
        }
        assertEquals("1", text("SELECT count(*) FROM " + S + ".patina_schema_history WHERE version = '4'"));
    }

    private void execute(String... statements) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Every row of {@code sql}, its columns joined by {@code |}. */
    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
