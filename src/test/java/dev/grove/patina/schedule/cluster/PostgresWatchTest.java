package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.alert.WebhookNotifier;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.util.Secret;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL watch's rule (issue 17): one alert per outage once it has lasted longer than the threshold, a
 * recovery note after it, none for an outage shorter than the threshold; probes of a lost server back off from 0.5 s
 * to 5 s. The alerts go to a real webhook over HTTP; the probe answers as the test says; the clock is the test's.
 */
class PostgresWatchTest {
    private HttpServer hook;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final Clock[] clock = {null};
    private Instant now = Instant.parse("2026-12-06T02:00:00Z");
    private volatile String down;

    @BeforeEach
    void webhook() throws Exception {
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        clock[0] = new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }

    @AfterEach
    void stop() {
        hook.stop(0);
    }

    private PostgresWatch watch() {
        WebhookNotifier notifier = new WebhookNotifier(new Secret("http://127.0.0.1:" + hook.getAddress().getPort()
                + "/hook", "env:HOOK"), AlertFormat.GENERIC, false, java.net.http.HttpClient.newHttpClient(), clock[0]);
        return new PostgresWatch("db.internal:5432", "backup-1", () -> {
            if (down != null) {
                throw new SQLException(down);
            }
        }, notifier, clock[0], Duration.ofSeconds(60));
    }

    private void after(Duration d) {
        now = now.plus(d);
    }

    @Test
    void oneAlertPerOutageLongerThanTheThresholdAndOneRecoveryNote() {
        PostgresWatch w = watch();
        assertEquals(PostgresWatch.EVERY, w.tick());
        assertFalse(w.lost());

        down = "Connection to db.internal:5432 refused";
        List<Duration> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) { // 40 failed probes over ~3 minutes
            waits.add(w.tick());
            after(Duration.ofSeconds(5));
        }
        assertTrue(w.lost());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5)), waits.subList(0, 6),
                "backing off from 0.5 s to 5 s");
        assertEquals(1, bodies.size(), "one alert for the outage, not one per probe: " + bodies);
        assertTrue(bodies.get(0).contains("\"notice\":\"postgres-lost\""), bodies.get(0));
        assertTrue(bodies.get(0).contains("db.internal:5432"), bodies.get(0));
        assertTrue(bodies.get(0).contains("backup-1"), bodies.get(0));
        assertTrue(bodies.get(0).contains("for 60 s"), "sent once the threshold passed: " + bodies.get(0));

        down = null;
        assertEquals(PostgresWatch.EVERY, w.tick());
        assertFalse(w.lost());
        w.tick();
        assertEquals(2, bodies.size(), bodies.toString());
        assertTrue(bodies.get(1).contains("\"notice\":\"postgres-back\""), bodies.get(1));
        assertTrue(bodies.get(1).contains("after 200 s"), bodies.get(1));

        // a second outage is a second alert
        down = "FATAL: database \"patina\" is not currently accepting connections";
        for (int i = 0; i < 15; i++) {
            w.tick();
            after(Duration.ofSeconds(5));
        }
        down = null;
        w.tick();
        assertEquals(4, bodies.size(), bodies.toString());
        assertTrue(bodies.get(2).contains("not currently accepting connections"), bodies.get(2));
    }

    @Test
    void anOutageShorterThanTheThresholdIsNotAlerted() {
        PostgresWatch w = watch();
        down = "Connection refused";
        for (int i = 0; i < 5; i++) {
            w.tick();
            after(Duration.ofSeconds(10));
        }
        down = null;
        w.tick();
        assertFalse(w.lost());
        assertEquals(List.of(), bodies, "50 s lost, threshold 60 s: no alert, no note");
    }
}
