package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI hands its run to the process that holds the catalog — here a real {@code patina daemon} in another JVM —
 * and follows it: the run goes into the daemon's queue, is recorded with the CLI's trigger, and the CLI prints its
 * progress and result as if it had run it.
 */
class RunHandOffCliTest {
    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO items (name) VALUES ('a'), ('b'), ('c')");
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
                """.formatted(dir.resolve("store"), db, dir.resolve("data/catalog.sqlite")));
        return file;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, new Services(Clock.systemUTC()), new java.io.ByteArrayOutputStream(),
                new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aBackupFromTheCliRunsInTheDaemonsQueueAndIsFollowedToItsEnd() throws Exception {
        Path file = config();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.grove.patina.Launcher", "daemon", "--config",
                file.toString(), "--grace", "10");
        pb.environment().put("PATINA_HOME", dir.resolve("home").toString());
        pb.redirectErrorStream(true);
        Process daemon = pb.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("patina daemon: running")) {
                // start-up notes
            }
            assertTrue(line != null, "the daemon did not start");
            waitForNoRunningNightly(); // its catch-up at start

            Result backup = cli("backup", "--config", file.toString());
            assertEquals(0, backup.code(), backup.out() + backup.err());
            assertTrue(backup.err().contains("patina daemon (pid " + daemon.pid() + ") holds the catalog: the "
                    + "nightly run ran in its queue"), backup.err());
            assertTrue(backup.err().contains("backup: shop ok"), "the daemon's progress, followed here: "
                    + backup.err());
            assertTrue(backup.out().contains("nightly backup for ") && backup.out().contains(": ok (run "),
                    backup.out());

            Result weekly = cli("weekly", "--config", file.toString(), "--week", "2020-W01");
            assertEquals(1, weekly.code(), "a week without dailies stores nothing: " + weekly.out() + weekly.err());
            assertTrue(weekly.out().contains("weekly archive 2020-W01: failed (run "), weekly.out());

            try (Catalog catalog = Catalog.open(dir.resolve("data/catalog.sqlite"), Clock.systemUTC())) {
                List<RunSummary> cliRuns = catalog.recentRuns(20).stream().filter(r -> "cli".equals(r.trigger()))
                        .toList();
                assertEquals(List.of(RunKind.WEEKLY, RunKind.NIGHTLY), cliRuns.stream().map(RunSummary::kind)
                        .toList(), "one run each, recorded with the CLI's trigger");
                assertEquals(RunStatus.OK, cliRuns.get(1).status());
            }
            String log;
            try (Stream<Path> logs = Files.list(dir.resolve("data/logs"))) {
                StringBuilder all = new StringBuilder();
                for (Path p : logs.toList()) {
                    all.append(Files.readString(p));
                }
                log = all.toString();
            }
            assertTrue(log.contains("a nightly run handed over by another Patina process")
                    && log.contains("a weekly run handed over by another Patina process"),
                    "the daemon ran both: " + log);

            // a replay of another moment is this process's own: never handed over
            Result replay = cli("backup", "--config", file.toString(), "--now", "2026-03-01T02:00:00Z");
            assertEquals(0, replay.code(), replay.out() + replay.err());
            assertTrue(!replay.err().contains("holds the catalog"), replay.err());
        } finally {
            daemon.destroy();
            daemon.waitFor(20, TimeUnit.SECONDS);
            if (daemon.isAlive()) {
                daemon.destroyForcibly();
            }
        }
    }

    private void waitForNoRunningNightly() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Catalog catalog = Catalog.open(dir.resolve("data/catalog.sqlite"), Clock.systemUTC())) {
            Optional<RunSummary> last = Optional.empty();
            while (System.nanoTime() < deadline) {
                last = catalog.lastRun(RunKind.NIGHTLY);
                if (last.isPresent() && last.get().status() != RunStatus.RUNNING) {
                    return;
                }
                Thread.sleep(100); // another process: polling its catalog is the only way to watch it
            }
            throw new AssertionError("the daemon's catch-up did not end: " + last);
        }
    }
}
