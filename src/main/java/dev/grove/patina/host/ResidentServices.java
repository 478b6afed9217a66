package dev.grove.patina.host;

import dev.grove.patina.api.ApiServer;
import dev.grove.patina.api.HealthCheck;
import dev.grove.patina.api.HeartbeatPinger;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.schedule.Daemon;
import dev.grove.patina.schedule.SchedulerService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps running while Patina is up, wherever it runs (the console, with or without its window, and
 * {@code patina daemon}): the scheduler, the local HTTP API when {@code [api] enabled}, and the heartbeat when
 * {@code [api] heartbeat_url} is set. Started and stopped in one place so the console and the daemon serve the
 * same thing. The caller owns the runtime and closes it after {@link #stop}.
 */
public final class ResidentServices {
    private static final Logger LOG = LoggerFactory.getLogger(ResidentServices.class);
    /** How often the heartbeat URL is pinged while every database is healthy. */
    public static final Duration HEARTBEAT_EVERY = Duration.ofMinutes(5);

    private final Daemon daemon;
    private final ApiServer api;
    private final HeartbeatPinger heartbeat;

    private final String apiProblem;

    private ResidentServices(Daemon daemon, ApiServer api, HeartbeatPinger heartbeat, String apiProblem) {
        this.daemon = daemon;
        this.api = api;
        this.heartbeat = heartbeat;
        this.apiProblem = apiProblem;
    }

    /**
     * Starts the scheduler (cleaning up after a previous process), then the API and the heartbeat if configured.
     *
     * @throws IllegalStateException naming the address when the API cannot listen (nothing is left running)
     */
    public static ResidentServices start(PatinaRuntime rt) {
        return start(rt, true);
    }

    /**
     * As {@link #start(PatinaRuntime)}, but an API that cannot listen leaves the scheduler running (the console: the
     * schedule matters more than the API); {@link #apiProblem()} says why it is off.
     */
    public static ResidentServices startTolerant(PatinaRuntime rt) {
        return start(rt, false);
    }

    private static ResidentServices start(PatinaRuntime rt, boolean apiRequired) {
        Daemon daemon = Daemon.start(rt);
        ApiServer api = null;
        String apiProblem = null;
        if (rt.config().api().enabled()) {
            try {
                api = new ApiServer(rt, rt.runs(), daemon.scheduler(), rt.config().api(), rt.clock()).start();
            } catch (IOException | RuntimeException e) {
                apiProblem = "the API cannot listen on " + rt.config().api().bind() + ":" + rt.config().api().port()
                        + ": " + e.getMessage();
                if (apiRequired) {
                    daemon.stop(Duration.ofSeconds(5));
                    throw new ApiUnavailableException(apiProblem, e);
                }
                LOG.error("{}; running the schedule without it", apiProblem);
            }
        }
        HeartbeatPinger heartbeat = rt.config().api().heartbeatUrl().map(url -> new HeartbeatPinger(
                new HealthCheck(rt, daemon.scheduler()), URI.create(url.reveal()), HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10)).build(), rt.clock(), rt.heartbeatTurn()).start(HEARTBEAT_EVERY)).orElse(null);
        return new ResidentServices(daemon, api, heartbeat, apiProblem);
    }

    /** Why the API is off although enabled ({@link #startTolerant}), or null. */
    public String apiProblem() {
        return apiProblem;
    }

    /** The API is enabled but cannot listen (the port is taken, the address is not this machine's). */
    public static final class ApiUnavailableException extends IllegalStateException {
        ApiUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public SchedulerService scheduler() {
        return daemon.scheduler();
    }

    /** The port the API listens on, when it is enabled. */
    public Optional<Integer> apiPort() {
        return api == null ? Optional.empty() : Optional.of(api.port());
    }

    /**
     * Stops the heartbeat and the API, then the scheduler: running runs get {@code grace} to finish, then are
     * interrupted and marked interrupted. Idempotent.
     *
     * @return true when every run ended by itself within {@code grace}
     */
    public boolean stop(Duration grace) {
        if (heartbeat != null) {
            heartbeat.close();
        }
        if (api != null) {
            api.close();
        }
        boolean clean = daemon.stop(grace);
        LOG.info("resident services stopped{}", clean ? "" : " (a run was interrupted)");
        return clean;
    }
}
