package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.host.InstanceLock;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.ui.UiFixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether the console runs the schedule, without a toolkit: it serves the local API like the daemon, yields to a
 * daemon that holds the catalog, shows an open console instead of starting twice, and keeps the schedule when the
 * API port is taken. Real lock files, sockets and HTTP.
 */
class ResidencyTest {
    @TempDir
    Path dir;

    private PatinaRuntime open(int apiPort) throws Exception {
        Path config = UiFixtures.workspace(dir, List.of("shop"), 50);
        if (apiPort > 0) {
            Files.writeString(config, Files.readString(config) + "\n[api]\nenabled = true\nbind = \"127.0.0.1\"\n"
                    + "port = " + apiPort + "\ntoken = \"env:PATINA_TEST_API_TOKEN\"\n");
        }
        PatinaConfig cfg = new ConfigLoader(Map.of("PATINA_TEST_API_TOKEN", "t0k3n-for-tests")::get,
                dir.resolve("data"), name -> Optional.empty()).load(config);
        return PatinaRuntime.open(cfg, new Services(Clock.systemUTC()));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theConsoleServesTheApiWhileItRunsTheSchedule() throws Exception {
        int port = freePort();
        try (PatinaRuntime rt = open(port)) {
            Residency residency = Residency.take(rt);
            try {
                assertTrue(residency.runsSchedule());
                SchedulerService scheduler = residency.start(rt);
                assertTrue(scheduler.isRunning());
                assertEquals(Optional.of(port), residency.apiPort());
                assertNull(residency.apiProblem());
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/status")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
                assertTrue(health.body().contains("\"shop\""), health.body());
            } finally {
                assertTrue(residency.stop(Duration.ofSeconds(10)));
            }
            assertThrows(java.net.ConnectException.class, () -> HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()), "the API stopped with the console");
        }
    }

    @Test
    void aTakenApiPortLeavesTheScheduleRunningAndSaysWhy() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             PatinaRuntime rt = open(taken.getLocalPort())) {
            Residency residency = Residency.take(rt);
            try {
                assertTrue(residency.start(rt).isRunning(), "the schedule matters more than the API");
                assertEquals(Optional.empty(), residency.apiPort());
                assertTrue(residency.apiProblem().startsWith("the API cannot listen on 127.0.0.1:"
                        + taken.getLocalPort()), residency.apiProblem());
            } finally {
                residency.stop(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void withADaemonHoldingTheCatalogTheConsoleOnlyShowsAndTriggers() throws Exception {
        try (PatinaRuntime rt = open(0)) {
            Path folder = rt.config().catalog().path().toAbsolutePath().getParent();
            try (InstanceLock daemon = InstanceLock.tryAcquire(folder, InstanceLock.Role.DAEMON).orElseThrow()) {
                Residency residency = Residency.take(rt);
                assertFalse(residency.runsSchedule());
                assertEquals("patina daemon (pid " + ProcessHandle.current().pid() + ")", residency.runBy());
                assertEquals(Optional.empty(), residency.scheduler());
                assertThrows(IllegalStateException.class, () -> residency.start(rt));
                assertTrue(residency.stop(Duration.ofSeconds(1)), "nothing to stop");
                assertEquals(InstanceLock.Role.DAEMON, InstanceLock.holder(folder).orElseThrow().role(),
                        "the daemon's lock is untouched");
            }
        }
    }

    @Test
    void aSecondConsoleShowsTheFirstInsteadOfStartingTwice() throws Exception {
        try (PatinaRuntime rt = open(0)) {
            Residency first = Residency.take(rt);
            int[] shown = {0};
            try {
                first.start(rt);
                first.listenForActivation(() -> shown[0]++, rt.runs());
                Residency.AlreadyOpenException e = assertThrows(Residency.AlreadyOpenException.class,
                        () -> Residency.take(rt));
                assertEquals("Patina is already open (pid " + ProcessHandle.current().pid()
                        + "): its window was brought to the front", e.getMessage());
                assertEquals(1, shown[0]);
                assertEquals(Optional.of("Patina is already open (pid " + ProcessHandle.current().pid()
                        + "): its window was brought to the front"), new ConsoleStartup(rt.config().file(),
                        Clock.systemUTC(), dev.grove.patina.app.AppDirs.current(), true, false).showRunningConsole());
            } finally {
                first.stop(Duration.ofSeconds(10));
            }
            assertEquals(Optional.empty(), InstanceLock.holder(rt.config().catalog().path().toAbsolutePath()
                    .getParent()));
        }
    }
}
