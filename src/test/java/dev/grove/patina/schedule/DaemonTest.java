package dev.grove.patina.schedule;

import dev.grove.patina.run.RunOrder;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.TriggerResult;
import dev.grove.patina.run.RunEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon over a real runtime (local store, SQLite source): in-process, and as a real process. */
class DaemonTest {
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

    /** PATINA_PG_OUTAGE_ALERT_AFTER (ADR 0031): seconds, default 2 minutes, anything else refused naming it. */
    @Test
    void theOutageAlertThresholdIsWholeSecondsOrTheDefault() {
        assertEquals(java.time.Duration.ofMinutes(2), Daemon.outageAlertAfter(null));
        assertEquals(java.time.Duration.ofMinutes(2), Daemon.outageAlertAfter(" "));
        assertEquals(java.time.Duration.ofSeconds(45), Daemon.outageAlertAfter("45"));
        for (String bad : new String[] {"0", "-3", "2m", "1.5"}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> Daemon.outageAlertAfter(bad));
            assertTrue(e.getMessage().contains("PATINA_PG_OUTAGE_ALERT_AFTER") && e.getMessage().contains(bad),
                    e.getMessage());
        }
    }

    @Test
    void daemonCatchesUpRunsATriggerAndStopsCleanly() throws Exception {
        PatinaConfig config = new ConfigLoader(Map.<String, String>of()::get, dir.resolve("data"),
                name -> Optional.empty()).load(config());
        MutableClock clock = new MutableClock("2026-03-02T09:00:00Z");
        try (PatinaRuntime rt = PatinaRuntime.open(config, new Services(clock))) {
            String crashed = rt.catalog().startRun(RunKind.NIGHTLY, "schedule", LocalDate.of(2026, 3, 1));
            Events events = new Events();
            Daemon daemon = Daemon.start(rt);
            daemon.scheduler().runs().addListener(events);
            assertEquals(RunStatus.INTERRUPTED, rt.catalog().run(crashed).orElseThrow().status());
            assertTrue(daemon.scheduler().isRunning());

            TriggerResult manual = daemon.scheduler().runs().submit(RunOrder.of(RunKind.NIGHTLY, RunTrigger.MANUAL));
            assertTrue(manual.accepted(), manual.toString());
            RunEvent.RunFinished done;
            do {
                done = events.next(RunEvent.RunFinished.class);
            } while (!"manual".equals(done.report().trigger()));
            assertEquals(RunStatus.OK, done.report().status());
            assertTrue(daemon.stop(Duration.ofSeconds(10)));

            List<RunSummary> all = rt.catalog().recentRuns(20);
            List<RunSummary> runs = all.stream().filter(r -> r.kind() == RunKind.NIGHTLY).toList();
            // the frozen clock gives every run the same start: compare as a set
            assertEquals(java.util.Set.of("manual", "catch-up", "schedule"), runs.stream().map(RunSummary::trigger)
                    .collect(java.util.stream.Collectors.toSet()), "the interrupted run was caught up at start");
            // no weekly ever ran either, but no daily existed before last week ended (a first start): the weekly's
            // catch-up is skipped, not recorded as a failure, and no cleanup is chained to it
            assertEquals(List.of(), all.stream().filter(r -> r.kind() == RunKind.WEEKLY)
                    .map(RunSummary::trigger).toList());
            assertEquals(List.of(), all.stream().filter(r -> r.kind() == RunKind.CLEANUP)
                    .map(RunSummary::trigger).toList());
            RunSummary catchUp = runs.stream().filter(r -> r.trigger().equals("catch-up")).findFirst().orElseThrow();
            assertEquals("2026-03-02T02:00:00Z", catchUp.catchUpOf(), "the 02:00 UTC nightly");
            assertEquals(RunStatus.OK, catchUp.status());
            assertTrue(rt.catalog().latestGood("shop").isPresent());
        }
    }

    @Test
    void aRealDaemonProcessStopsOnSigterm() throws Exception {
        Path file = config();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.grove.patina.Launcher", "daemon", "--config",
                file.toString(), "--grace", "10");
        pb.environment().put("PATINA_HOME", dir.resolve("home").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("patina daemon: running")) {
                // start-up notes
            }
            assertTrue(line != null, "the daemon did not start");
            Path catalogFile = dir.resolve("data/catalog.sqlite");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Optional<RunSummary> last = Optional.empty();
            try (Catalog catalog = Catalog.open(catalogFile, Clock.systemUTC())) {
                while (System.nanoTime() < deadline) {
                    last = catalog.lastRun(RunKind.NIGHTLY);
                    if (last.isPresent() && last.get().status() != RunStatus.RUNNING) {
                        break;
                    }
                    Thread.sleep(100); // another process: polling its catalog is the only way to watch it
                }
            }
            assertEquals("catch-up", last.orElseThrow().trigger(), "no nightly ever ran: one catch-up at start");
            assertEquals(RunStatus.OK, last.get().status());

            // one process runs the schedule over a catalog: a second daemon is refused, naming the first
            ProcessBuilder second = new ProcessBuilder(pb.command());
            second.environment().put("PATINA_HOME", dir.resolve("home").toString());
            second.redirectErrorStream(true);
            Process refused = second.start();
            String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(refused.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, refused.exitValue(), said);
            assertTrue(said.contains("already run by patina daemon (pid " + p.pid() + ")"), said);

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the daemon did not exit on SIGTERM");
            try (Catalog catalog = Catalog.open(catalogFile, Clock.systemUTC())) {
                assertTrue(catalog.recentRuns(10).stream().noneMatch(r -> r.status() == RunStatus.RUNNING));
                assertEquals(1, catalog.recentRuns(10).stream().filter(r -> r.kind() == RunKind.NIGHTLY).count(),
                        "exactly one nightly: the catch-up");
            }
            String log = Files.readString(dir.resolve("data/logs/patina.log"));
            assertTrue(log.contains("daemon started") && log.contains("daemon stopped"), log);
        } finally {
            p.destroyForcibly();
        }
    }
}
