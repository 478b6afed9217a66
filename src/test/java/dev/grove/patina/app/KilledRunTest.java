package dev.grove.patina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.LogLine;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.store.s3.FaultyTcpProxy;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.testing.ChildPatina;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY 8, 9 and 30, issue 12 item 6: a real {@code kill -9} of a CLI child JVM in the middle of a backup, a
 * weekly and a cleanup, each at a named point the test waits for and asserts before the kill (the run recorded
 * running, its upload or temporary file there): a child that finished first fails the test instead of passing it.
 * The child is held at that point deterministically: an S3 request it needs next is stalled by a proxy (never sent
 * on), or, for the local folder, the database is big enough that the dump is still being written. After the kill, the
 * next CLI process — any command — marks the run interrupted (its OS run lock is free), removes its temporary files
 * and aborts its multipart uploads whatever their age, and the next run works.
 */
class KilledRunTest {
    private static final Pattern STORE_TEMP = Pattern.compile("\\..+\\.(meta-)?tmp-[0-9a-z]+");

    static S3ProxyServer s3;

    @TempDir
    Path dir;

    FaultyTcpProxy proxy;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3ProxyServer(); // in memory: a part cut off mid-body would break filesystem-nio2's listing
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = new FaultyTcpProxy(s3.port());
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.releaseStalls();
        proxy.close();
    }

    // ------------------------------------------------------------------------------------------------ backup

    @Test
    void aBackupKilledMidMultipartUploadIsMarkedInterruptedAndItsUploadAbortedByTheNextCliProcess()
            throws Exception {
        String bucket = s3.newBucket();
        database("shop", 12); // ~24 MB of SQL: a multipart upload of 8 MiB parts
        Path cfg = s3Config(bucket, "none", 7, "shop");
        backupInProcess(cfg, LocalDate.of(2026, 11, 27)); // the previous good backup, which must stay untouched
        String previous = "daily/2026-11-27/shop.sql";
        proxy.stallRequestsContaining("partNumber="); // the first part never reaches S3: the upload stays open

        ChildPatina child = ChildPatina.start(dir.resolve("out"), env(), "backup", "-q", "--config", cfg.toString());
        try (Catalog catalog = Catalog.open(catalogFile(), Clock.systemUTC())) {
            child.awaitWhileAlive("a running nightly with an unfinished multipart upload", 60, () ->
                    running(catalog, RunKind.NIGHTLY) && proxy.stalled() > 0
                            && !s3.unfinishedUploads(bucket).isEmpty());
            String runId = catalog.lastRun(RunKind.NIGHTLY).orElseThrow().id();
            child.kill();
            assertEquals(RunStatus.RUNNING, catalog.run(runId).orElseThrow().status(), "kill -9 left it running");
            List<String> uploads = s3.unfinishedUploads(bucket);
            assertEquals(1, uploads.size(), uploads.toString());
            assertTrue(uploads.get(0).startsWith("daily/"), uploads.toString());
            proxy.releaseStalls();

            // the next CLI process, whatever it does, cleans up after the dead run: here `status`
            ChildPatina status = ChildPatina.run(dir.resolve("out"), env(), 60, "status", "--config",
                    cfg.toString());
            assertTrue(status.stderr().contains("nightly run " + runId) && status.stderr().contains(
                    "marked interrupted") && status.stderr().contains("removed 1 unfinished upload"), status.output());
            RunSummary dead = catalog.run(runId).orElseThrow();
            assertEquals(RunStatus.INTERRUPTED, dead.status());
            assertTrue(dead.endedAt() != null);
            assertEquals(List.of(), s3.unfinishedUploads(bucket), "its multipart upload was aborted");
            assertEquals(List.of(previous), s3.objectKeys(bucket), "nothing visible at the killed run's key, and "
                    + "the previous good backup untouched");
            assertLogSays(catalog, runId, "gone", "removed 1 unfinished upload");
            assertEquals(previous, catalog.latestGood("shop").orElseThrow().key(),
                    "no catalog row says the killed backup stored anything");

            ChildPatina next = ChildPatina.run(dir.resolve("out"), env(), 120, "backup", "-q", "--config",
                    cfg.toString());
            assertEquals(0, next.exitCode(), next.output());
            RunSummary ok = catalog.lastRun(RunKind.NIGHTLY).orElseThrow();
            assertNotEquals(runId, ok.id());
            assertEquals(RunStatus.OK, ok.status());
            String fresh = catalog.latestGood("shop").orElseThrow().key();
            assertNotEquals(previous, fresh);
            assertEquals(Set.of(previous, fresh), Set.copyOf(s3.objectKeys(bucket)));
            assertEquals(List.of(), s3.unfinishedUploads(bucket));
        }
    }

    @Test
    void aBackupToAFolderKilledMidDumpLeavesATempFileTheNextCliProcessRemovesWhateverItsAge() throws Exception {
        database("shop", 48); // a dump of ~100 MB of SQL (gzip): seconds of writing while the test looks
        Path store = dir.resolve("store");
        Path cfg = write(localStore(store) + compression("gzip") + retention(7) + databases("shop") + catalog());

        ChildPatina child = ChildPatina.start(dir.resolve("out"), env(), "backup", "-q", "--config", cfg.toString());
        try (Catalog catalog = Catalog.open(catalogFile(), Clock.systemUTC())) {
            child.awaitWhileAlive("a running nightly writing its temporary file in the store", 60, () ->
                    running(catalog, RunKind.NIGHTLY) && storeTempFiles(store).stream().anyMatch(f -> size(f) > 0));
            String runId = catalog.lastRun(RunKind.NIGHTLY).orElseThrow().id();
            child.kill();
            assertEquals(RunStatus.RUNNING, catalog.run(runId).orElseThrow().status(), "kill -9 left it running");
            List<Path> temps = storeTempFiles(store);
            assertEquals(1, temps.size(), temps.toString());
            assertTrue(Files.size(temps.get(0)) > 0, "the dump was being written");

            // the very next backup cleans up first (the temp file is seconds old: the day-old sweep would keep it)
            ChildPatina next = ChildPatina.run(dir.resolve("out"), env(), 120, "backup", "-q", "--config",
                    cfg.toString());
            assertEquals(0, next.exitCode(), next.output());
            assertTrue(next.stderr().contains("nightly run " + runId) && next.stderr().contains("marked interrupted")
                    && next.stderr().contains("removed 1 unfinished upload(s) or temporary file(s)"), next.output());
            assertEquals(List.of(), storeTempFiles(store), "the killed run's temp file is gone");
            assertEquals(RunStatus.INTERRUPTED, catalog.run(runId).orElseThrow().status());
            RunSummary ok = catalog.lastRun(RunKind.NIGHTLY).orElseThrow();
            assertEquals(RunStatus.OK, ok.status());
            StoredObject stored = catalog.latestGood("shop").orElseThrow();
            assertTrue(Files.isRegularFile(store.resolve(stored.key())));
        }
    }

    // ------------------------------------------------------------------------------------------------ weekly

    @Test
    void aWeeklyKilledWhileFetchingADailyIsInterruptedAndItsTemporaryFilesRemoved() throws Exception {
        String bucket = s3.newBucket();
        database("shop", 1);
        Path cfg = s3Config(bucket, "gzip", 7, "shop");
        LocalDate monday = LocalDate.of(2026, 11, 23);
        for (int day = 0; day < 7; day++) {
            backupInProcess(cfg, monday.plusDays(day));
        }
        // the weekly fetches Monday's daily, then stalls on Tuesday's: its temporary file for it exists
        proxy.stallRequestsContaining("GET /" + bucket + "/daily/2026-11-24/");
        Path tmp = dir.resolve("data/tmp");

        ChildPatina child = ChildPatina.start(dir.resolve("out"), env(), "weekly", "--week", "2026-W48",
                "--config", cfg.toString());
        try (Catalog catalog = Catalog.open(catalogFile(), Clock.systemUTC())) {
            child.awaitWhileAlive("a running weekly with its temporary file", 60, () ->
                    running(catalog, RunKind.WEEKLY) && proxy.stalled() > 0
                            && !filesNamed(tmp, catalog.lastRun(RunKind.WEEKLY).orElseThrow().id()).isEmpty());
            String runId = catalog.lastRun(RunKind.WEEKLY).orElseThrow().id();
            child.kill();
            assertEquals(RunStatus.RUNNING, catalog.run(runId).orElseThrow().status());
            assertFalse(filesNamed(tmp, runId).isEmpty(), "its patina-weekly-<run>-… file is left");
            proxy.releaseStalls();

            ChildPatina next = ChildPatina.run(dir.resolve("out"), env(), 120, "weekly", "--week", "2026-W48",
                    "--config", cfg.toString());
            assertEquals(0, next.exitCode(), next.output());
            assertTrue(next.stderr().contains("weekly run " + runId) && next.stderr().contains("marked interrupted"),
                    next.output());
            assertEquals(List.of(), filesNamed(tmp, runId), "the killed run's temporary files are gone");
            assertEquals(RunStatus.INTERRUPTED, catalog.run(runId).orElseThrow().status());
            assertEquals(RunStatus.OK, catalog.lastRun(RunKind.WEEKLY).orElseThrow().status());
            assertTrue(s3.objectKeys(bucket).contains("weekly/2026-W48.tar.gz"), s3.objectKeys(bucket).toString());
            assertEquals(List.of(), s3.unfinishedUploads(bucket));
        }
    }

    // ----------------------------------------------------------------------------------------------- cleanup

    @Test
    void aCleanupKilledMidDeleteIsInterruptedTheCatalogStaysTrueAndTheNextCleanupFinishes() throws Exception {
        String bucket = s3.newBucket();
        database("shop", 1);
        Path cfg = s3Config(bucket, "gzip", 3, "shop");
        for (int day = 1; day <= 8; day++) {
            backupInProcess(cfg, LocalDate.of(2026, 11, day));
        }
        assertEquals(8, s3.objectKeys(bucket).size());
        proxy.stallRequestsContaining("DELETE /" + bucket + "/");
        String now = "2026-11-08T12:00:00Z"; // keeps 11-06..11-08, removes 11-01..11-05

        ChildPatina child = ChildPatina.start(dir.resolve("out"), env(), "cleanup", "--now", now, "--config",
                cfg.toString());
        try (Catalog catalog = Catalog.open(catalogFile(), Clock.systemUTC())) {
            child.awaitWhileAlive("a running cleanup with a delete in flight", 60, () ->
                    running(catalog, RunKind.CLEANUP) && proxy.stalled() > 0);
            String runId = catalog.lastRun(RunKind.CLEANUP).orElseThrow().id();
            child.kill();
            assertEquals(RunStatus.RUNNING, catalog.run(runId).orElseThrow().status());
            assertCatalogMatchesStore(catalog, bucket);
            proxy.releaseStalls();

            ChildPatina next = ChildPatina.run(dir.resolve("out"), env(), 120, "cleanup", "--now", now, "--config",
                    cfg.toString());
            assertEquals(0, next.exitCode(), next.output());
            assertTrue(next.stderr().contains("cleanup run " + runId) && next.stderr().contains(
                    "marked interrupted"), next.output());
            assertEquals(RunStatus.INTERRUPTED, catalog.run(runId).orElseThrow().status());
            // --now pins both processes' clocks to the same moment: find the second run by id, not by start time
            List<RunSummary> cleanups = catalog.recentRuns(20).stream().filter(r -> r.kind() == RunKind.CLEANUP)
                    .toList();
            assertEquals(2, cleanups.size());
            assertEquals(RunStatus.OK, cleanups.stream().filter(r -> !r.id().equals(runId)).findFirst().orElseThrow()
                    .status());
            assertEquals(List.of("daily/2026-11-06/shop.sql.gz", "daily/2026-11-07/shop.sql.gz",
                    "daily/2026-11-08/shop.sql.gz"), s3.objectKeys(bucket));
            assertCatalogMatchesStore(catalog, bucket);
        }
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static boolean running(Catalog catalog, RunKind kind) {
        return catalog.lastRun(kind).map(r -> r.status() == RunStatus.RUNNING).orElse(false);
    }

    private static void assertLogSays(Catalog catalog, String runId, String... words) {
        String log = String.join("\n", catalog.runLog(runId).stream().map(LogLine::message).toList());
        for (String w : words) {
            assertTrue(log.contains(w), "run log lacks '" + w + "':\n" + log);
        }
    }

    /** Every object the catalog calls present is in the bucket, and nothing else is. */
    private static void assertCatalogMatchesStore(Catalog catalog, String bucket) {
        List<String> present = catalog.findObjects(ObjectQuery.firstPage(1000).withStatus(ObjectStatus.PRESENT))
                .items().stream().map(StoredObject::key).sorted().toList();
        assertEquals(s3.objectKeys(bucket), present);
    }

    private void backupInProcess(Path cfg, LocalDate day) {
        Instant night = day.atTime(2, 0).toInstant(ZoneOffset.UTC);
        try (PatinaRuntime rt = PatinaRuntime.open(new ConfigLoader(env()::get, dir.resolve("data"),
                name -> Optional.empty()).load(cfg), new Services(Clock.fixed(night, ZoneOffset.UTC)))) {
            assertEquals(RunStatus.OK, rt.backups().runNightly(night, "test", Set.of(),
                    dev.grove.patina.backup.BackupProgress.NONE).status());
        }
    }

    private static List<Path> storeTempFiles(Path store) {
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(store)) {
            return walk.filter(f -> STORE_TEMP.matcher(f.getFileName().toString()).matches()).toList();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return List.of(); // a folder went away while walking: look again
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static List<Path> filesNamed(Path folder, String part) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(f -> f.getFileName().toString().contains(part)).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** A database of {@code megabytes} MB of random blobs (random: the dump does not compress away). */
    private void database(String name, int megabytes) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name + ".sqlite"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < "
                    + (megabytes * 16) + ") INSERT INTO blobs (data) SELECT randomblob(65536) FROM n");
        }
    }

    private Map<String, String> env() {
        return Map.of("PATINA_HOME", dir.resolve("home").toString(), "PATINA_TEST_SECRET", S3ProxyServer.SECRET_KEY);
    }

    private Path catalogFile() {
        return dir.resolve("data/catalog.sqlite");
    }

    private Path s3Config(String bucket, String compression, int dailyDays, String... names) throws Exception {
        return write("""
                [store]
                type = "s3"
                endpoint = "%s"
                bucket = "%s"
                access_key_id = "%s"
                secret_access_key = "env:PATINA_TEST_SECRET"

                """.formatted(proxy.endpoint(), bucket, S3ProxyServer.ACCESS_KEY) + compression(compression)
                + retention(dailyDays) + databases(names) + catalog());
    }

    private static String localStore(Path folder) {
        return "[store]\ntype = \"local\"\npath = \"" + folder + "\"\n\n";
    }

    private static String compression(String daily) {
        return "[compression]\ndaily = \"" + daily + "\"\n\n";
    }

    private static String retention(int dailyDays) {
        return "[retention]\ndaily_days = " + dailyDays + "\nweekly_weeks = 4\n\n";
    }

    private String databases(String... names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            b.append("[[databases]]\nname = \"").append(n).append("\"\ntype = \"sqlite\"\npath = \"")
                    .append(dir.resolve(n + ".sqlite")).append("\"\n\n");
        }
        return b.toString();
    }

    private String catalog() {
        return "[catalog]\npath = \"" + catalogFile() + "\"\n";
    }

    private Path write(String toml) throws Exception {
        Path file = dir.resolve("patina.toml");
        Files.writeString(file, toml);
        return file;
    }
}
