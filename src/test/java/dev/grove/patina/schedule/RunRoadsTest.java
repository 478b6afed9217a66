package dev.grove.patina.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.api.ApiServer;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.cli.PatinaCli;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import dev.grove.patina.ui.dashboard.CleanupDialogViewModel;
import dev.grove.patina.ui.dashboard.DashboardFixtures;
import dev.grove.patina.ui.dashboard.DashboardViewModel;
import dev.grove.patina.util.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every road that starts a run — cron, catch-up, console, tray, CLI, API — over a real SQLite workspace with a
 * local folder store and a real webhook server: the run goes through the one run service, shows up in the catalog
 * with its road's trigger, emits its events, and alerts on failure. Each run here fails on purpose (a nightly with
 * a database file gone, a weekly of a week without dailies, a cleanup over a store whose listing lost its dailies),
 * and alerts are configured for failures only, so the alert comes from the failure.
 */
class RunRoadsTest {
    private static final Instant SETUP = Instant.parse("2026-11-09T02:00:00Z");
    /** Monday: the last ended ISO week is 2026-W47 (16 to 22 November), which has no daily. */
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String TOKEN = "road-test-token";

    /** A road and what it records as the trigger. */
    enum Road {
        CRON(RunTrigger.SCHEDULE), CATCH_UP(RunTrigger.CATCH_UP), CONSOLE(RunTrigger.MANUAL),
        TRAY(RunTrigger.MANUAL), CLI(RunTrigger.CLI), API(RunTrigger.API);

        final String trigger;

        Road(String trigger) {
            this.trigger = trigger;
        }
    }

    @TempDir
    Path dir;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<String> alerts = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** Every road with every kind it can start (the tray only backs up all; a cleanup is never caught up). */
    static Stream<Arguments> roads() {
        List<Arguments> out = new ArrayList<>();
        for (Road road : Road.values()) {
            for (RunKind kind : List.of(RunKind.NIGHTLY, RunKind.WEEKLY, RunKind.CLEANUP)) {
                boolean exists = road != Road.TRAY || kind == RunKind.NIGHTLY;
                if (exists && (road != Road.CATCH_UP || kind != RunKind.CLEANUP)) {
                    out.add(Arguments.of(road, kind));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} starts a {1}")
    @MethodSource("roads")
    void everyRoadRunsThroughTheRunServiceIntoTheCatalogWithEventsAndAnAlert(Road road, RunKind kind)
            throws Exception {
        HttpServer webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hook", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        closing.add(() -> webhook.stop(0));
        Path config = UiFixtures.workspace(dir, List.of("alpha", "beta"), 50);
        Files.writeString(config, Files.readString(config) + "\n[schedule]\nnightly = \"0 0 2 * * ?\"\n"
                + "weekly = \"0 0 3 ? * SUN\"\ncleanup = \"0 0 4 * * ?\"\ntimezone = \"UTC\"\n\n"
                + "[retention]\ndaily_days = 7\nweekly_weeks = 4\n\n[alerts]\nformat = \"generic\"\n"
                + "webhook_url = \"http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook\"\n");
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(SETUP);
        PatinaRuntime runtime = UiFixtures.open(config, clock);
        closing.add(runtime);
        // two old dailies (not through a road: the backup service records, it never alerts)
        runtime.backups().runNightly(SETUP, RunTrigger.CLI, Set.of(), BackupProgress.NONE);
        clock.advance(Duration.ofDays(1));
        runtime.backups().runNightly(clock.instant(), RunTrigger.CLI, Set.of(), BackupProgress.NONE);
        clock.advance(Duration.between(clock.instant(), NOW));
        assertEquals(List.of(), alerts, "the backup service itself sends no alert");
        breakRun(kind, runtime);

        Events events = new Events();
        runtime.runs().addListener(events);
        String cliErr = start(road, kind, runtime, config, clock);

        RunSummary run = awaitRun(runtime, kind, road.trigger);
        assertNotEquals(RunStatus.OK, run.status(), "the run was broken on purpose: " + run);
        if (road == Road.CLI) {
            // another run service, in the command: its events are the progress lines it printed
            if (kind == RunKind.NIGHTLY) {
                assertTrue(cliErr.contains("backup: alpha ok") && cliErr.contains("backup: beta failed"), cliErr);
            }
        } else {
            RunEvent.RunStarted started = next(events, RunEvent.RunStarted.class, kind);
            assertEquals(road.trigger, started.job().trigger());
            if (kind == RunKind.NIGHTLY) {
                assertEquals(started.ticket(), next(events, RunEvent.RunProgressed.class, kind).ticket());
            }
            RunEvent.RunFinished finished = next(events, RunEvent.RunFinished.class, kind);
            assertEquals(started.ticket(), finished.ticket());
            assertEquals(run.id(), finished.report().runId());
        }
        String alert = awaitAlert(run.id());
        assertTrue(alert.contains("\"trigger\":\"" + road.trigger + "\""), alert);
        assertTrue(alert.contains("\"status\":\"" + run.status().id() + "\""), alert);
    }

    /** Makes the run of {@code kind} fail: a database gone, a week without dailies, a store that lost its list. */
    private void breakRun(RunKind kind, PatinaRuntime runtime) throws Exception {
        switch (kind) {
            case NIGHTLY -> Files.delete(dir.resolve("beta.sqlite"));
            case WEEKLY -> { } // 2026-W47 has no daily
            default -> {
                try (Stream<Path> files = Files.walk(dir.resolve("store").resolve("daily"))) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /** Starts a run of {@code kind} on {@code road}; returns what a CLI command printed on stderr. */
    private String start(Road road, RunKind kind, PatinaRuntime runtime, Path config,
                         UiFixtures.MovableClock clock) throws Exception {
        switch (road) {
            case CRON -> {
                SchedulerService scheduler = scheduler(runtime);
                Instant fire = switch (kind) {
                    case NIGHTLY -> Instant.parse("2026-11-23T02:00:00Z");
                    case WEEKLY -> Instant.parse("2026-11-22T03:00:00Z");
                    default -> Instant.parse("2026-11-23T04:00:00Z");
                };
                assertTrue(scheduler.fire(kind, fire).accepted()); // what Quartz's job does when the cron fires
            }
            case CATCH_UP -> assertTrue(scheduler(runtime).checkOverdue().stream().anyMatch(r -> r.kind() == kind));
            case CONSOLE, TRAY -> {
                DashboardViewModel dashboard = new DashboardViewModel(DashboardFixtures.sources(runtime),
                        new SyncUiExecutor());
                switch (kind) {
                    case NIGHTLY -> dashboard.backUpAll(); // the tray's "Back up all now" comes here too
                    case WEEKLY -> dashboard.runWeekly();
                    default -> {
                        CleanupDialogViewModel dialog = new CleanupDialogViewModel(runtime.runs(),
                                () -> runtime.cleanup().plan(new RetentionPolicy(7, 4), LocalDate.of(2026, 11, 23)),
                                new SyncUiExecutor(), (title, text, failed) -> { });
                        dialog.load();
                        assertTrue(dialog.removals() > 0, "the dialog shows a removal to confirm");
                        dialog.confirm();
                    }
                }
            }
            case CLI -> {
                StringWriter err = new StringWriter();
                PatinaCli.run(new String[] {kind.id().equals("nightly") ? "backup" : kind.id(), "--config",
                        config.toString(), "--now", NOW.toString()}, new Services(clock), new ByteArrayOutputStream(),
                        new PrintWriter(new StringWriter()), new PrintWriter(err));
                return err.toString();
            }
            default -> {
                ApiServer api = new ApiServer(runtime, runtime.runs(), null, new ApiConfig(true, "127.0.0.1", 0,
                        Optional.of(new Secret(TOKEN, "test"))), clock).start();
                closing.add(api);
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + api.port() + "/trigger")).header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"" + kind.id() + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(202, r.statusCode(), r.body());
            }
        }
        return "";
    }

    /** The next event of {@code type} about a run of {@code kind} (a catch-up may run the other kind beside it). */
    private static <T extends RunEvent> T next(Events events, Class<T> type, RunKind kind) throws Exception {
        while (true) {
            T e = events.next(type);
            if (e.kind() == kind) {
                return e;
            }
        }
    }

    private SchedulerService scheduler(PatinaRuntime runtime) {
        SchedulerService scheduler = new SchedulerService(runtime.config().schedule(), runtime.runs(),
                runtime.catalog(), runtime.clock());
        closing.add(() -> scheduler.shutdown(Duration.ofSeconds(20)));
        return scheduler;
    }

    private static RunSummary awaitRun(PatinaRuntime runtime, RunKind kind, String trigger) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RunSummary> run = runtime.catalog().recentRuns(20).stream()
                    .filter(r -> r.kind() == kind && r.trigger().equals(trigger) && r.status() != RunStatus.RUNNING)
                    .findFirst();
            if (run.isPresent()) {
                return run.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no ended " + kind.id() + " run with trigger " + trigger + ": "
                + runtime.catalog().recentRuns(20));
    }

    private String awaitAlert(String runId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> alert = alerts.stream().filter(a -> a.contains(runId)).findFirst();
            if (alert.isPresent()) {
                return alert.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no alert for run " + runId + " at the webhook; received: " + alerts);
    }
}
