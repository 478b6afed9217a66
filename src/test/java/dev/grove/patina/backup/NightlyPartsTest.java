package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.LogLine;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly handed out in parts (ADR 0026) without a cluster: real SQLite files, a real local-folder store and a
 * real catalog; the parts run one after the other in this process through {@link BackupService#runPart}, as a
 * cluster node's part job runs them. One run, each part recorded with its node; a part whose database was stored
 * this night is not uploaded again (the stored bytes stay as they are); a manual run backs up anew.
 */
class NightlyPartsTest {
    private static final Instant NIGHT = Instant.parse("2026-11-28T02:00:00Z");

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(NIGHT);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private Catalog catalog;
    private BackupService backups;
    private final List<String> handedOut = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        List<DatabaseSource> sources = new ArrayList<>();
        for (String name : List.of("shop", "blog", "crm")) {
            Path file = dir.resolve(name + ".sqlite");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
                s.execute("INSERT INTO items (name) VALUES ('" + name + "')");
            }
            sources.add(new SqliteFileSource(name, file));
        }
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        // the parts, run here one by one as the nodes' part jobs would run them, the outcomes read back
        NightlyParts parts = (runId, date, since, databases, progress) -> {
            handedOut.addAll(databases);
            for (String db : databases) {
                now.set(now.get().plusSeconds(1));
                backups.runPart(runId, date, since, db, "node-x", false);
            }
            return databases.stream().map(db -> catalog.run(runId).orElseThrow().databases().stream()
                    .filter(o -> o.database().equals(db)).findFirst().orElseThrow()).toList();
        };
        backups = new BackupService(sources, new LocalFolderStore(dir.resolve("store")), new ObjectKeys(""), catalog,
                new SqlDumpWriter(clock, "test"), new BackupSettings(Compression.NONE, ZoneId.of("UTC"), 2,
                DumpDialect.D1, "test"), new DatabaseLocks(), Redactor.none(), clock, DifferentialPolicy.none(), null,
                null, parts);
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private Path stored(String key) {
        return dir.resolve("store").resolve(key);
    }

    @Test
    void aFannedOutNightlyIsOneRunWhosePartsNameTheirNode() {
        RunReport report = backups.runNightly(NIGHT, RunTrigger.SCHEDULE, Set.of(), BackupProgress.NONE);
        assertEquals(List.of("shop", "blog", "crm"), handedOut, "every database handed out once, in order");
        assertEquals(RunStatus.OK, report.status());
        assertEquals(3, report.databases().size());
        assertEquals(1, catalog.runsOn(RunKind.NIGHTLY, LocalDate.of(2026, 11, 28)).size(), "one run");
        List<String> log = catalog.runLog(report.runId()).stream().map(LogLine::message).toList();
        for (String db : List.of("shop", "blog", "crm")) {
            assertTrue(log.contains(db + ": ran on node node-x"), log.toString());
            assertTrue(Files.isRegularFile(stored(outcome(report, db).objectKey())), db + " stored");
        }
        // and in the outcome's columns (ADR 0034), as the catalog keeps them
        for (DatabaseOutcome o : catalog.run(report.runId()).orElseThrow().databases()) {
            assertEquals("node-x", o.node(), o.database());
            assertFalse(o.recovered(), o.database());
        }
        assertEquals(Map.of(outcome(report, "shop").objectKey(), "node-x"),
                catalog.nodesOf(List.of(outcome(report, "shop").objectKey())));
    }

    @Test
    void aPartWhoseDatabaseWasStoredTonightDoesNotUploadAgainButAManualRunDoes() throws Exception {
        RunReport first = backups.runNightly(NIGHT, RunTrigger.SCHEDULE, Set.of(), BackupProgress.NONE);
        String key = outcome(first, "shop").objectKey();
        byte[] marker = "left as it was".getBytes(StandardCharsets.UTF_8);
        Files.write(stored(key), marker); // any upload of shop would replace these bytes

        // a recovered part of that night (its node died after storing shop): found, not uploaded again
        now.set(now.get().plus(Duration.ofMinutes(5)));
        String again = catalog.startRun(RunKind.NIGHTLY, RunTrigger.SCHEDULE, LocalDate.of(2026, 11, 28));
        DatabaseOutcome part = backups.runPart(again, LocalDate.of(2026, 11, 28), first.startedAt(), "shop",
                "node-y", true);
        assertEquals(RunStatus.OK, part.status());
        assertEquals(key, part.objectKey());
        assertArrayEquals(marker, Files.readAllBytes(stored(key)), "shop was not uploaded a second time");
        assertEquals("node-y", part.node());
        assertTrue(part.recovered());
        DatabaseOutcome recorded = catalog.run(again).orElseThrow().databases().get(0);
        assertEquals("node-y", recorded.node(), "the recovered part's node in the catalog");
        assertTrue(recorded.recovered(), "and that it was a recovery");
        assertTrue(catalog.runLog(again).stream().anyMatch(l -> l.message().startsWith("shop: already stored "
                + "tonight as " + key + ", not uploaded again on node node-y (recovered")), "said so, with the node");
        catalog.finishRun(again, RunStatus.OK);

        // a manual nightly later that night backs up anew, as on one machine
        now.set(now.get().plus(Duration.ofMinutes(5)));
        RunReport manual = backups.runNightly(now.get(), RunTrigger.CLI, Set.of("shop"), BackupProgress.NONE);
        assertEquals(RunStatus.OK, manual.status());
        assertFalse(java.util.Arrays.equals(marker, Files.readAllBytes(stored(key))), "the manual run uploaded shop");
    }

    @Test
    void aDailyStoredButNeverRecordedIsRecordedFromTheStoreNotUploadedAgain() throws Exception {
        RunReport first = backups.runNightly(NIGHT, RunTrigger.SCHEDULE, Set.of(), BackupProgress.NONE);
        String key = outcome(first, "blog").objectKey();
        // any upload of blog would write a new file and rename it over this one: another file, another inode
        Object file = Files.readAttributes(stored(key), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        org.junit.jupiter.api.Assertions.assertNotNull(file, "this file system names its files (inode)");
        // a catalog that never heard of it: as when the node died between the upload and its record
        now.set(now.get().plus(Duration.ofMinutes(2)));
        try (Catalog fresh = Catalog.open(dir.resolve("fresh.sqlite"), clock)) {
            BackupService node = new BackupService(List.of(new SqliteFileSource("blog", dir.resolve("blog.sqlite"))),
                    new LocalFolderStore(dir.resolve("store")), new ObjectKeys(""), fresh,
                    new SqlDumpWriter(clock, "test"), new BackupSettings(Compression.NONE, ZoneId.of("UTC"), 2,
                    DumpDialect.D1, "test"), new DatabaseLocks(), Redactor.none(), clock);
            String run = fresh.startRun(RunKind.NIGHTLY, RunTrigger.SCHEDULE, LocalDate.of(2026, 11, 28));
            DatabaseOutcome part = node.runPart(run, LocalDate.of(2026, 11, 28), first.startedAt(), "blog", "node-z",
                    true);
            assertEquals(RunStatus.OK, part.status(), String.valueOf(part.error()));
            assertEquals(key, part.objectKey());
            assertEquals(file, Files.readAttributes(stored(key), java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey(), "blog was not uploaded a second time");
            assertTrue(fresh.object(key).isPresent(), "recorded from the store's metadata");
            DatabaseOutcome recorded = fresh.run(run).orElseThrow().databases().get(0);
            assertEquals("node-z", recorded.node());
            assertTrue(recorded.recovered());
            assertEquals(outcome(first, "blog").rowCounts(), part.rowCounts());
            assertTrue(fresh.runLog(run).stream().anyMatch(l -> l.message().contains("had stored " + key
                    + " but not recorded it")), fresh.runLog(run).toString());
        }
    }

    private static DatabaseOutcome outcome(RunReport report, String db) {
        return report.databases().stream().filter(o -> o.database().equals(db)).findFirst().orElseThrow();
    }
}
