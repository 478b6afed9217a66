package dev.grove.patina.schedule;

import dev.grove.patina.run.RunOrder;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunningJob;
import dev.grove.patina.run.TriggerResult;
import dev.grove.patina.run.RunEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.store.ObjectInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling a running nightly (the console's Cancel, the tray's Quit): a real runtime backs up three real SQLite
 * files one at a time; the run is cancelled while the big one is being dumped.
 */
class CancelRunTest {
    @TempDir
    Path dir;

    private Path database(String name, int rows) throws Exception {
        Path db = dir.resolve(name + ".sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " + rows + ") "
                    + "INSERT INTO t SELECT x, hex(randomblob(40)) FROM n");
        }
        return db;
    }

    @Test
    void cancellingKeepsFinishedDatabasesStopsTheRestAndLeavesNothingHalfWritten() throws Exception {
        Path config = dir.resolve("patina.toml");
        Files.writeString(config, """
                [store]
                type = "local"
                path = "%s"

                [schedule]
                concurrency = 1

                [[databases]]
                name = "first"
                type = "sqlite"
                path = "%s"

                [[databases]]
                name = "slow"
                type = "sqlite"
                path = "%s"

                [[databases]]
                name = "third"
                type = "sqlite"
                path = "%s"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), database("first", 100), database("slow", 2_000_000),
                database("third", 100), dir.resolve("data/catalog.sqlite")));
        PatinaConfig cfg = new ConfigLoader(Map.<String, String>of()::get, dir.resolve("data"),
                name -> Optional.empty()).load(config);
        try (PatinaRuntime rt = PatinaRuntime.open(cfg, new Services(java.time.Clock.systemUTC()))) {
            Daemon daemon = Daemon.start(rt);
            Events events = new Events();
            daemon.scheduler().runs().addListener(events);
            // an empty catalog: the start caught up today's nightly, so a manual trigger now waits behind it
            TriggerResult queued = daemon.scheduler().runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL));
            assertEquals(TriggerResult.TriggerOutcome.QUEUED, queued.outcome(), queued.toString());
            assertEquals(Optional.of("the queued nightly run was dropped"), daemon.scheduler().runs().cancel(queued.ticket()));

            RunEvent.RunProgressed midway;
            do {
                midway = events.next(RunEvent.RunProgressed.class);
            } while (midway.job().databases().stream().noneMatch(d -> d.database().equals("slow") && d.rows() > 0));
            RunningJob started = midway.job();
            assertEquals("catch-up", started.trigger());
            assertEquals(Optional.of("the nightly run is being stopped"), daemon.scheduler().runs().cancel(started.ticket()));

            RunEvent.RunFinished done = events.next(RunEvent.RunFinished.class);
            assertEquals(RunStatus.INTERRUPTED, done.report().status());
            Map<String, DatabaseOutcome> byDb = new java.util.HashMap<>();
            done.report().databases().forEach(o -> byDb.put(o.database(), o));
            assertEquals(RunStatus.OK, byDb.get("first").status(), "the database finished before the cancel stays");
            assertEquals(RunStatus.FAILED, byDb.get("slow").status());
            assertTrue(byDb.get("slow").error().startsWith("interrupted"), byDb.get("slow").error());
            assertEquals("interrupted before it started", byDb.get("third").error());
            assertEquals(RunStatus.INTERRUPTED, rt.catalog().run(done.report().runId()).orElseThrow().status());

            List<String> keys = rt.store().list("daily/").stream().map(ObjectInfo::key).toList();
            assertEquals(1, keys.size(), "only the finished database is in the store: " + keys);
            assertTrue(keys.get(0).contains("/first.sql"), keys.toString());
            try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
                List<String> leftovers = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                        .filter(n -> n.contains("slow") || n.contains("third")).toList();
                assertEquals(List.of(), leftovers, "no half-written file of the stopped databases");
            }
            assertEquals(Optional.empty(), daemon.scheduler().runs().cancel(started.ticket()), "it ended: nothing to cancel");

            // the lane and its thread are reusable: the next run is not born interrupted
            TriggerResult again = daemon.scheduler().runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL));
            assertTrue(again.accepted(), again.toString());
            RunEvent.RunFinished second;
            do {
                second = events.next(RunEvent.RunFinished.class);
            } while (second.report().runId().equals(done.report().runId()));
            assertEquals(RunStatus.OK, second.report().status(), second.report().toString());
            assertEquals("manual", second.report().trigger(), "the dropped trigger did not run: this is the new one");
            assertTrue(daemon.stop(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aStopRequestThatAnInterruptDidNotCarryStillStopsTheRun() throws Exception {
        Path config = dir.resolve("patina.toml");
        Files.writeString(config, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "first"
                type = "sqlite"
                path = "%s"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), database("first", 100), dir.resolve("data/catalog.sqlite")));
        PatinaConfig cfg = new ConfigLoader(Map.<String, String>of()::get, dir.resolve("data"),
                name -> Optional.empty()).load(config);
        try (PatinaRuntime rt = PatinaRuntime.open(cfg, new Services(java.time.Clock.systemUTC()))) {
            dev.grove.patina.backup.BackupProgress stopped = new dev.grove.patina.backup.BackupProgress() {
                @Override
                public boolean stopRequested() {
                    return true; // as if the store's library had swallowed the cancel's interrupt
                }
            };
            var report = rt.backups().runNightly(java.time.Instant.now(), "manual", java.util.Set.of(), stopped);
            Thread.interrupted(); // the run re-asserts the interrupt for its caller; clear it for the test thread
            assertEquals(RunStatus.INTERRUPTED, report.status());
            assertEquals("interrupted before it started", report.databases().get(0).error());
            assertEquals(List.of(), rt.store().list("daily/"), "nothing was stored");
        }
    }
}
