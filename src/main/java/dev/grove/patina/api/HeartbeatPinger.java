package dev.grove.patina.api;

import dev.grove.patina.app.HeartbeatTurn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dead man's switch: GETs a heartbeat URL (healthchecks.io, Better Uptime, Cronitor...) every {@code interval},
 * but only while {@link HealthCheck} says Patina is healthy, so the monitor alerts when the pings stop. The URL is
 * a secret (it is the credential of the check): it is never logged.
 *
 * <p>In a cluster every node runs a pinger, but only the node whose turn it is sends (issue 17: the heartbeat is
 * sent once per cluster): {@code turn} asks, at each tick, after the health check; an unhealthy node gives the turn
 * up and does not take it (ADR 0036), so one unhealthy node does not silence a cluster whose other nodes are fine.
 */
public final class HeartbeatPinger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPinger.class);

    private final HealthCheck health;
    private final URI url;
    private final HttpClient client;
    private final Clock clock;
    private final HeartbeatTurn turn;
    private ScheduledExecutorService timer;

    public HeartbeatPinger(HealthCheck health, URI url, HttpClient client, Clock clock) {
        this(health, url, client, clock, HeartbeatTurn.ALWAYS);
    }

    /**
     * A pinger that sends only while {@code turn} says so (in a cluster: the one node holding the heartbeat's turn).
     */
    public HeartbeatPinger(HealthCheck health, URI url, HttpClient client, Clock clock,
                           java.util.function.BooleanSupplier turn) {
        this(health, url, client, clock, new HeartbeatTurn() {
            @Override
            public boolean take() {
                return turn.getAsBoolean();
            }

            @Override
            public void giveUp() {
                // a turn asked of a supplier has nothing to give up
            }
        });
    }

    /**
     * A pinger that sends only while it holds {@code turn}, and gives the turn up while this process is unhealthy
     * (ADR 0036: in a cluster, a healthy node then takes it; no healthy node, no ping).
     */
    public HeartbeatPinger(HealthCheck health, URI url, HttpClient client, Clock clock, HeartbeatTurn turn) {
        String scheme = url.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("the heartbeat URL must be http(s)");
        }
        this.health = health;
        this.url = url;
        this.client = client;
        this.clock = clock;
        this.turn = turn;
    }

    /** What one {@link #pingOnce} did. */
    public enum Result { PINGED, SKIPPED_UNHEALTHY, FAILED, NOT_THIS_NODE }

    /**
     * Pings when healthy and this node's turn; never throws. The health comes first: an unhealthy node gives the turn
     * up if it holds it and never takes it (ADR 0036), so a healthy node of the cluster takes it at its next ping.
     */
    public Result pingOnce() {
        List<String> problems;
        try {
            problems = health.problems(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("heartbeat skipped: the health check failed: {}", e.getClass().getSimpleName());
            turn.giveUp();
            return Result.SKIPPED_UNHEALTHY;
        }
        if (!problems.isEmpty()) {
            LOG.info("heartbeat skipped: unhealthy ({})", problems.get(0));
            turn.giveUp(); // in a cluster, a healthy node takes the turn at its next ping
            return Result.SKIPPED_UNHEALTHY;
        }
        boolean mine;
        try {
            mine = turn.take();
        } catch (RuntimeException e) {
            LOG.warn("heartbeat skipped: cannot tell whose turn it is: {}", e.getClass().getSimpleName());
            return Result.NOT_THIS_NODE;
        }
        if (!mine) {
            LOG.debug("heartbeat: another node of the cluster sends it");
            return Result.NOT_THIS_NODE;
        }
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                return Result.PINGED;
            }
            LOG.warn("heartbeat answered HTTP {}", r.statusCode());
            return Result.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.FAILED;
        } catch (Exception e) {
            LOG.warn("heartbeat failed: {}", e.getClass().getSimpleName()); // the message may carry the URL
            return Result.FAILED;
        }
    }

    /** Pings now and then every {@code interval} on a daemon thread, until {@link #close}. */
    public synchronized HeartbeatPinger start(Duration interval) {
        if (timer != null) {
            throw new IllegalStateException("already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "patina-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::pingOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
