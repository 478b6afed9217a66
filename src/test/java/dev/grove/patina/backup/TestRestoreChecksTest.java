package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RestoreProofs;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test restore of issue 15 §2 on real SQLite files backed up to a real local-folder store: every check passes on
 * a sound database; a foreign-key violation, a broken FTS index and an operator check that returns 0 each fail by
 * name; a database is not started without room for its dump × 2; the scratch folder never outlives the check.
 */
class TestRestoreChecksTest {
    static final Instant NIGHT = Instant.parse("2026-11-28T02:00:00Z");

    @TempDir
    Path dir;

    private BackupStore store;
    private Catalog catalog;
    private final Clock clock = Clock.fixed(NIGHT, ZoneOffset.UTC);
    private final ObjectKeys keys = new ObjectKeys("");
    private final List<dev.grove.patina.model.RunReport> alerts = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = new LocalFolderStore(dir.resolve("store"));
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private static void sql(Path db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    /** A shop: users, orders referencing them, and an FTS5 index of the notes (external content). */
    private Path shop(String name) throws Exception {
        Path db = dir.resolve("src").resolve(name + ".sqlite");
        Files.createDirectories(db.getParent());
        sql(db, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id))",
                "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
                "CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id')",
                "INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com')",
                "INSERT INTO orders VALUES (1, 1), (2, 2)",
                "INSERT INTO notes VALUES (1, 'pears and apples'), (2, 'plums')",
                "INSERT INTO notes_fts (rowid, body) SELECT id, body FROM notes");
        return db;
    }

    private StoredObject backUp(String name, Path db) throws Exception {
        List<DatabaseSource> sources = List.of(new SqliteFileSource(name, db));
        new BackupService(sources, store, keys, catalog, new SqlDumpWriter(clock, "test"),
                new BackupSettings(Compression.GZIP, ZoneId.of("UTC"), 1, DumpDialect.D1, "test"),
                new DatabaseLocks(), Redactor.none(), clock).runNightly(NIGHT, "test", Set.of(), BackupProgress.NONE);
        return catalog.latestDaily(name).orElseThrow();
    }

    private VerifyService verifier(Map<String, List<String>> checks) {
        return new VerifyService(new DownloadService(store, keys, catalog, clock), new Restorer(clock), catalog,
                clock, dir.resolve("work"), alerts::add).withChecks(checks);
    }

    private VerifyService.Verdict verifyOne(VerifyService v, StoredObject o) throws Exception {
        List<VerifyService.Verdict> verdicts = v.verify(List.of(o), "cli", r -> { });
        assertEquals(1, verdicts.size());
        assertScratchIsGone();
        return verdicts.get(0);
    }

    private void assertScratchIsGone() throws Exception {
        try (Stream<Path> left = Files.list(dir.resolve("work"))) {
            assertEquals(List.of(), left.toList(), "the scratch folder is deleted afterwards");
        }
    }

    @Test
    void aSoundDatabasePassesEveryCheckAndIsRecordedAsProvenRestorable() throws Exception {
        StoredObject o = backUp("shop", shop("shop"));
        VerifyService.Verdict v = verifyOne(verifier(Map.of("shop", List.of("SELECT count(*) > 0 FROM users",
                "SELECT count(*) = 2 FROM notes_fts WHERE notes_fts MATCH 'pears OR plums'"))), o);
        assertTrue(v.ok(), v.detail());
        List<String> names = v.checks().stream().map(RestoreProofs.CheckRun::check).toList();
        assertTrue(names.containsAll(List.of("integrity_check", "foreign_key_check", "FTS integrity of notes_fts (fts5)",
                "check 0: SELECT count(*) > 0 FROM users")), names.toString());
        assertEquals(8, v.checks().size(), names.toString());
        assertTrue(v.detail().contains("8 checks passed"), v.detail());
        RestoreProofs.Proof proof = catalog.proofs().lastProven("shop").orElseThrow();
        assertEquals(o.key(), proof.key());
        assertEquals("verified restorable at " + NIGHT + ", 8 checks passed", proof.summary());
        assertEquals(RunStatus.OK, catalog.lastRun(RunKind.VERIFY).orElseThrow().status());
        assertEquals(RunStatus.OK, alerts.get(0).status());
    }

    @Test
    void aForeignKeyViolationFailsTheCheckNamingTheTableButIsNoDamage() throws Exception {
        Path db = shop("orphans");
        sql(db, "PRAGMA foreign_keys = OFF", "INSERT INTO orders VALUES (3, 99)");
        StoredObject o = backUp("orphans", db);
        VerifyService.Verdict v = verifyOne(verifier(Map.of()), o);
        assertEquals(VerifyService.Finding.CHECKS_FAILED, v.outcome());
        assertEquals(List.of("foreign_key_check"), v.failedChecks().stream().map(RestoreProofs.CheckRun::check)
                .toList());
        assertTrue(v.detail().contains("orphans") && v.detail().contains("1 row(s) violate a foreign key: orders rowid"
                + " 3 → users"), v.detail());
        assertFalse(v.damaged(), "the dump holds what the database held: not damaged");
        assertNull(catalog.object(o.key()).orElseThrow().damagedAt());
        assertTrue(catalog.proofs().lastProven("orphans").isEmpty());
        assertEquals(1L, catalog.proofs().latestOf(o.key()).orElseThrow().failed());
        assertEquals(RunStatus.FAILED, alerts.get(0).status(), "a failed check alerts");
        assertTrue(alerts.get(0).databases().get(0).error().contains("foreign_key_check"));
    }

    @Test
    void aBrokenFtsIndexFailsItsIntegrityCheck() throws Exception {
        // Patina's own dumps INSERT through the FTS table, so a restore rebuilds the index; a broken index in a
        // restored copy is checked here on a real file whose index no longer matches its content
        Path db = shop("search");
        sql(db, "UPDATE notes SET body = 'cherries' WHERE id = 2"); // the index still says "plums"
        List<RestoreProofs.CheckRun> runs = RestoreChecks.run(db, List.of());
        List<RestoreProofs.CheckRun> failed = runs.stream().filter(r -> !r.passed()).toList();
        assertEquals(List.of("FTS integrity of notes_fts (fts5)"), failed.stream().map(RestoreProofs.CheckRun::check)
                .toList(), runs.toString());
        assertTrue(failed.get(0).result().startsWith("the index does not match its content"), failed.get(0).result());

        // and a restore of its backup rebuilds the index: the same check passes on the scratch copy
        VerifyService.Verdict v = verifyOne(verifier(Map.of()), backUp("search", db));
        assertTrue(v.ok(), v.detail());
        assertTrue(v.checks().stream().anyMatch(c -> c.check().equals("FTS integrity of notes_fts (fts5)")
                && c.passed()), v.checks().toString());
    }

    @Test
    void anOperatorCheckThatReturnsZeroFailsNamingTheDatabaseTheCheckAndTheValue() throws Exception {
        StoredObject o = backUp("shop", shop("shop"));
        VerifyService.Verdict v = verifyOne(verifier(Map.of("shop", List.of("SELECT count(*) > 0 FROM users",
                "SELECT count(*) FROM users WHERE email LIKE '%@grove.dev'"))), o);
        assertEquals(VerifyService.Finding.CHECKS_FAILED, v.outcome());
        assertTrue(v.detail().startsWith("shop (" + o.key() + ") restores, but 1 of 8 checks failed: check 1: "
                + "SELECT count(*) FROM users WHERE email LIKE '%@grove.dev' — returned 0"), v.detail());
    }

    @Test
    void aCheckThatWouldWriteIsRefusedBySqliteOnTheReadOnlyCopy() throws Exception {
        StoredObject o = backUp("shop", shop("shop"));
        // past the config's judgement only by hand: SQLite itself refuses the write on the read-only connection
        VerifyService.Verdict v = verifyOne(verifier(Map.of("shop", List.of("DELETE FROM users RETURNING 1"))), o);
        assertEquals(VerifyService.Finding.CHECKS_FAILED, v.outcome());
        assertTrue(v.failedChecks().get(0).result().contains("readonly"), v.failedChecks().get(0).result());
        assertTrue(v.failedChecks().get(0).result().startsWith("failed: "), v.failedChecks().get(0).result());
    }

    @Test
    void aDatabaseIsNotStartedWithoutRoomForItsDumpTwiceAndTheMessageSaysWhy() throws Exception {
        StoredObject o = backUp("shop", shop("shop"));
        Path work = dir.resolve("work");
        Files.createDirectories(work);
        long free = Files.getFileStore(work).getUsableSpace();
        // keep more free than the disk has: the real free space is shown, the requirement is not met
        VerifyService.Verdict v = verifyOne(verifier(Map.of()).withSpareBytes(free + (1L << 40)), o);
        assertEquals(VerifyService.Finding.CHECK_FAILED, v.outcome());
        assertTrue(v.detail().startsWith("not restoring shop: the scratch folder " + work.toAbsolutePath() + " has "),
                v.detail());
        long sql = Long.parseLong(store.head(o.key()).orElseThrow().metadata().get(ObjectMetadata.SQL_SIZE));
        assertTrue(sql > o.size(), "the SQL is larger than the gzip'd object");
        assertTrue(v.detail().contains("(the dump's " + dev.grove.patina.util.Bytes.formatBytes(sql) + " of SQL as "
                + "recorded at backup time (" + dev.grove.patina.util.Bytes.formatBytes(o.size()) + " as stored), × 2"),
                v.detail());
        assertTrue(v.detail().matches(".* free \\(\\d+ bytes\\).*"), v.detail());
        assertFalse(v.damaged());
        assertTrue(catalog.proofs().latestOf(o.key()).isEmpty(), "nothing was restored, nothing is proven");
    }
}
