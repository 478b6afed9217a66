package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.CatalogException;
import dev.grove.patina.catalog.LostConnectionRetry;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.util.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster's catalog waits out a lost PostgreSQL (issue 17, ADR 0031), on the real server: a run's end written
 * while the test database refuses connections (every session ended) is retried with backoff and lands once
 * PostgreSQL is back; a write that outlasts its patience fails naming the server, never the password.
 */
@Tag("cluster")
class ClusterCatalogRetryTest {
    private ClusterPostgres pg;
    private ClusterDatabase db;

    @BeforeEach
    void database() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        db = ClusterDatabase.open(pg.clusterConfig("retry"));
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
        pg.allowConnections();
        pg.close();
    }

    @Test
    void aWriteDuringTheOutageIsRetriedAndLandsWhenPostgresIsBack() throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        Sleeper recording = d -> {
            waits.add(d);
            Sleeper.system().sleep(d);
        };
        Catalog catalog = Catalog.openCluster(db.dataSource(), db.schema(), db.hostPort(), Clock.systemUTC(),
                new LostConnectionRetry(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2),
                        Duration.ofMinutes(1), recording));
        String run = catalog.startRun(RunKind.NIGHTLY, "schedule", LocalDate.parse("2026-12-06"));
        pg.refuseConnections();
        Thread back = new Thread(() -> {
            try {
                Thread.sleep(3000);
                pg.allowConnections();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        back.start();
        catalog.finishRun(run, RunStatus.OK); // waits for PostgreSQL, then writes
        back.join();
        assertFalse(waits.isEmpty(), "it had to wait");
        assertEquals(Duration.ofMillis(500), waits.get(0));
        assertEquals(RunStatus.OK, catalog.run(run).orElseThrow().status());
        catalog.close();
    }

    /** Back after an outage, the node takes its running runs' locks again: no node takes them for dead runs. */
    @Test
    void theRunLocksAreTakenBackAfterTheirSessionEnded() throws Exception {
        Catalog catalog = Catalog.openCluster(db.dataSource(), db.schema(), db.hostPort(), Clock.systemUTC());
        String run = catalog.startRun(RunKind.NIGHTLY, "schedule", LocalDate.parse("2026-12-06"));
        try (java.sql.Connection c = pg.connect(); java.sql.Statement s = c.createStatement()) {
            // every session of the test database but this one, the run lock's among them, as an outage ends them
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND backend_type = 'client backend' AND pid <> pg_backend_pid()");
        }
        try (ClusterDatabase other = ClusterDatabase.open(pg.clusterConfig("other"))) {
            Catalog seen = Catalog.openCluster(other.dataSource(), other.schema(), other.hostPort(),
                    Clock.systemUTC());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!runLocksFree(other) && System.nanoTime() < deadline) {
                Thread.sleep(100); // the server frees the lock as the backend exits
            }
            assertTrue(runLocksFree(other), "the outage ended the run lock's session");
            assertEquals(1, catalog.retakeRunLocks());
            assertEquals(List.of(), seen.recoverDeadRuns(), "another node sees the run alive");
            assertEquals(RunStatus.RUNNING, seen.run(run).orElseThrow().status());
            seen.close();
        }
        catalog.finishRun(run, RunStatus.OK);
        catalog.close();
    }

    /** No run lock (a one-key advisory lock) is held in this test's database. */
    private static boolean runLocksFree(ClusterDatabase db) throws java.sql.SQLException {
        try (java.sql.Connection c = db.connection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted AND database = "
                        + "(SELECT oid FROM pg_database WHERE datname = current_database())")) {
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                c.rollback();
                return n == 0;
            }
        }
    }

    @Test
    void aWriteThatOutlastsItsPatienceFailsNamingTheServerAndARunThatCannotStartIsNotStarted() throws Exception {
        // the driver's own data source, no pool: a refused connection fails at once (the pool would wait 10 s)
        org.postgresql.ds.PGSimpleDataSource direct = new org.postgresql.ds.PGSimpleDataSource();
        direct.setUrl(pg.databaseUrl());
        direct.setUser(pg.user());
        direct.setPassword(pg.password());
        List<Duration> waits = new CopyOnWriteArrayList<>();
        Catalog catalog = Catalog.openCluster(direct, db.schema(), db.hostPort(), Clock.systemUTC(),
                new LostConnectionRetry(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofSeconds(2),
                        Duration.ofSeconds(2), d -> {
                            waits.add(d);
                            Sleeper.system().sleep(d);
                        }));
        String run = catalog.startRun(RunKind.NIGHTLY, "schedule", LocalDate.parse("2026-12-06"));
        pg.refuseConnections();
        CatalogException e = assertThrows(CatalogException.class, () -> catalog.finishRun(run, RunStatus.OK));
        assertTrue(e.getMessage().contains(pg.hostPort()), e.getMessage());
        assertFalse(e.getMessage().contains(pg.password()), e.getMessage());
        assertTrue(e.getMessage().contains("PostgreSQL is lost"), e.getMessage());
        assertTrue(waits.size() >= 3 && waits.subList(0, 3).equals(List.of(Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(400))), "backed off, then gave up: " + waits);
        // a run whose start cannot be recorded is not started: nothing of it in the catalog afterwards
        CatalogException start = assertThrows(CatalogException.class, () -> catalog.startRun(RunKind.WEEKLY,
                "api", LocalDate.parse("2026-12-06")));
        assertTrue(start.getMessage().contains(pg.hostPort()), start.getMessage());
        pg.allowConnections();
        assertEquals(RunStatus.RUNNING, catalog.run(run).orElseThrow().status(), "nothing half-written");
        assertEquals(1, catalog.runsOn(RunKind.NIGHTLY, LocalDate.parse("2026-12-06")).size());
        assertEquals(List.of(), catalog.runsOn(RunKind.WEEKLY, LocalDate.parse("2026-12-06")),
                "the run that could not record its start left nothing");
        catalog.close();
    }
}
