package dev.grove.patina.cli;

import dev.grove.patina.api.ApiServer;
import dev.grove.patina.app.LogSetup;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.schedule.Daemon;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "daemon", mixinStandardHelpOptions = true, description = {
        "Runs the schedule without a window until stopped (SIGTERM or Ctrl-C): the nightly, the weekly archive and "
                + "the retention cleanup on their crons, one catch-up of a missed run at start and after the machine "
                + "slept; serves the local HTTP API when [api] enabled = true.",
        "Needs a config: it never creates the demo workspace (a service that forgot --config fails instead).",
        "Logs to <catalog folder>/logs/patina.log (daily files, 14 kept). On stop it waits up to --grace seconds "
                + "for a running backup, then interrupts it; unfinished runs are marked interrupted.",
        "Example: patina daemon --config /etc/patina/patina.toml"})
final class DaemonCommand extends PatinaCommand {
    static final int KEEP_LOG_DAYS = 14;

    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long a stop waits for running backups (default: ${DEFAULT-VALUE}).")
    int graceSeconds;

    DaemonCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = err();
        PatinaRuntime rt = runtime.openExisting(services, err);
        Path log = LogSetup.addDailyFile(rt.config().catalog().path().toAbsolutePath().getParent().resolve("logs"),
                KEEP_LOG_DAYS);
        Daemon daemon;
        try {
            daemon = Daemon.start(rt);
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        ApiServer api = null;
        if (rt.config().api().enabled()) {
            try {
                api = new ApiServer(rt, daemon.scheduler(), rt.config().api(), rt.clock()).start();
            } catch (java.io.IOException | RuntimeException e) {
                daemon.stop(Duration.ofSeconds(graceSeconds));
                rt.close();
                throw new IllegalStateException("the API cannot listen on " + rt.config().api().bind() + ":"
                        + rt.config().api().port() + ": " + e.getMessage(), e);
            }
            out().println("patina daemon: API on http://" + rt.config().api().bind() + ":" + api.port() + "/");
        }
        dev.grove.patina.api.HeartbeatPinger heartbeat = rt.config().api().heartbeatUrl().map(url ->
                new dev.grove.patina.api.HeartbeatPinger(new dev.grove.patina.api.HealthCheck(rt, daemon.scheduler()),
                        java.net.URI.create(url.reveal()), java.net.http.HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10)).build(), rt.clock())
                        .start(Duration.ofMinutes(5))).orElse(null);
        ApiServer listening = api;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (heartbeat != null) {
                    heartbeat.close();
                }
                if (listening != null) {
                    listening.close();
                }
                daemon.stop(Duration.ofSeconds(graceSeconds));
                rt.close();
            } finally {
                stopped.countDown();
            }
        }, "patina-shutdown"));
        StringBuilder next = new StringBuilder();
        daemon.scheduler().nextFireTimes().forEach((kind, at) -> next.append(next.length() == 0 ? "" : ", ")
                .append(kind.id()).append(' ').append(at));
        out().println("patina daemon: running (log " + log + "); next runs: " + next);
        out().flush();
        stopped.await();
        return 0;
    }
}
