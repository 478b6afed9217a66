package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patina verify} while a real {@code patina daemon} (another JVM) holds the catalog: every form of it — the
 * latest backups, {@code --date}, {@code --store} — runs in the daemon's queue with its scope intact, and the CLI
 * prints each object's verdict and each check's result as a verify of its own would; the catalog records the proof
 * on the store that was checked.
 */
class VerifyHandOffCliTest {
    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO items (name) VALUES ('a'), ('b'), ('c')");
        }
        return Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[replicas]]
                name = "usb"
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"
                checks = ["SELECT count(*) = 3 FROM items"]

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), dir.resolve("usb"), db, dir.resolve("data/catalog.sqlite")));
    }

    private record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, new Services(Clock.systemUTC()), new java.io.ByteArrayOutputStream(),
                new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private Catalog catalog() {
        return Catalog.open(dir.resolve("data/catalog.sqlite"), Clock.systemUTC());
    }

    @Test
    void everyVerifyRunsInTheDaemonsQueueAndPrintsEachChecksVerdict() throws Exception {
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
            waitForNoRunning(RunKind.NIGHTLY); // its catch-ups at start
            waitForNoRunning(RunKind.VERIFY);
            String taken = "patina daemon (pid " + daemon.pid() + ") holds the catalog: the verify run ran in its "
                    + "queue";

            Result backup = cli("backup", "--config", file.toString());
            assertEquals(0, backup.code(), backup.all());
            StoredObject latest;
            try (Catalog c = catalog()) {
                latest = c.latestDaily("shop").orElseThrow();
            }
            assertNull(latest.verifiedAt());

            Result verify = cli("verify", "--config", file.toString());
            assertEquals(0, verify.code(), verify.all());
            assertTrue(verify.err().contains(taken), verify.err());
            assertTrue(verify.out().contains("ok                 " + latest.key() + " — verified restorable"),
                    verify.out());
            for (String check : List.of("restore", "integrity_check: ok", "foreign_key_check: no violation",
                    "row counts against the catalog", "check 0: SELECT count(*) = 3 FROM items: returned 1")) {
                assertTrue(verify.out().contains("      ok     " + check), check + " is printed: " + verify.out());
            }
            assertTrue(verify.out().contains("verified 1 object(s): 1 ok, 0 failed"), verify.out());
            try (Catalog c = catalog()) {
                StoredObject o = c.object(latest.key()).orElseThrow();
                assertTrue(o.verifiedAt() != null, "the daemon's verify records the object verified");
                assertTrue(c.proofs().latestOf(latest.key()).orElseThrow().proven());
            }

            Result usb = cli("verify", "--config", file.toString(), "--store", "usb", "--date",
                    latest.date().toString(), "--db", "shop");
            assertEquals(0, usb.code(), usb.all());
            assertTrue(usb.err().contains(taken), usb.err());
            assertTrue(usb.out().contains("test restore of the dailies of " + latest.date() + " of shop on usb"),
                    usb.out());
            assertTrue(usb.out().contains("      ok     integrity_check: ok"), usb.out());
            try (Catalog c = catalog()) {
                List<RunSummary> verifies = c.recentRuns(20).stream().filter(r -> r.kind() == RunKind.VERIFY
                        && "cli".equals(r.trigger())).toList();
                assertEquals(2, verifies.size(), "each recorded once, with the CLI's trigger: " + verifies);
                assertTrue(verifies.stream().allMatch(r -> r.status() == RunStatus.OK), verifies.toString());
            }
            String log;
            try (var logs = Files.list(dir.resolve("data/logs"))) {
                StringBuilder all = new StringBuilder();
                for (Path p : logs.toList()) {
                    all.append(Files.readString(p));
                }
                log = all.toString();
            }
            assertEquals(2, log.split("a verify run handed over by another Patina process", -1).length - 1,
                    "the daemon ran both: " + log);

            Result tape = cli("verify", "--config", file.toString(), "--store", "tape");
            assertEquals(2, tape.code(), tape.all());
            assertTrue(tape.err().contains("no store named tape (stores: primary, usb)"), tape.err());
        } finally {
            daemon.destroy();
            daemon.waitFor(20, TimeUnit.SECONDS);
            if (daemon.isAlive()) {
                daemon.destroyForcibly();
            }
        }
    }

    private void waitForNoRunning(RunKind kind) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Catalog catalog = catalog()) {
            Optional<RunSummary> last = Optional.empty();
            while (System.nanoTime() < deadline) {
                last = catalog.lastRun(kind);
                if (kind == RunKind.VERIFY && last.isEmpty()) {
                    return; // skipped before any backup: nothing recorded
                }
                if (last.isPresent() && last.get().status() != RunStatus.RUNNING) {
                    return;
                }
                Thread.sleep(100); // another process: polling its catalog is the only way to watch it
            }
            throw new AssertionError("the daemon's catch-up did not end: " + last);
        }
    }
}
