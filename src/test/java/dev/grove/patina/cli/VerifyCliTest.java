package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.app.Services;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patina verify} as the operator runs it: the test restore of each database's latest backup with its own
 * {@code checks}, exit 1 naming a failed check, the alert, and {@code patina status} showing when each database was
 * last proven restorable — with a warning once that is older than {@code verify_max_age_days}.
 */
class VerifyCliTest {
    @TempDir
    Path dir;

    private HttpServer webhook;
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private Path config;

    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Result patina(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(all, new Services(Clock.systemUTC()), new ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        for (String name : List.of("shop", "blog")) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name + ".sqlite"));
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)");
                s.execute("INSERT INTO users VALUES (1, 'a@example.com')");
            }
        }
        config = dir.resolve("patina.toml");
        Files.writeString(config, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"
                checks = ["SELECT count(*) > 0 FROM users"]

                [[databases]]
                name = "blog"
                type = "sqlite"
                path = "%s"
                checks = ["SELECT count(*) >= 100 FROM users"]

                [schedule]
                verify_max_age_days = 3

                [alerts]
                webhook_url = "http://127.0.0.1:%d/hook"
                format = "generic"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), dir.resolve("shop.sqlite"), dir.resolve("blog.sqlite"),
                webhook.getAddress().getPort(), dir.resolve("data/catalog.sqlite")));
    }

    @AfterEach
    void tearDown() {
        webhook.stop(0);
    }

    @Test
    void aFailedCheckExitsOneNamingItAlertsAndStatusShowsTheProofAndItsAge() throws Exception {
        assertEquals(0, patina("backup", "-q", "--now", "2026-11-01T02:00:00Z").code());
        alerts.clear();

        Result verify = patina("verify", "--now", "2026-11-01T04:00:00Z");
        assertEquals(1, verify.code(), verify.all());
        assertTrue(verify.out().contains("FAILED check 0: SELECT count(*) >= 100 FROM users: returned 0"),
                verify.all());
        assertTrue(verify.out().contains("ok                 daily/2026-11-01/shop.sql — verified restorable, 6 "
                + "checks passed (restore, footer and catalog row counts, integrity_check ok, foreign_key_check ok, 1 of the "
                + "database's own checks)"), verify.all());
        assertTrue(verify.out().contains("verified 2 object(s): 1 ok, 1 failed"), verify.all());
        assertEquals(1, alerts.size(), alerts.toString());
        assertTrue(alerts.get(0).contains("\"kind\":\"verify\"") && alerts.get(0).contains("returned 0"),
                alerts.get(0));
        try (Stream<Path> left = Files.list(dir.resolve("data/tmp"))) {
            assertEquals(List.of(), left.toList(), "no scratch folder is left");
        }

        Result fresh = patina("status", "--now", "2026-11-02T04:00:00Z");
        assertTrue(fresh.out().matches("(?s).*\\n +last proven restorable 2026-11-01T04:00:00[.0-9]*Z \\(24\\.0 h "
                + "ago, 6 checks passed\\)\\n.*"), fresh.all());
        assertTrue(fresh.out().matches("(?s).*blog .*\\n  WARN +never proven restorable — run `patina verify`\\n.*"),
                fresh.all());
        assertTrue(fresh.out().contains("verify 2026-11-08T04:00:00Z"), "the next verify: " + fresh.all());

        Result old = patina("status", "--now", "2026-11-05T04:00:00Z");
        assertTrue(old.out().matches("(?s).*\\n  WARN +last proven restorable 2026-11-01T04:00:00[.0-9]*Z \\(4\\.0 days "
                + "ago, 6 checks passed\\) — WARNING: older than the 3-day policy.*"), old.all());

        Result one = patina("verify", "--db", "shop", "--now", "2026-11-05T04:00:00Z");
        assertEquals(0, one.code(), one.all());
        assertTrue(one.out().contains("verified 1 object(s): 1 ok, 0 failed"), one.all());
    }

    @Test
    void aCheckThatIsNotReadOnlyIsRefusedWhenTheConfigLoads() throws Exception {
        Files.writeString(config, Files.readString(config).replace("SELECT count(*) > 0 FROM users",
                "UPDATE users SET email = NULL"));
        Result r = patina("verify");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("databases[1].checks[0]: check 0 of database 'shop' ('UPDATE users SET email = "
                + "NULL') is not a SELECT"), r.all());
    }
}
