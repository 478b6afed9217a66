package dev.grove.patina.backup.weekly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.BackupSettings;
import dev.grove.patina.backup.DatabaseLocks;
import dev.grove.patina.backup.FaultyStore;
import dev.grove.patina.backup.ObjectMetadata;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.testing.DatabaseComparator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weekly archive over real nightly dumps of the demo databases, a real local-folder store and catalog. */
class WeeklyArchiverTest {
    static final List<String> DBS = List.of("shop", "jobs", "notes");
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    static final String KEY = "weekly/2026-W48.tar.gz";

    @TempDir
    Path dir;

    private DemoWorkspace demo;
    private BackupStore store;
    private Catalog catalog;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T03:00:00Z"), ZoneOffset.UTC);
    private final ObjectKeys keys = new ObjectKeys("");

    @BeforeEach
    void setUp() throws Exception {
        demo = new DemoWorkspace(dir.resolve("demo"));
        demo.create();
        store = new LocalFolderStore(dir.resolve("store"));
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private WeeklyArchiver archiver() {
        return new WeeklyArchiver(store, keys, catalog, clock, "test", DBS, dir.resolve("work"));
    }

    /** Runs the nightly of each day of the week (gzip), all three databases unless {@code skip} says otherwise. */
    private void nightsOfTheWeek(String skipDb, LocalDate skipDate) {
        List<DatabaseSource> sources = new ArrayList<>();
        for (String name : DBS) {
            sources.add(new SqliteFileSource(name, demo.database(name)));
        }
        BackupService backups = new BackupService(sources, store, keys, catalog, new SqlDumpWriter(clock, "test"), new BackupSettings(Compression.GZIP, ZoneId.of("UTC"), 3,
                DumpDialect.D1, "test"), new DatabaseLocks(), Redactor.none(), clock);
        for (int d = 0; d < 7; d++) {
            LocalDate date = MONDAY.plusDays(d);
            Set<String> only = date.equals(skipDate) ? Set.copyOf(DBS.stream().filter(n -> !n.equals(skipDb))
                    .toList()) : Set.of();
            backups.runNightly(date.atTime(2, 0).toInstant(ZoneOffset.UTC), "test", only, BackupProgress.NONE);
        }
    }

    private List<String> memberNames() throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream in = store.get(KEY);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private byte[] dailyDecompressed(String key) throws Exception {
        try (InputStream in = Compression.decompressing(store.get(key))) {
            return in.readAllBytes();
        }
    }

    @Test
    void sevenNightsOfThreeDatabasesMakeTwentyOneMembersAndAManifestThatRestore() throws Exception {
        nightsOfTheWeek(null, null);
        WeeklyArchiver archiver = archiver();
        WeeklyPlan plan = archiver.plan(MONDAY.plusDays(3));
        assertEquals(KEY, plan.key());
        assertEquals(21, plan.members().size());
        assertTrue(plan.complete(), plan.missing().toString());

        WeeklyResult result = archiver.apply(plan);

        assertEquals(RunStatus.OK, result.status(), String.valueOf(result.error()));
        List<String> names = memberNames();
        assertEquals(22, names.size());
        assertEquals(WeeklyManifest.PATH, names.get(21));
        assertEquals("2026-11-23/shop.sql", names.get(0));
        StoredObject o = catalog.object(KEY).orElseThrow();
        assertEquals(ObjectKind.WEEKLY, o.kind());
        assertEquals(MONDAY, o.date());
        assertNull(o.database());
        assertEquals(result.sha256(), o.sha256());
        assertEquals(store.head(KEY).orElseThrow().size(), o.size());
        var run = catalog.run(result.runId()).orElseThrow();
        assertEquals(RunKind.WEEKLY, run.kind());
        assertEquals(RunStatus.OK, run.status());

        Path out = dir.resolve("extracted");
        byte[] manifestJson = Files.readAllBytes(archiver.extract(KEY, WeeklyManifest.PATH, out));
        WeeklyManifest manifest = WeeklyManifest.parse(manifestJson);
        assertEquals("2026-W48", manifest.week().toString());
        assertEquals(21, manifest.members().size());
        assertTrue(manifest.missing().isEmpty());
        assertEquals("test", manifest.patinaVersion());
        for (ArchivedMember m : manifest.members()) {
            Path file = archiver.extract(KEY, m.path(), out);
            assertEquals(out.toRealPath().resolve(m.path()), file);
            assertArrayEquals(dailyDecompressed(m.sourceKey()), Files.readAllBytes(file), m.path());
            assertEquals(catalog.object(m.sourceKey()).orElseThrow().rowCounts(), m.rowCounts());
        }
        for (String db : DBS) {
            Path restored = dir.resolve(db + "-restored.sqlite");
            new Restorer(clock).restore(out.resolve("2026-11-29/" + db + ".sql"), restored, RestoreOptions.all(),
                    RestoreProgress.NONE);
            DatabaseComparator.assertSameDatabase(demo.database(db), restored);
        }
        try (var files = Files.list(dir.resolve("work"))) {
            assertEquals(0, files.count(), "no temporary dailies left behind");
        }
    }

    @Test
    void aMissingDailyIsListedInThePlanTheManifestAndTheResult() throws Exception {
        LocalDate wednesday = MONDAY.plusDays(2);
        nightsOfTheWeek("jobs", wednesday);
        store.delete("daily/2026-11-27/notes.sql.gz"); // the catalog still records it

        WeeklyPlan plan = archiver().plan(MONDAY);

        assertEquals(19, plan.members().size());
        assertEquals(2, plan.missing().size());
        MissingDaily jobs = plan.missing().get(0);
        assertEquals("jobs", jobs.database());
        assertEquals(wednesday, jobs.date());
        assertTrue(jobs.reason().contains("no daily backup"), jobs.reason());
        assertTrue(plan.missing().get(1).reason().contains("store has no such object"),
                plan.missing().get(1).reason());

        WeeklyResult result = archiver().apply(plan);
        assertEquals(RunStatus.PARTIAL, result.status());
        assertEquals(plan.missing(), result.missing());
        assertEquals(19, result.members().size());
        WeeklyManifest manifest = WeeklyManifest.parse(Files.readAllBytes(
                archiver().extract(KEY, WeeklyManifest.PATH, dir.resolve("x"))));
        assertEquals(plan.missing(), manifest.missing());
        var outcomes = catalog.run(result.runId()).orElseThrow();
        assertEquals(RunStatus.PARTIAL, outcomes.status());
    }

    @Test
    void aTamperedDailyIsReportedAndNotArchived() throws Exception {
        nightsOfTheWeek(null, null);
        Path shop = dir.resolve("store/daily/2026-11-26/shop.sql.gz");
        byte[] bytes = Files.readAllBytes(shop);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(shop, bytes);

        WeeklyResult result = archiver().apply(archiver().plan(MONDAY));

        assertEquals(RunStatus.PARTIAL, result.status());
        assertEquals(1, result.missing().size());
        MissingDaily damaged = result.missing().get(0);
        assertEquals("shop", damaged.database());
        assertEquals(LocalDate.of(2026, 11, 26), damaged.date());
        assertTrue(damaged.reason().contains("daily/2026-11-26/shop.sql.gz is damaged: checksum mismatch"),
                damaged.reason());
        StoredObject marked = catalog.object("daily/2026-11-26/shop.sql.gz").orElseThrow();
        assertTrue(marked.damaged() && marked.damage().startsWith("checksum mismatch"), String.valueOf(marked));
        assertEquals(20, result.members().size());
        assertTrue(!memberNames().contains("2026-11-26/shop.sql"));
        try (var files = Files.list(dir.resolve("work"))) {
            assertEquals(0, files.count(), "no temporary dailies left behind");
        }
    }

    @Test
    void aStoreThatConfirmsAnotherSizeThanWasWrittenFailsTheWeeklyAndTheCatalogKeepsNoRecordOfIt() throws Exception {
        nightsOfTheWeek(null, null);
        FaultyStore lying = new FaultyStore(store);
        lying.confirmPut = info -> new ObjectInfo(info.key(), info.size() - 1, info.lastModified(), info.metadata());
        WeeklyArchiver archiver = new WeeklyArchiver(lying, keys, catalog, clock, "test", DBS, dir.resolve("work"));

        WeeklyResult result = archiver.apply(archiver.plan(MONDAY));

        assertEquals(RunStatus.FAILED, result.status());
        long written = store.head(KEY).orElseThrow().size();
        assertTrue(result.error().contains(KEY) && result.error().contains("confirmed " + (written - 1) + " bytes")
                && result.error().contains("wrote " + written) && result.error().contains("damaged"),
                result.error());
        assertEquals(Optional.empty(), catalog.object(KEY), "a damaged upload is not recorded as an archive");
        assertEquals(RunStatus.FAILED, catalog.run(result.runId()).orElseThrow().status());
    }

    @Test
    void aStoreThatConfirmsAnotherChecksumThanWasWrittenFailsTheWeekly() throws Exception {
        nightsOfTheWeek(null, null);
        FaultyStore lying = new FaultyStore(store);
        lying.confirmPut = info -> {
            Map<String, String> altered = new HashMap<>(info.metadata());
            altered.put(ObjectMetadata.SHA256, "0".repeat(64));
            return new ObjectInfo(info.key(), info.size(), info.lastModified(), altered);
        };
        WeeklyArchiver archiver = new WeeklyArchiver(lying, keys, catalog, clock, "test", DBS, dir.resolve("work"));

        WeeklyResult result = archiver.apply(archiver.plan(MONDAY));

        assertEquals(RunStatus.FAILED, result.status());
        assertTrue(result.error().contains(KEY) && result.error().contains("0".repeat(64))
                && result.error().contains("damaged"), result.error());
        assertEquals(Optional.empty(), catalog.object(KEY));
    }

    @Test
    void aWeekWithNoDailiesStoresNothingAndSaysSo() throws Exception {
        WeeklyPlan plan = archiver().plan(MONDAY);
        assertEquals(21, plan.missing().size());
        WeeklyResult result = archiver().apply(plan);
        assertEquals(RunStatus.FAILED, result.status());
        assertTrue(result.error().contains("no daily backups"), result.error());
        assertTrue(store.head(KEY).isEmpty());
    }

    @Test
    void aWeeklyStoppedByAnInterruptIsRecordedInterruptedAndStoresNothing() throws Exception {
        nightsOfTheWeek(null, null);
        WeeklyArchiver archiver = archiver();
        WeeklyPlan plan = archiver.plan(MONDAY);
        Thread.currentThread().interrupt(); // a cancel: the upload's channel closes at its first write
        WeeklyResult result;
        try {
            result = archiver.apply(plan);
        } finally {
            Thread.interrupted();
        }
        assertEquals(RunStatus.INTERRUPTED, result.status(), String.valueOf(result.error()));
        assertEquals(RunStatus.INTERRUPTED, catalog.run(result.runId()).orElseThrow().status());
        assertTrue(store.head(KEY).isEmpty(), "nothing half-written is visible");
    }
}
