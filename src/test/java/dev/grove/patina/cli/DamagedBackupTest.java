package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * RELIABILITY 12 and 26, issue 12 item 2, through the real CLI, catalog, planner and a folder store where one byte of
 * the newest daily was flipped: before the fix, retention counted the damaged newest daily as the "newest good" one,
 * kept it by safety and removed the older intact one — leaving no restorable copy — and {@code status} called the
 * damaged copy "last good". Now: verify records the damage (and alerts), status names it and no longer calls it good,
 * a download says "damaged" with the key and what failed, and the cleanup keeps the newest intact daily by safety,
 * saying why — which then verifies and restores.
 */
class DamagedBackupTest {
    private static final String TODAY = "2026-11-20T12:00:00Z";

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

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, new Services(Clock.systemUTC()), new ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Result patina(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return run(all);
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
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000) "
                    + "INSERT INTO items (name) SELECT 'item ' || x || ' ' || hex(randomblob(16)) FROM n");
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

                [retention]
                daily_days = 3
                weekly_weeks = 4

                [compression]
                daily = "gzip"

                [alerts]
                webhook_url = "http://127.0.0.1:%d/hook"
                format = "generic"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), db, webhook.getAddress().getPort(),
                dir.resolve("data/catalog.sqlite")));
    }

    @AfterEach
    void tearDown() {
        webhook.stop(0);
    }

    @Test
    void aDamagedNewestDailyIsNeverCountedGoodAndTheIntactOneSurvivesTheCleanup() throws Exception {
        // the nightly worked on the 1st to the 5th, then failed for two weeks (the database's host was gone)
        for (int day = 1; day <= 5; day++) {
            Result r = patina("backup", "-q", "--now", "2026-11-0" + day + "T02:00:00Z");
            assertEquals(0, r.code(), r.all());
        }
        Path newest = dir.resolve("store/daily/2026-11-05/shop.sql.gz");
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x10; // one flipped bit, as a disk or a bucket may do
        Files.write(newest, bytes);
        alerts.clear();

        Result verify = patina("verify", "--now", TODAY);
        assertEquals(1, verify.code(), verify.all());
        assertTrue(verify.out().contains("CHECKSUM_MISMATCH") && verify.out().contains(
                "daily/2026-11-05/shop.sql.gz is damaged: checksum mismatch"), verify.all());
        assertTrue(verify.out().contains("1 object(s) DAMAGED or missing"), verify.all());
        assertEquals(1, alerts.size(), "the damage alerts: " + alerts);
        assertTrue(alerts.get(0).contains("\"kind\":\"verify\"") && alerts.get(0).contains("\"status\":\"failed\"")
                && alerts.get(0).contains("daily/2026-11-05/shop.sql.gz is damaged"), alerts.get(0));

        Result status = patina("status", "--now", TODAY);
        assertEquals(1, status.code(), status.all());
        assertTrue(status.out().contains("last good daily/2026-11-04/shop.sql.gz"), status.all());
        assertFalse(status.out().contains("last good daily/2026-11-05"), status.all());
        assertTrue(status.out().contains("DAMAGED  daily/2026-11-05/shop.sql.gz is damaged: checksum mismatch, its SHA-256 is"),
                status.all());

        Path out = dir.resolve("shop.sql");
        Result download = patina("download", "2026-11-05", "shop", "--decompress", "-q", "-o", out.toString());
        assertEquals(1, download.code(), download.all());
        assertTrue(download.all().contains("daily/2026-11-05/shop.sql.gz is damaged: checksum mismatch"),
                download.all());
        assertFalse(Files.exists(out), "nothing written under the requested name");

        Result cleanup = patina("cleanup", "--now", TODAY);
        assertEquals(0, cleanup.code(), cleanup.all());
        assertTrue(cleanup.out().contains("daily/2026-11-04/shop.sql.gz") && cleanup.out().contains(
                "kept by safety: newest good daily of shop, 2026-11-04") && cleanup.out().contains(
                "the newer daily 2026-11-05 is DAMAGED"), cleanup.all());
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            assertEquals(List.of("daily/2026-11-04/shop.sql.gz"), files.filter(Files::isRegularFile)
                    .map(f -> dir.resolve("store").relativize(f).toString().replace('\\', '/'))
                    .filter(k -> !k.contains("/.")).sorted().toList(), "the intact daily is what is left");
        }

        Result again = patina("verify", "--date", "2026-11-04", "--now", TODAY);
        assertEquals(0, again.code(), again.all());
        assertTrue(again.out().contains("integrity_check ok"), again.all());
    }
}
