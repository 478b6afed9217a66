package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectChains;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.RestoreProofs;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schedule.cluster.ClusterDatabase;
import dev.grove.patina.schedule.cluster.ClusterPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patina catalog migrate --to}: a local catalog's whole history moves into a cluster's catalog on a real
 * PostgreSQL, counts printed and verified; a second move copies nothing; an unreachable server, a cluster schema
 * newer than this Patina and a cluster catalog of another version are each one clear line.
 */
@Tag("cluster")
class CatalogMoveInTest {
    private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
    /** The catalog tables and how many rows {@link #history} writes into each. */
    private static final Map<String, Long> ROWS = rows();

    @TempDir
    Path dir;

    private ClusterPostgres pg;
    private Path passwordFile;
    private Path sqlite;

    record Result(int code, String out, String err) {
    }

    private static Map<String, Long> rows() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("schemas", 1L);
        m.put("runs", 4L);
        m.put("objects", 4L);
        m.put("database_results", 6L);
        m.put("run_log", 5L);
        m.put("run_puts", 1L);
        m.put("object_copies", 2L);
        m.put("verifications", 2L);
        m.put("object_chains", 2L);
        return m;
    }

    @BeforeEach
    void setUp() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        passwordFile = dir.resolve("pg-password");
        Files.writeString(passwordFile, pg.password());
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        sqlite = dir.resolve("catalog.sqlite");
    }

    @AfterEach
    void drop() throws Exception {
        pg.close();
    }

    /** Four nights of a desktop's catalog: every table holds rows. */
    private void history() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (Catalog c = Catalog.open(sqlite, clock)) {
            List<StoredObject> objects = new ArrayList<>();
            for (int night = 0; night < 4; night++) {
                LocalDate day = LocalDate.of(2026, 11, 20 + night);
                String run = c.startRun(night == 3 ? RunKind.VERIFY : RunKind.NIGHTLY, "schedule", day);
                String key = "daily/" + day + "/shop.sql.zst";
                if (night < 3) {
                    StoredObject o = new StoredObject(key, "shop", ObjectKind.DAILY, day, 100 + night,
                            "a".repeat(63) + night, Map.of("items", 3L + night), T0.plus(Duration.ofDays(night)),
                            null, null);
                    c.recordObject(o);
                    objects.add(o);
                    c.recordOutcome(run, new DatabaseOutcome("shop", RunStatus.OK, key, Map.of("items", 3L + night),
                            100 + night, Duration.ofMillis(40), null).onNode(night == 2 ? "node-b" : null,
                            night == 2)); // the node columns of version 7 move in too (ADR 0034)
                    c.recordOutcome(run, new DatabaseOutcome("edge", RunStatus.FAILED, null, Map.of(), 0,
                            Duration.ofMillis(3), "D1 said 503 — retried 3 times", null));
                }
                c.log(run, "INFO", "night " + night + " began");
                if (night < 3) {
                    c.finishRun(run, night == 1 ? RunStatus.PARTIAL : RunStatus.OK);
                }
                if (night == 2) {
                    c.markRecovered(run);
                }
            }
            StoredObject weekly = new StoredObject("weekly/2026-W47.tar.zst", null, ObjectKind.WEEKLY,
                    LocalDate.of(2026, 11, 16), 999, "b".repeat(64), Map.of(), T0, null, null);
            c.recordObject(weekly);
            String last = c.recentRuns(1).get(0).id();
            c.beginPut(last, "daily/2026-11-23/shop.sql.zst"); // a put left unfinished
            c.schemas().record(objects.get(0).key(), List.of("CREATE TABLE items (id INTEGER PRIMARY KEY)"));
            c.copies().recordPresent(objects.get(0).key(), "offsite", 100, objects.get(0).sha256(), T0);
            c.copies().recordFailure(objects.get(1).key(), "offsite", "403 Forbidden");
            c.proofs().record(new RestoreProofs.Proof(objects.get(0).key(), "shop", last, T0,
                    List.of(new RestoreProofs.CheckRun("integrity_check", true, "ok"))));
            c.proofs().record(new RestoreProofs.Proof(objects.get(1).key(), "shop", null, T0.plusSeconds(60),
                    List.of(new RestoreProofs.CheckRun("row_counts", false, "items: 3 ≠ 4"))));
            c.chains().record(new ObjectChains.Link(objects.get(0).key(), "shop", ObjectChains.FULL, null, null,
                    "f".repeat(64), Map.of()));
            c.chains().record(new ObjectChains.Link(objects.get(1).key(), "shop", ObjectChains.DIFFERENTIAL,
                    objects.get(0).key(), "f".repeat(64), "d".repeat(64),
                    Map.of("items", new ObjectChains.Digest(4, "0123456789abcdef0123456789abcdef"))));
            c.markDamaged(objects.get(2).key(), T0.plusSeconds(120), "checksum mismatch");
            c.log(last, "WARN", "a second line of the last run");
        }
        // a process that died mid-run holds no lock: the run stays "running" with its unfinished put
    }

    private Result migrate(String url, String... more) {
        List<String> args = new ArrayList<>(List.of("catalog", "migrate", "--to", url, "--user", pg.user(),
                "--password", "file:" + passwordFile, "--from", sqlite.toString()));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args.toArray(String[]::new), new Services(Clock.systemUTC()),
                new java.io.ByteArrayOutputStream(), new PrintWriter(out), new PrintWriter(err));
        Result r = new Result(code, out.toString(), err.toString());
        assertFalse((r.out() + r.err()).contains(pg.password()), "never the password");
        return r;
    }

    /** The printed counts: table → [sqlite, copied, already there, cluster]. */
    private static Map<String, long[]> counts(String out) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 5 && ROWS.containsKey(f[0])) {
                m.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4])});
            }
        }
        return m;
    }

    @Test
    void aLocalCatalogsWholeHistoryMovesInOnceVerifiedByCounts() throws Exception {
        history();
        Result first = migrate(pg.databaseUrl());
        assertEquals(0, first.code(), first.err());
        Map<String, long[]> firstCounts = counts(first.out());
        assertEquals(ROWS.keySet(), firstCounts.keySet(), first.out());
        ROWS.forEach((table, n) -> {
            long[] c = firstCounts.get(table);
            assertEquals(List.of(n, n, 0L, n), List.of(c[0], c[1], c[2], c[3]), table + ": " + first.out());
        });
        assertTrue(first.out().contains("counts verified"), first.out());
        for (Map.Entry<String, Long> e : ROWS.entrySet()) {
            assertEquals(e.getValue(), count("SELECT count(*) FROM patina_cluster." + e.getKey()), e.getKey());
        }

        Result second = migrate(pg.databaseUrl());
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("nothing new to copy"), second.out());
        counts(second.out()).forEach((table, c) -> assertEquals(List.of(ROWS.get(table), 0L, ROWS.get(table),
                ROWS.get(table)), List.of(c[0], c[1], c[2], c[3]), table + ": " + second.out()));

        // the cluster's catalog reads back what the local one held
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (Catalog local = Catalog.open(sqlite, clock);
             ClusterDatabase db = ClusterDatabase.open(pg.clusterConfig("reader"));
             Catalog cluster = Catalog.openCluster(db.dataSource(), db.schema(), db.hostPort(), clock)) {
            List<RunSummary> runs = local.recentRuns(100);
            assertEquals(runs, cluster.recentRuns(100));
            assertEquals(1, runs.stream().filter(RunSummary::recovered).count(), "the recovered run moved in");
            assertEquals(1, runs.stream().flatMap(r -> r.databases().stream())
                    .filter(o -> "node-b".equals(o.node()) && o.recovered()).count(), "the part's node moved in");
            for (RunSummary r : runs) {
                assertEquals(local.runLog(r.id()), cluster.runLog(r.id()), "the log of " + r.id());
            }
            assertEquals(local.findObjects(ObjectQuery.firstPage(100)), cluster.findObjects(ObjectQuery.firstPage(100)));
            assertEquals(local.damagedObjects(), cluster.damagedObjects());
            String k0 = "daily/2026-11-20/shop.sql.zst";
            String k1 = "daily/2026-11-21/shop.sql.zst";
            assertEquals(local.copies().of(List.of(k0, k1)), cluster.copies().of(List.of(k0, k1)));
            assertEquals(local.copies().lastError("offsite"), cluster.copies().lastError("offsite"));
            assertEquals(local.proofs().latestFor(List.of(k0, k1)), cluster.proofs().latestFor(List.of(k0, k1)));
            assertEquals(local.chains().bases(), cluster.chains().bases());
            assertEquals(local.chains().of(k1), cluster.chains().of(k1));
            assertEquals(local.schemas().of(k0), cluster.schemas().of(k0));
            assertEquals(local.failedOutcomeCounts(), cluster.failedOutcomeCounts());
            assertEquals(Map.of("edge", 3L), cluster.failedOutcomeCounts());
        }
    }

    @Test
    void anUnreachableServerIsOneLineNamingHostAndPort() {
        history();
        Result r = migrate("jdbc:postgresql://127.0.0.1:1/patina");
        assertEquals(1, r.code(), r.out());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains("127.0.0.1:1") && lines.get(0).contains("cannot be reached"), lines.get(0));
    }

    @Test
    void aClusterOfAnotherSchemaOrCatalogVersionIsRefusedNamingBothVersions() throws Exception {
        history();
        try (ClusterDatabase db = ClusterDatabase.open(pg.clusterConfig("first-node"))) {
            assertEquals("4", db.schemaVersion());
        }
        execute("UPDATE patina_cluster.catalog_version SET sqlite_version = " + (Catalog.version() - 1));
        Result older = migrate(pg.databaseUrl());
        assertEquals(1, older.code(), older.out());
        assertTrue(older.err().contains("catalog version " + (Catalog.version() - 1))
                && older.err().contains("catalog version " + Catalog.version()), older.err());
        assertTrue(older.err().contains(pg.hostPort()), older.err());
        assertEquals(0, count("SELECT count(*) FROM patina_cluster.runs"), "nothing copied");

        execute("UPDATE patina_cluster.catalog_version SET sqlite_version = " + Catalog.version());
        execute("INSERT INTO patina_cluster.patina_schema_history (installed_rank, version, description, type,"
                + " script, checksum, installed_by, execution_time, success) SELECT max(installed_rank) + 1, "
                + "'5', 'from a newer patina', 'SQL', 'V5__from_a_newer_patina.sql', 0, 'patina', 0, true "
                + "FROM patina_cluster.patina_schema_history");
        Result newer = migrate(pg.databaseUrl());
        assertEquals(1, newer.code(), newer.out());
        assertTrue(newer.err().contains("is version 5, newer than this node knows (version 4)"), newer.err());
        assertEquals(1, newer.err().lines().filter(l -> !l.isBlank()).count(), newer.err());
        assertEquals(0, count("SELECT count(*) FROM patina_cluster.runs"), "nothing copied");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
