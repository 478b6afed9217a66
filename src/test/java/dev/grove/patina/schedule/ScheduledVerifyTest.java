package dev.grove.patina.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.BackupService;
import dev.grove.patina.backup.BackupSettings;
import dev.grove.patina.backup.DatabaseLocks;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.backup.ProofAge;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunService;
import dev.grove.patina.run.RunWork;
import dev.grove.patina.run.RunWorks;
import dev.grove.patina.run.TriggerResult;
import dev.grove.patina.run.WorkResult;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test restore on its own cron ({@code [schedule] verify}), through the same run service as every other run:
 * fired at its time, guarded against a second run for one fire time, alerting when a check fails, and the proof's
 * age judged against {@code verify_max_age_days}.
 */
class ScheduledVerifyTest {
    @TempDir
    Path dir;

    /** Sunday 29 November 2026, 04:00 UTC: the default verify cron's fire time. */
    private final MutableClock clock = new MutableClock("2026-11-29T04:00:00Z");
    private final List<RunReport> alerts = new CopyOnWriteArrayList<>();
    private final Events events = new Events();
    private Catalog catalog;
    private LocalFolderStore store;
    private SchedulerService scheduler;

    @BeforeEach
    void setUp() throws Exception {
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        store = new LocalFolderStore(dir.resolve("store"));
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)");
            s.execute("INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com')");
        }
        new BackupService(List.of(new SqliteFileSource("shop", db)), store, new ObjectKeys(""), catalog,
                new SqlDumpWriter(clock, "test"), new BackupSettings(Compression.GZIP, ZoneId.of("UTC"), 1,
                DumpDialect.D1, "test"), new DatabaseLocks(), Redactor.none(), clock)
                .runNightly(Instant.parse("2026-11-28T02:00:00Z"), "test", Set.of(), BackupProgress.NONE);
    }

    @AfterEach
    void tearDown() {
        if (scheduler != null) {
            scheduler.shutdown(Duration.ofSeconds(5));
        }
        catalog.close();
    }

    private void scheduler(List<String> checks) {
        scheduler(checks, List.of("shop"));
    }

    private void scheduler(List<String> checks, List<String> databases) {
        VerifyService verifier = new VerifyService(new DownloadService(store, new ObjectKeys(""), catalog, clock),
                new Restorer(clock), catalog, clock, dir.resolve("work")).withChecks(Map.of("shop", checks));
        Map<RunKind, RunWork> works = new EnumMap<>(RunKind.class);
        works.put(RunKind.VERIFY, RunWorks.verify(verifier, catalog, databases));
        ScheduleConfig config = ScheduleConfig.defaults();
        scheduler = new SchedulerService(config, new RunService(works, catalog, config.timezone(), false,
                alerts::add, clock), catalog, clock);
        scheduler.runs().addListener(events);
    }

    @Test
    void theVerifyCronFiresTheTestRestoreThroughTheRunServiceOncePerFireTime() throws Exception {
        scheduler(List.of("SELECT count(*) = 2 FROM users"));
        CronSchedule cron = new CronSchedule(ScheduleConfig.defaults());
        Instant fire = cron.previous(RunKind.VERIFY, clock.instant()).orElseThrow();
        assertEquals(clock.instant(), fire, "the default verify cron fires on Sunday at 04:00");
        assertEquals(Instant.parse("2026-12-06T04:00:00Z"), cron.nextFireTimes(clock.instant()).get(RunKind.VERIFY));

        assertEquals(TriggerResult.TriggerOutcome.STARTED, scheduler.fire(RunKind.VERIFY, fire).outcome());
        RunEvent.RunFinished done = events.next(RunEvent.RunFinished.class);
        assertEquals(RunKind.VERIFY, done.kind());
        assertEquals("schedule", done.report().trigger());
        WorkResult.VerifyDone verified = (WorkResult.VerifyDone) done.result();
        assertTrue(verified.verdicts().get(0).ok(), verified.verdicts().get(0).detail());
        assertEquals(RunStatus.OK, alerts.get(0).status(), "the run service told the notifier, once");
        assertEquals(1, alerts.size());
        ProofAge.ProofState state = ProofAge.of(catalog, "shop", clock.instant(), 8);
        assertFalse(state.overdue());
        assertTrue(state.line().startsWith("last proven restorable 2026-11-29T04:00:00Z (0.0 h ago, 6 checks passed)"),
                state.line());

        // a Quartz misfire of the same fire time finds the run already done
        scheduler.fire(RunKind.VERIFY, fire);
        assertTrue(events.next(RunEvent.RunSkipped.class).reason().contains("already started"));

        // nine days on, the proof is older than the 8-day policy
        clock.set("2026-12-08T04:00:00Z");
        ProofAge.ProofState old = ProofAge.of(catalog, "shop", clock.instant(), 8);
        assertTrue(old.overdue());
        assertTrue(old.line().contains("(9.0 days ago, 6 checks passed) — WARNING: older than the 8-day policy"),
                old.line());
    }

    @Test
    void theTestRestoreShowsEachDatabasesProgressLikeANightly() throws Exception {
        scheduler(List.of("SELECT count(*) = 2 FROM users"));
        Instant fire = new CronSchedule(ScheduleConfig.defaults()).previous(RunKind.VERIFY, clock.instant())
                .orElseThrow();
        scheduler.fire(RunKind.VERIFY, fire);
        events.next(RunEvent.RunFinished.class);
        List<dev.grove.patina.run.DatabaseProgress> seen = events.all.stream()
                .filter(RunEvent.RunProgressed.class::isInstance).map(RunEvent.RunProgressed.class::cast)
                .filter(p -> p.job().kind() == RunKind.VERIFY)
                .flatMap(p -> p.job().databases().stream()).toList();
        assertTrue(seen.stream().anyMatch(d -> d.database().equals("shop") && d.status() == RunStatus.RUNNING),
                "a started line for shop: " + seen);
        assertTrue(seen.stream().anyMatch(d -> d.database().equals("shop") && d.status() == RunStatus.OK),
                "shop's end, with its outcome: " + seen);
    }

    @Test
    void aFailingCheckOfTheScheduledRestoreAlertsNamingTheCheck() throws Exception {
        scheduler(List.of("SELECT count(*) > 5 FROM users"));
        scheduler.fire(RunKind.VERIFY, clock.instant());
        RunEvent.RunFinished done = events.next(RunEvent.RunFinished.class);
        assertEquals(RunStatus.FAILED, done.report().status());
        assertEquals(1, alerts.size());
        String error = alerts.get(0).databases().get(0).error();
        assertTrue(error.contains("check 0: SELECT count(*) > 5 FROM users — returned 0"), error);
        assertTrue(ProofAge.of(catalog, "shop", clock.instant(), 8).overdue(), "never proven restorable");
    }

    @Test
    void aScheduledVerifyBeforeTheFirstBackupIsSkippedNotFailed() throws Exception {
        scheduler(List.of(), List.of("notes")); // configured, never backed up
        scheduler.fire(RunKind.VERIFY, clock.instant());
        RunEvent.RunSkipped skipped = events.next(RunEvent.RunSkipped.class);
        assertEquals("no backup in the catalog yet: nothing to test-restore", skipped.reason());
        assertTrue(alerts.isEmpty(), "nothing ran, nothing alerts");
        assertTrue(catalog.lastRun(RunKind.VERIFY).isEmpty());
    }

    @Test
    void aVerifyMissedWhilePatinaWasClosedIsCaughtUpOnceAtStart() throws Exception {
        clock.set("2026-11-30T09:00:00Z"); // Monday: Sunday's 04:00 verify passed while Patina was not running
        scheduler(List.of("SELECT count(*) = 2 FROM users"));
        List<TriggerResult> caught = scheduler.checkOverdue();
        assertEquals(1, caught.size(), caught.toString());
        assertEquals(RunKind.VERIFY, caught.get(0).kind());
        RunEvent.RunCaughtUp said = events.next(RunEvent.RunCaughtUp.class);
        assertEquals(RunKind.VERIFY, said.kind());
        assertEquals(Instant.parse("2026-11-29T04:00:00Z"), said.fireTime(), "the missed fire time is named");
        RunEvent.RunFinished done = events.next(RunEvent.RunFinished.class);
        assertEquals("catch-up", done.report().trigger());
        assertTrue(((WorkResult.VerifyDone) done.result()).verdicts().get(0).ok());
        assertEquals(1, alerts.size());
        assertTrue(scheduler.checkOverdue().isEmpty(), "once: the verify it ran counts as the missed one");
        assertEquals(1, catalog.recentRuns(10).stream().filter(r -> r.kind() == RunKind.VERIFY).count());
    }
}
