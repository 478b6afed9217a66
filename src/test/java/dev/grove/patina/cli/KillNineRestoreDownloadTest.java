package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.ExportService;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.s3.FaultyTcpProxy;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.testing.ChildPatina;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code patina restore}, {@code patina download} and {@code patina dump} process in the
 * middle of writing (RELIABILITY 8, 13; issue 12): each child is killed at a named point it has reached — its temp
 * file beside the target exists and holds data, asserted while the child still runs — and afterwards no half file is
 * under the final name, the file that was there is untouched (no {@code .bak} taken), and the next run works.
 */
class KillNineRestoreDownloadTest {
    @TempDir
    Path dir;

    private static final int REACH_SECONDS = 60;

    /** The temp file a child writes in {@code folder}, once it holds at least {@code minBytes}. */
    private static Optional<Path> temp(Path folder, String prefix, long minBytes) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".tmp")).filter(p -> {
                        try {
                            return Files.size(p) >= minBytes;
                        } catch (java.io.IOException e) {
                            return false; // renamed or removed meanwhile
                        }
                    }).findFirst();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** {@code kill -9} of a child that is still running; it must die of the signal, not of its own accord. */
    private static void kill9(ChildPatina child) throws Exception {
        assertTrue(child.isAlive(), "still running at the named point:\n" + child.output());
        child.kill();
        if (!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win")) {
            assertEquals(128 + 9, child.exitCode(), "died of SIGKILL:\n" + child.output());
        }
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A database whose restore takes seconds: 300,000 rows of 100 bytes of text. */
    private Path biggish(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
                    + "INSERT INTO events (body) SELECT printf('%0100d', i) FROM n");
            s.execute("CREATE INDEX events_body ON events (body)");
        }
        return db;
    }

    @Test
    void aRestoreKilledWhileLoadingLeavesTheTargetAsItWas() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path sql = dir.resolve("events.sql");
        new ExportService(new SqlDumpWriter(Clock.systemUTC(), "test")).exportToFile(
                new SqliteFileSource("events", biggish(dir.resolve("events.sqlite"))), sql,
                DumpOptions.all("events", DumpDialect.D1), Compression.NONE, DumpProgress.NONE);
        Path live = work.resolve("live.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE precious (x)");
            s.execute("INSERT INTO precious VALUES ('the live data')");
        }
        byte[] before = Files.readAllBytes(live);

        ChildPatina child = ChildPatina.start(dir.resolve("child"), Map.of(), "restore", sql.toString(),
                live.toString(), "--force");
        try {
            child.awaitWhileAlive("the restore's temp file beside the target, holding data", REACH_SECONDS,
                    () -> temp(work, ".live.sqlite.patina-restore-", 1).isPresent());
            kill9(child);
        } finally {
            child.kill();
        }
        assertArrayEquals(before, Files.readAllBytes(live), "the target is untouched");
        assertTrue(names(work).stream().noneMatch(n -> n.startsWith("live.sqlite.bak")), "nothing was moved aside: "
                + names(work));
        assertTrue(names(work).stream().noneMatch(n -> n.startsWith("live.sqlite-")), "no sidecar: " + names(work));

        // the next restore works, and the hidden leftover of the killed one is never taken for the target
        Result again = run("restore", sql.toString(), live.toString(), "--force", "--quiet");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("previous database kept as " + work.resolve("live.sqlite.bak")), again.out());
        assertArrayEquals(before, Files.readAllBytes(work.resolve("live.sqlite.bak")));
    }

    @Test
    void aDumpKilledWhileWritingLeavesTheOutputAsItWas() throws Exception {
        Path db = biggish(dir.resolve("events.sqlite"));
        Path work = Files.createDirectories(dir.resolve("dumps"));
        Path out = work.resolve("events.sql");
        byte[] before = "-- the previous dump, whole\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(out, before);

        ChildPatina child = ChildPatina.start(dir.resolve("child"), Map.of(), "dump", db.toString(), "-o",
                out.toString(), "--force", "--quiet");
        try {
            child.awaitWhileAlive("the dump's temp file beside the output, holding data", REACH_SECONDS,
                    () -> temp(work, ".events.sql.patina-", 64 * 1024).isPresent());
            kill9(child);
        } finally {
            child.kill();
        }
        assertArrayEquals(before, Files.readAllBytes(out), "the output is untouched");
        assertTrue(names(work).stream().allMatch(n -> n.equals("events.sql") || n.startsWith(".events.sql.patina-")),
                "nothing but the output and the killed dump's hidden temp file: " + names(work));

        Result again = run("dump", db.toString(), "-o", out.toString(), "--force", "--quiet");
        assertEquals(0, again.code(), again.err());
        assertArrayEquals(before, Files.readAllBytes(work.resolve("events.sql.bak")), "kept, whole");
    }

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, new Services(Clock.systemUTC()), new ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aDownloadKilledMidTransferLeavesTheOutputAsItWas() throws Exception {
        Path s3Dir = Files.createDirectories(dir.resolve("s3"));
        try (S3ProxyServer s3 = new S3ProxyServer(s3Dir); FaultyTcpProxy proxy = new FaultyTcpProxy(s3.port())) {
            String bucket = s3.newBucket();
            // 8 MiB of random blobs: the stored object stays big whatever the compression
            Path db = dir.resolve("blobs.sqlite");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                c.createStatement().execute("CREATE TABLE b (id INTEGER PRIMARY KEY, data BLOB)");
                Random random = new Random(12);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO b (data) VALUES (?)")) {
                    for (int i = 0; i < 128; i++) {
                        byte[] data = new byte[64 * 1024];
                        random.nextBytes(data);
                        ps.setBytes(1, data);
                        ps.executeUpdate();
                    }
                }
            }
            Path config = Files.writeString(dir.resolve("patina.toml"), """
                    [store]
                    type = "s3"
                    endpoint = "%s"
                    bucket = "%s"
                    access_key_id = "%s"
                    secret_access_key = "env:PATINA_TEST_S3_SECRET"

                    [[databases]]
                    name = "blobs"
                    type = "sqlite"
                    path = "%s"

                    [catalog]
                    path = "%s"
                    """.formatted(proxy.endpoint(), bucket, S3ProxyServer.ACCESS_KEY, db,
                    dir.resolve("catalog.sqlite")));
            Map<String, String> env = Map.of("PATINA_TEST_S3_SECRET", S3ProxyServer.SECRET_KEY,
                    "PATINA_HOME", dir.resolve("home").toString());
            Instant night = Instant.parse("2026-11-28T02:00:00Z");
            try (PatinaRuntime rt = PatinaRuntime.open(new ConfigLoader(env::get, dir, n -> Optional.empty())
                    .load(config), new Services(Clock.fixed(night, ZoneOffset.UTC)))) {
                RunReport r = rt.backups().runNightly(night, "test", Set.of(), BackupProgress.NONE);
                assertEquals(RunStatus.OK, r.status(), r.toString());
            }

            Path work = Files.createDirectories(dir.resolve("work"));
            Path out = Files.writeString(work.resolve("blobs.sql"), "yesterday's download, still needed");
            proxy.stallDownstreamAfter(2L << 20); // the server's bytes stop after 2 MiB: the child waits mid-body
            ChildPatina child = ChildPatina.start(dir.resolve("child"), env, "download", "--config",
                    config.toString(), "2026-11-28", "blobs", "-o", out.toString(), "--force");
            try {
                child.awaitWhileAlive("the download's temp file beside -o, holding 512 KiB", REACH_SECONDS,
                        () -> temp(work, ".blobs.sql.patina-download-", 512 * 1024).isPresent());
                kill9(child);
            } finally {
                child.kill();
                proxy.releaseStalls();
            }
            assertEquals("yesterday's download, still needed", Files.readString(out), "no half file under the name");
            assertTrue(names(work).stream().noneMatch(n -> n.startsWith("blobs.sql.bak")), names(work).toString());

            // the next download works, and keeps yesterday's file
            ChildPatina next = ChildPatina.run(dir.resolve("child"), env, 60, "download", "--config",
                    config.toString(), "2026-11-28", "blobs", "-o", out.toString(), "--force", "--quiet");
            assertEquals(0, next.exitCode(), next.output());
            assertTrue(next.stdout().contains("kept as " + work.resolve("blobs.sql.bak")), next.output());
            assertEquals("yesterday's download, still needed", Files.readString(work.resolve("blobs.sql.bak")));
            assertTrue(Files.size(out) > 8L << 20, "the whole object");
        }
    }
}
