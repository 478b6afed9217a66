package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogSchemaTest {
    /**
     * The version-1 schema as it shipped, frozen here on purpose: a catalog written by that release must keep
     * opening even after V1InitialSchema's source is touched by mistake.
     */
    private static final String[] V1_AS_SHIPPED = {
        "CREATE TABLE runs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, \"trigger\" TEXT NOT NULL, "
                + "run_date TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER, status TEXT NOT NULL, "
                + "catch_up_of TEXT)",
        "CREATE INDEX runs_by_start ON runs (started_at DESC)",
        "CREATE INDEX runs_by_kind ON runs (kind, started_at DESC)",
        "CREATE TABLE database_results (run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, "
                + "database TEXT NOT NULL, status TEXT NOT NULL, \"rows\" INTEGER NOT NULL, "
                + "row_counts TEXT NOT NULL DEFAULT '{}', bytes INTEGER NOT NULL, duration_ms INTEGER NOT NULL, "
                + "error TEXT, object_key TEXT, PRIMARY KEY (run_id, database))",
        "CREATE TABLE objects (id INTEGER PRIMARY KEY, \"key\" TEXT NOT NULL UNIQUE, database TEXT, "
                + "kind TEXT NOT NULL, date TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT, "
                + "row_counts TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL, verified_at INTEGER, "
                + "deleted_at INTEGER, delete_error TEXT)",
        "CREATE INDEX objects_by_date ON objects (date DESC, \"key\")",
        "CREATE INDEX objects_by_database ON objects (database, date DESC, \"key\")",
        "CREATE INDEX objects_by_kind ON objects (kind, date DESC, \"key\")",
        "CREATE INDEX objects_present ON objects (database, kind, date DESC) WHERE deleted_at IS NULL",
        "CREATE TABLE run_log (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, "
                + "at INTEGER NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL)",
        "CREATE INDEX run_log_by_run ON run_log (run_id, id)",
    };

    private static final String RUN_ID = "3f2b8c1e-0000-4000-8000-000000000001";

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.at("2026-11-28T02:00:00Z");

    @Test
    void aMissingFileBecomesAnEmptyCatalogOfTheLatestVersionInWalMode() throws Exception {
        Path file = dir.resolve("nested/folder/catalog.db");
        try (Catalog catalog = Catalog.open(file, clock)) {
            assertEquals(file.toAbsolutePath(), catalog.file());
            assertTrue(catalog.recentRuns(10).isEmpty());
            assertEquals(7, SqliteFiles.number(file, "PRAGMA user_version"));
            assertEquals(SchemaUpgrader.APPLICATION_ID, SqliteFiles.number(file, "PRAGMA application_id"));
            assertEquals("wal", SqliteFiles.text(file, "PRAGMA journal_mode"));
            assertEquals(List.of("database_results", "object_chains", "object_copies", "objects", "run_log",
                    "run_puts", "runs", "schemas", "verifications"),
                    tables(file));
        }
    }

    @Test
    void foreignKeysAreEnforced() {
        Path file = dir.resolve("catalog.db");
        try (Catalog catalog = Catalog.open(file, clock)) {
            String id = catalog.startRun(RunKind.NIGHTLY, "schedule", LocalDate.of(2026, 11, 28));
            catalog.log(id, "INFO", "hello");
        }
        // the catalog checks run ids itself; the schema's foreign keys back it up on the catalog's connection
        try (Catalog catalog = Catalog.open(file, clock)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> catalog.log("no-such-run", "INFO", "x"));
            assertTrue(e.getMessage().contains("no-such-run"), e.getMessage());
        }
    }

    @Test
    void aZeroByteFileAndAnEmptyVersionZeroDatabaseAreUpgraded() throws Exception {
        Path zero = dir.resolve("zero.db");
        Files.createFile(zero);
        Path v0 = dir.resolve("v0.db");
        SqliteFiles.execute(v0, "CREATE TABLE scratch (x)", "DROP TABLE scratch", "PRAGMA user_version = 0");
        for (Path file : List.of(zero, v0)) {
            try (Catalog catalog = Catalog.open(file, clock)) {
                catalog.startRun(RunKind.NIGHTLY, "cli", LocalDate.of(2026, 11, 28));
                assertEquals(1, catalog.recentRuns(5).size());
            }
            assertEquals(7, SqliteFiles.number(file, "PRAGMA user_version"), file.toString());
        }
    }

    @Test
    void aHandMadeVersionOneFileOpensWithItsRows() throws Exception {
        Path file = handMadeV1();
        try (Catalog catalog = Catalog.open(file, clock)) {
            RunSummary run = catalog.run(RUN_ID).orElseThrow();
            assertEquals(RunKind.NIGHTLY, run.kind());
            assertEquals(RunStatus.OK, run.status());
            assertEquals(LocalDate.of(2026, 11, 27), run.runDate());
            assertEquals(1, run.databases().size());
            assertEquals(Map.of("users", 12L), run.databases().get(0).rowCounts());
            StoredObject o = catalog.object("daily/2026-11-27/app.sql.zst").orElseThrow();
            assertEquals(Map.of("users", 12L), o.rowCounts());
            assertEquals(ObjectKind.DAILY, o.kind());
            assertEquals(List.of("started"), catalog.runLog(RUN_ID).stream().map(LogLine::message).toList());
            assertEquals(null, o.damagedAt(), "a version 1 object is not known damaged");
        }
        assertEquals(7, SqliteFiles.number(file, "PRAGMA user_version"), "upgraded to version 7 on open");
    }

    @Test
    void aVersionOneCatalogUpgradedToTwoRecordsDamageAndUnfinishedPuts() throws Exception {
        Path file = handMadeV1();
        try (Catalog catalog = Catalog.open(file, clock)) {
            String key = "daily/2026-11-27/app.sql.zst";
            assertEquals(Optional.of(key), catalog.latestGood("app").map(StoredObject::key));
            assertTrue(catalog.markDamaged(key, clock.instant(), "checksum mismatch"));
            StoredObject damaged = catalog.object(key).orElseThrow();
            assertEquals("checksum mismatch", damaged.damage());
            assertEquals(clock.instant(), damaged.damagedAt());
            assertEquals(Optional.empty(), catalog.latestGood("app"), "a damaged daily is never the last good one");
            assertEquals(Optional.of(key), catalog.latestDaily("app").map(StoredObject::key));
            assertEquals(List.of(key), catalog.damagedObjects().stream().map(StoredObject::key).toList());
            assertTrue(catalog.markVerified(key, clock.instant()));
            assertEquals(null, catalog.object(key).orElseThrow().damagedAt(), "a successful verify clears it");
            // the version 1 run still reads, and a new run can note its puts
            assertEquals(RunStatus.OK, catalog.run(RUN_ID).orElseThrow().status());
            String run = catalog.startRun(RunKind.NIGHTLY, "cli", LocalDate.of(2026, 11, 28));
            catalog.beginPut(run, "daily/2026-11-28/app.sql.zst");
            assertEquals(1, SqliteFiles.number(file, "SELECT count(*) FROM run_puts"));
            catalog.endPut(run, "daily/2026-11-28/app.sql.zst");
            assertEquals(0, SqliteFiles.number(file, "SELECT count(*) FROM run_puts"));
        }
        assertEquals(7, SqliteFiles.number(file, "PRAGMA user_version"));
    }

    @Test
    void aVersionTwoCatalogUpgradedToThreeKeepsItsRowsAndRecordsEncryptionAndCopies() throws Exception {
        Path file = handMadeV1();
        String key = "daily/2026-11-27/app.sql.zst";
        // the catalog as version 2 left it: a damaged object and a put in flight
        try (Catalog v2 = Catalog.open(file, clock, new Migrations(List.of(new V1InitialSchema(),
                new V2DamageAndRunPuts())))) {
            assertTrue(v2.markDamaged(key, clock.instant(), "checksum mismatch"));
            v2.beginPut(RUN_ID, "daily/2026-11-28/app.sql.zst");
        }
        assertEquals(2, SqliteFiles.number(file, "PRAGMA user_version"));
        Migrations upToV3 = new Migrations(List.of(new V1InitialSchema(), new V2DamageAndRunPuts(),
                new V3EncryptionAndCopies()));
        try (Catalog catalog = Catalog.open(file, clock, upToV3)) {
            StoredObject o = catalog.object(key).orElseThrow();
            assertEquals("checksum mismatch", o.damage(), "version 2's damage survives the step");
            assertEquals(Map.of("users", 12L), o.rowCounts());
        }
        assertEquals(3, SqliteFiles.number(file, "PRAGMA user_version"));
        assertEquals(1, SqliteFiles.number(file, "SELECT count(*) FROM run_puts"), "the put in flight is kept");
        assertEquals(1, SqliteFiles.number(file, "SELECT count(*) FROM objects WHERE encryption IS NULL "
                + "AND recipients IS NULL"), "an object stored before encryption existed is plain");
        SqliteFiles.execute(file, "INSERT INTO object_copies (\"key\", store, state) VALUES ('" + key
                + "', 'offsite', 'pending')");
        assertEquals(1, SqliteFiles.number(file, "SELECT count(*) FROM object_copies WHERE state = 'pending' "
                + "AND attempts = 0"));
        assertThrows(SQLException.class, () -> SqliteFiles.execute(file, "PRAGMA foreign_keys = ON",
                "INSERT INTO object_copies (\"key\", store, state) VALUES ('daily/none.sql', 'offsite', 'pending')"),
                "a copy of an object the catalog does not know is refused");
    }

    @Test
    void aVersionThreeCatalogUpgradedToFourKeepsItsCopiesAndRecordsSchemasAndTheirChanges() throws Exception {
        Path file = handMadeV1();
        String key = "daily/2026-11-27/app.sql.zst";
        try (Catalog v3 = Catalog.open(file, clock, new Migrations(List.of(new V1InitialSchema(),
                new V2DamageAndRunPuts(), new V3EncryptionAndCopies())))) {
            assertTrue(v3.markVerified(key, clock.instant()));
        }
        SqliteFiles.execute(file, "INSERT INTO object_copies (\"key\", store, state) VALUES ('" + key
                + "', 'offsite', 'present')");
        assertEquals(3, SqliteFiles.number(file, "PRAGMA user_version"));
        List<String> schema = List.of("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);");
        try (Catalog catalog = Catalog.open(file, clock, new Migrations(List.of(new V1InitialSchema(),
                new V2DamageAndRunPuts(), new V3EncryptionAndCopies(), new V4RecordedSchemas())))) {
            assertEquals(clock.instant(), catalog.object(key).orElseThrow().verifiedAt());
            assertTrue(catalog.schemas().of(key).isEmpty(), "an object stored before version 4 has no schema");
            String fingerprint = catalog.schemas().record(key, schema);
            assertEquals(fingerprint, catalog.schemas().of(key).orElseThrow().fingerprint());
            assertEquals(schema, catalog.schemas().latest("app").orElseThrow().statements());
            assertThrows(IllegalArgumentException.class, () -> catalog.schemas().record("daily/none.sql", schema));
        }
        assertEquals(4, SqliteFiles.number(file, "PRAGMA user_version"));
        // (read in SQL: this code reads the runs of version 7, which a version 4 file does not have yet)
        assertEquals("ok", SqliteFiles.text(file, "SELECT status FROM runs WHERE id = '" + RUN_ID + "'"));
        assertEquals(1, SqliteFiles.number(file, "SELECT count(*) FROM database_results WHERE run_id = '" + RUN_ID
                + "' AND schema_change IS NULL"), "an outcome of version 3 has no schema change");
        assertEquals(1, SqliteFiles.number(file, "SELECT count(*) FROM object_copies"), "version 3's copies stay");
        assertEquals(1, SqliteFiles.number(file, "SELECT count(*) FROM schemas"));
    }

    @Test
    void aVersionFourCatalogUpgradedToFiveKeepsItsSchemasAndRecordsTheProofsOfTestRestores() throws Exception {
        Path file = handMadeV1();
        String key = "daily/2026-11-27/app.sql.zst";
        List<String> schema = List.of("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);");
        try (Catalog v4 = Catalog.open(file, clock, new Migrations(List.of(new V1InitialSchema(),
                new V2DamageAndRunPuts(), new V3EncryptionAndCopies(), new V4RecordedSchemas())))) {
            v4.schemas().record(key, schema);
            assertTrue(v4.markVerified(key, clock.instant()));
        }
        assertEquals(4, SqliteFiles.number(file, "PRAGMA user_version"));
        try (Catalog catalog = Catalog.open(file, clock, upToV5())) {
            assertEquals(schema, catalog.schemas().of(key).orElseThrow().statements(), "version 4's schema stays");
            assertEquals(clock.instant(), catalog.object(key).orElseThrow().verifiedAt());
            assertTrue(catalog.proofs().lastProven("app").isEmpty(), "a version 4 catalog holds no proof");
            List<RestoreProofs.CheckRun> failing = List.of(new RestoreProofs.CheckRun("integrity_check", true, "ok"),
                    new RestoreProofs.CheckRun("check 0: SELECT count(*) > 0 FROM users", false, "returned 0"));
            catalog.proofs().record(new RestoreProofs.Proof(key, "app", RUN_ID, clock.instant(), failing));
            assertTrue(catalog.proofs().lastProven("app").isEmpty(), "a failed check proves nothing");
            assertEquals(failing, catalog.proofs().latestOf(key).orElseThrow().checks());
            java.time.Instant later = clock.instant().plusSeconds(60);
            catalog.proofs().record(new RestoreProofs.Proof(key, "app", null, later,
                    List.of(new RestoreProofs.CheckRun("integrity_check", true, "ok"))));
            RestoreProofs.Proof proven = catalog.proofs().lastProven("app").orElseThrow();
            assertEquals(later, proven.verifiedAt());
            assertEquals("verified restorable at " + later + ", 1 checks passed", proven.summary());
            assertThrows(CatalogException.class, () -> catalog.proofs().record(new RestoreProofs.Proof(
                    "daily/none.sql", "app", null, later, List.of())), "a proof of an unknown object is refused");
        }
        assertEquals(5, SqliteFiles.number(file, "PRAGMA user_version"));
        assertEquals(2, SqliteFiles.number(file, "SELECT count(*) FROM verifications"));
    }

    @Test
    void aVersionSixCatalogUpgradedToSevenKeepsEveryRowAndRecordsTheNodes() throws Exception {
        Path file = handMadeV1();
        String key = "daily/2026-11-27/app.sql.zst";
        String second = "3f2b8c1e-0000-4000-8000-000000000002";
        try (Catalog v6 = Catalog.open(file, clock, upToV6())) {
            v6.chains().record(new ObjectChains.Link(key, "app", ObjectChains.FULL, null, null, "cd", Map.of()));
        }
        // a second run as version 6 wrote it (this code writes the columns of version 7)
        SqliteFiles.execute(file, "INSERT INTO runs VALUES ('" + second + "', 'nightly', 'schedule', '2026-11-28', "
                        + "1795831200000, 1795831260000, 'failed', NULL)",
                "INSERT INTO database_results VALUES ('" + second + "', 'app', 'failed', 0, '{}', 0, 2000, 'locked', "
                        + "NULL, NULL)",
                "INSERT INTO run_log (run_id, at, level, message) VALUES ('" + second + "', 1795831260000, 'ERROR', "
                        + "'app: locked')");
        assertEquals(6, SqliteFiles.number(file, "PRAGMA user_version"));
        assertEquals(0, SqliteFiles.number(file, "SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'node'"));
        List<String> runsBefore = rows(file, "SELECT * FROM runs ORDER BY id");
        List<String> outcomesBefore = rows(file, "SELECT * FROM database_results ORDER BY run_id, database");
        List<String> objectsBefore = rows(file, "SELECT * FROM objects ORDER BY id");
        List<String> logBefore = rows(file, "SELECT * FROM run_log ORDER BY id");
        List<String> chainsBefore = rows(file, "SELECT * FROM object_chains ORDER BY \"key\"");

        try (Catalog catalog = Catalog.open(file, clock)) {
            RunSummary old = catalog.run(RUN_ID).orElseThrow();
            assertEquals(RunStatus.OK, old.status(), "version 6's run stays");
            assertNull(old.node(), "a run from before version 7 has no node");
            assertFalse(old.recovered());
            DatabaseOutcome app = old.databases().get(0);
            assertEquals(key, app.objectKey());
            assertNull(app.node());
            assertFalse(app.recovered());
            assertEquals("locked", catalog.run(second).orElseThrow().databases().get(0).error());
            // and the new columns take what the code records
            String third = catalog.startRun(RunKind.NIGHTLY, "schedule", LocalDate.of(2026, 11, 29));
            catalog.recordOutcome(third, new DatabaseOutcome("app", RunStatus.OK, null, Map.of(), 0,
                    java.time.Duration.ZERO, null).onNode("node-b", true));
            catalog.markRecovered(third);
            RunSummary now = catalog.run(third).orElseThrow();
            assertTrue(now.recovered());
            assertNull(now.node(), "a stand-alone process records no node");
            assertEquals("node-b", now.databases().get(0).node());
            assertTrue(now.databases().get(0).recovered());
        }
        assertEquals(7, SqliteFiles.number(file, "PRAGMA user_version"));
        // every row of version 6 is kept as it was, the new columns null and 0
        List<String> runsAfter = rows(file, "SELECT * FROM runs WHERE run_date < '2026-11-29' ORDER BY id");
        assertEquals(runsBefore.stream().map(r -> r + "|null|0").toList(), runsAfter);
        assertEquals(outcomesBefore.stream().map(r -> r + "|null|0").toList(),
                rows(file, "SELECT * FROM database_results WHERE run_id <> (SELECT id FROM runs WHERE run_date = "
                        + "'2026-11-29') ORDER BY run_id, database"));
        assertEquals(objectsBefore, rows(file, "SELECT * FROM objects ORDER BY id"));
        assertEquals(logBefore, rows(file, "SELECT * FROM run_log WHERE run_id IN ('" + RUN_ID + "', '" + second
                + "') ORDER BY id"));
        assertEquals(chainsBefore, rows(file, "SELECT * FROM object_chains ORDER BY \"key\""));
    }

    /** Every row of {@code sql}, its columns joined by {@code |}. */
    private static List<String> rows(Path file, String sql) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = SqliteFiles.connect(file); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
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

    private static Migrations upToV6() {
        return new Migrations(List.of(new V1InitialSchema(), new V2DamageAndRunPuts(), new V3EncryptionAndCopies(),
                new V4RecordedSchemas(), new V5Verifications(), new V6ObjectChains()));
    }

    @Test
    void theVersionOneStepStillBuildsTheSchemaThatShipped() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        Catalog.open(fresh, clock, new Migrations(List.of(new V1InitialSchema()))).close();
        assertEquals(shape(handMadeV1()), shape(fresh));
    }

    @Test
    void aVersionOneFileIsUpgradedByTheNextStepOfTheChain() throws Exception {
        Path file = handMadeV1();
        Migrations withV8 = new Migrations(List.of(new V1InitialSchema(), new V2DamageAndRunPuts(),
                new V3EncryptionAndCopies(), new V4RecordedSchemas(), new V5Verifications(), new V6ObjectChains(),
                new V7Nodes(), new AddNoteColumn()));
        try (Catalog catalog = Catalog.open(file, clock, withV8)) {
            assertEquals(RunStatus.OK, catalog.run(RUN_ID).orElseThrow().status());
            assertTrue(catalog.object("daily/2026-11-27/app.sql.zst").isPresent());
        }
        assertEquals(8, SqliteFiles.number(file, "PRAGMA user_version"));
        assertEquals(1, SqliteFiles.number(file, "SELECT count(*) FROM pragma_table_info('objects') "
                + "WHERE name = 'note'"));
        // and this code, which knows version 7 only, now refuses the file
        CatalogTooNewException e = assertThrows(CatalogTooNewException.class, () -> Catalog.open(file, clock));
        assertEquals(8, e.fileVersion());
        assertEquals(7, e.knownVersion());
    }

    @Test
    void anEmptyFileRunsEveryStepOfTheChain() throws Exception {
        Path file = dir.resolve("fresh.db");
        Migrations withV8 = new Migrations(List.of(new V1InitialSchema(), new V2DamageAndRunPuts(),
                new V3EncryptionAndCopies(), new V4RecordedSchemas(), new V5Verifications(), new V6ObjectChains(),
                new V7Nodes(), new AddNoteColumn()));
        try (Catalog catalog = Catalog.open(file, clock, withV8)) {
            catalog.startRun(RunKind.WEEKLY, "schedule", LocalDate.of(2026, 11, 28));
        }
        assertEquals(8, SqliteFiles.number(file, "PRAGMA user_version"));
    }

    @Test
    void aFailingStepLeavesTheFileAsItWas() throws Exception {
        Path file = handMadeV1();
        Migrations broken = new Migrations(List.of(new V1InitialSchema(), new FailingStep()));
        CatalogException e = assertThrows(CatalogException.class, () -> Catalog.open(file, clock, broken));
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("from version 1 to 2"), e.getMessage());
        assertTrue(e.getMessage().contains("stays at version 1"), e.getMessage());
        assertEquals(1, SqliteFiles.number(file, "PRAGMA user_version"));
        assertEquals(0, SqliteFiles.number(file, "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'"));
        try (Catalog catalog = Catalog.open(file, clock)) {
            assertTrue(catalog.run(RUN_ID).isPresent());
        }
    }

    @Test
    void refusesACatalogOfANewerPatinaNamingTheFileAndBothVersions() throws Exception {
        Path file = dir.resolve("from-the-future.db");
        try (Catalog catalog = Catalog.open(file, clock)) {
            catalog.startRun(RunKind.NIGHTLY, "cli", LocalDate.of(2026, 11, 28));
        }
        SqliteFiles.execute(file, "PRAGMA user_version = 9");
        CatalogTooNewException e = assertThrows(CatalogTooNewException.class, () -> Catalog.open(file, clock));
        String m = e.getMessage();
        assertTrue(m.contains(file.toAbsolutePath().toString()), m);
        assertTrue(m.contains("version 9"), m);
        assertTrue(m.contains("up to 7"), m);
        assertEquals(9, SqliteFiles.number(file, "PRAGMA user_version"));
        assertEquals(1, SqliteFiles.number(file, "SELECT count(*) FROM runs"));
    }

    @Test
    void refusesFilesThatAreNotCatalogs() throws Exception {
        Path foreign = dir.resolve("foreign.db");
        SqliteFiles.execute(foreign, "PRAGMA application_id = 1234", "CREATE TABLE t (x)");
        CatalogException e1 = assertThrows(CatalogException.class, () -> Catalog.open(foreign, clock));
        assertTrue(e1.getMessage().contains("another application"), e1.getMessage());
        assertEquals("delete", SqliteFiles.text(foreign, "PRAGMA journal_mode")); // untouched

        Path unversioned = dir.resolve("app-data.db");
        SqliteFiles.execute(unversioned, "CREATE TABLE users (id INTEGER PRIMARY KEY)");
        CatalogException e2 = assertThrows(CatalogException.class, () -> Catalog.open(unversioned, clock));
        assertTrue(e2.getMessage().contains("not a Patina catalog"), e2.getMessage());
        assertEquals(List.of("users"), tables(unversioned));
        assertEquals("delete", SqliteFiles.text(unversioned, "PRAGMA journal_mode"));

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a database at all, just some text that is long enough to matter. "
                .repeat(20));
        CatalogException e3 = assertThrows(CatalogException.class, () -> Catalog.open(text, clock));
        assertTrue(e3.getMessage().contains(text.toAbsolutePath().toString()), e3.getMessage());
    }

    @Test
    void aChainWithAGapIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new Migrations(List.of(new V1InitialSchema(),
                new AddNoteColumn())));
    }

    @Test
    void twoCatalogsOnOneFileSeeEachOthersWrites() {
        Path file = dir.resolve("shared.db");
        try (Catalog app = Catalog.open(file, clock); Catalog cli = Catalog.open(file, clock)) {
            String id = app.startRun(RunKind.NIGHTLY, "schedule", LocalDate.of(2026, 11, 28));
            assertEquals(RunStatus.RUNNING, cli.run(id).orElseThrow().status());
            cli.finishRun(id, RunStatus.OK);
            assertEquals(RunStatus.OK, app.run(id).orElseThrow().status());
        }
    }

    @Test
    void aClosedCatalogRefusesCalls() {
        Catalog catalog = Catalog.open(dir.resolve("c.db"), clock);
        catalog.close();
        catalog.close(); // twice is fine
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> catalog.recentRuns(1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aVersionFiveCatalogUpgradedToSixKeepsItsProofsAndRecordsEachDifferentialsBase() throws Exception {
        Path file = handMadeV1();
        String full = "daily/2026-11-27/app.sql.zst";
        try (Catalog v5 = Catalog.open(file, clock, upToV5())) {
            v5.proofs().record(new RestoreProofs.Proof(full, "app", RUN_ID, clock.instant(),
                    List.of(new RestoreProofs.CheckRun("integrity_check", true, "ok"))));
        }
        assertEquals(5, SqliteFiles.number(file, "PRAGMA user_version"));
        String diff = "daily/2026-11-28/app.diff.sql.zst";
        Map<String, ObjectChains.Digest> digests = new java.util.LinkedHashMap<>();
        digests.put("users", new ObjectChains.Digest(13, "0123456789abcdef0123456789abcdef"));
        digests.put("orders", new ObjectChains.Digest(0, "00000000000000000000000000000000"));
        try (Catalog catalog = Catalog.open(file, clock)) {
            assertTrue(catalog.proofs().lastProven("app").isPresent(), "version 5's proof stays");
            assertTrue(catalog.chains().of(full).isEmpty(), "a daily stored before version 6 is a plain full");
            catalog.recordObject(new StoredObject(diff, "app", ObjectKind.DAILY, LocalDate.of(2026, 11, 28), 99,
                    "cd", Map.of("users", 13L), clock.instant(), null, null));
            catalog.chains().record(new ObjectChains.Link(full, "app", ObjectChains.FULL, null, null, "f".repeat(64),
                    Map.of()));
            catalog.chains().record(new ObjectChains.Link(diff, "app", ObjectChains.DIFFERENTIAL, full,
                    "f".repeat(64), "d".repeat(64), digests));
            ObjectChains.Link link = catalog.chains().of(diff).orElseThrow();
            assertEquals(full, link.baseKey());
            assertTrue(link.differential());
            assertEquals(List.of("users", "orders"), List.copyOf(link.digests().keySet()), "dump order is kept");
            assertEquals(digests, link.digests());
            assertEquals(List.of(diff), catalog.chains().differentialsOf(full).stream()
                    .map(ObjectChains.Link::key).toList());
            assertEquals(Map.of(diff, full), catalog.chains().bases());
            catalog.chains().forget(full);
            assertTrue(catalog.chains().of(full).isEmpty(), "a full stored again as a plain full is forgotten");
            catalog.chains().record(new ObjectChains.Link(full, "app", ObjectChains.FULL, null, null, "f".repeat(64),
                    Map.of()));
            assertThrows(CatalogException.class, () -> catalog.chains().record(new ObjectChains.Link(
                    "daily/2026-11-29/app.diff.sql.zst", "app", ObjectChains.DIFFERENTIAL, full, "f".repeat(64),
                    "e".repeat(64), Map.of())), "a link of an object the catalog does not know is refused");
            assertThrows(CatalogException.class, () -> catalog.chains().record(new ObjectChains.Link(diff, "app",
                    ObjectChains.DIFFERENTIAL, "daily/2026-11-20/app.sql.zst", "f".repeat(64), "e".repeat(64),
                    Map.of())), "a base the catalog does not know is refused");
        }
        assertEquals(7, SqliteFiles.number(file, "PRAGMA user_version"));
        assertEquals(2, SqliteFiles.number(file, "SELECT count(*) FROM object_chains"));
        assertThrows(SQLException.class, () -> SqliteFiles.execute(file, "INSERT INTO object_chains (\"key\", "
                + "database, strategy, base_key, dump_sha256) VALUES ('" + full + "', 'app', 'differential', NULL, "
                + "'x')"), "a differential without a base is refused by the schema itself");
    }

    private static Migrations upToV5() {
        return new Migrations(List.of(new V1InitialSchema(), new V2DamageAndRunPuts(), new V3EncryptionAndCopies(),
                new V4RecordedSchemas(), new V5Verifications()));
    }

    private Path handMadeV1() throws SQLException {
        Path file = dir.resolve("v1.db");
        try (Connection c = SqliteFiles.connect(file); Statement s = c.createStatement()) {
            for (String ddl : V1_AS_SHIPPED) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO runs VALUES ('" + RUN_ID + "', 'nightly', 'schedule', '2026-11-27', "
                    + "1795744800000, 1795744860000, 'ok', NULL)");
            s.execute("INSERT INTO database_results VALUES ('" + RUN_ID + "', 'app', 'ok', 12, '{\"users\":12}', "
                    + "2048, 1500, NULL, 'daily/2026-11-27/app.sql.zst')");
            s.execute("INSERT INTO objects (\"key\", database, kind, date, size, sha256, row_counts, created_at) "
                    + "VALUES ('daily/2026-11-27/app.sql.zst', 'app', 'daily', '2026-11-27', 2048, 'ab', "
                    + "'{\"users\":12}', 1795744860000)");
            s.execute("INSERT INTO run_log (run_id, at, level, message) VALUES ('" + RUN_ID + "', 1795744800000, "
                    + "'INFO', 'started')");
            s.execute("PRAGMA application_id = " + SchemaUpgrader.APPLICATION_ID);
            s.execute("PRAGMA user_version = 1");
        }
        return file;
    }

    /** Columns, indexes (with their columns, order and partial clause) and foreign keys of every table. */
    private static List<String> shape(Path file) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = SqliteFiles.connect(file); Statement s = c.createStatement()) {
            for (String table : tables(file)) {
                for (String q : List.of(
                        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('" + table + "')",
                        "SELECT name, \"unique\", origin, partial FROM pragma_index_list('" + table + "') ORDER BY name",
                        "SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('" + table + "')",
                        "SELECT il.name, ii.seqno, ii.name, ii.\"desc\" FROM pragma_index_list('" + table + "') il, "
                                + "pragma_index_xinfo(il.name) ii WHERE ii.key ORDER BY il.name, ii.seqno",
                        "SELECT name, replace(substr(sql, instr(sql, ' WHERE ')), '  ', ' ') FROM sqlite_schema "
                                + "WHERE type = 'index' AND tbl_name = '" + table + "' AND sql LIKE '% WHERE %'")) {
                    try (var rs = s.executeQuery(q)) {
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            StringBuilder row = new StringBuilder(table).append(':');
                            for (int i = 1; i <= n; i++) {
                                row.append(rs.getString(i)).append('|');
                            }
                            out.add(row.toString());
                        }
                    }
                }
            }
        }
        return out;
    }

    private static List<String> tables(Path file) throws SQLException {
        try (Connection c = SqliteFiles.connect(file); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    /** What a real next version would look like: one more class in the chain. */
    private static final class AddNoteColumn implements Migration {
        @Override
        public int target() {
            return 8;
        }

        @Override
        public String description() {
            return "add objects.note";
        }

        @Override
        public void apply(Connection connection) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("ALTER TABLE objects ADD COLUMN note TEXT");
            }
        }
    }

    private static final class FailingStep implements Migration {
        @Override
        public int target() {
            return 2;
        }

        @Override
        public String description() {
            return "a step that breaks half-way";
        }

        @Override
        public void apply(Connection connection) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE half_done (x)");
                s.execute("INSERT INTO no_such_table VALUES (1)");
            }
        }
    }
}
