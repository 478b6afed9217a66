package dev.grove.patina.source.d1;

import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.util.Secret;
import dev.grove.patina.util.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test clock that only moves when the recording sleeper "sleeps", and builders for clients of a fake D1. */
final class D1Fixtures {
    static final String ACCOUNT = "acc0123456789abcdef";
    static final String DATABASE = "db-7f3c";
    static final String TOKEN = "tok-SECRET-d1-4242";

    private D1Fixtures() {
    }

    /** Clock advanced by {@link #sleeper()}; the waits are recorded. */
    static final class FakeTime extends Clock {
        private volatile Instant now = Instant.parse("2026-11-28T02:00:00Z");
        final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        Sleeper sleeper() {
            return d -> {
                sleeps.add(d);
                now = now.plus(d);
            };
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static D1DatabaseConfig config(FakeD1Server server, String database, String token) {
        return config(server, database, token, D1DatabaseConfig.MODE_QUERY);
    }

    static D1DatabaseConfig config(FakeD1Server server, String database, String token, String mode) {
        return new D1DatabaseConfig("shop", ACCOUNT, database, new Secret(token, "env:CF_TOKEN"), server.apiBase(),
                mode);
    }

    static D1Client client(D1DatabaseConfig config, FakeTime time, D1Settings settings) {
        return new D1Client(new D1Transport(config, HttpClient.newHttpClient(), time, time.sleeper(),
                RateLimiter.cloudflareDefault(time, time.sleeper()), settings));
    }

    static D1Source source(FakeD1Server server, FakeTime time, int pageRows) {
        D1DatabaseConfig config = config(server, DATABASE, TOKEN);
        return new D1Source(config, client(config, time, D1Settings.defaults().withPageRows(pageRows)),
                new Restorer(time), Duration.ofSeconds(1));
    }
}
