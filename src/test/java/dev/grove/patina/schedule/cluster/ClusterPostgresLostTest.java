package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.source.d1.FakeD1Server;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.testing.ChildPatina;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's fault rule: PostgreSQL lost mid-run. One {@code patina daemon} (its own JVM) on a real PostgreSQL whose
 * test database is made to refuse connections, every session on it ended ({@link ClusterPostgres#refuseConnections}),
 * first in the middle of a fanned-out nightly — one part held at a D1 gate, the others done — and then while the
 * daemon is idle. The daemon stays up, says once that it lost PostgreSQL (host:port, no password) and once that it is
 * back, alerts once per outage through a real webhook (and sends a recovery note), retries the catalog writes of the
 * part that finished during the outage and finishes the run once PostgreSQL is back: one run, ok, each database
 * uploaded exactly once (counted per key at S3Proxy).
 */
@Tag("cluster")
class ClusterPostgresLostTest {
    private static final String LOST = "lost the cluster's PostgreSQL at ";
    private static final String BACK = "the cluster's PostgreSQL at ";

    @TempDir
    Path dir;

    private ClusterPostgres pg;
    private S3ProxyServer s3;
    private HttpServer hook;
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private ChildPatina node;

    @BeforeEach
    void servers() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        s3 = new S3ProxyServer();
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            alerts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null && node.isAlive()) {
            node.kill();
        }
        hook.stop(0);
        s3.close();
        pg.allowConnections();
        pg.close();
    }

    private String sqlite(String name) throws SQLException {
        Path file = dir.resolve(name + ".sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO items (name) VALUES ('a'), ('b')");
        }
        return "[[databases]]\nname = \"%s\"\ntype = \"sqlite\"\npath = \"%s\"\n\n".formatted(name, file);
    }

    private long count(String sql) {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the schema may not be there yet
        }
    }

    private long lines(String start) throws IOException {
        String all = node.stdout() + node.stderr();
        return all.lines().filter(l -> l.contains(start + pg.hostPort())
                && (start.equals(LOST) || l.contains(" is back"))).count();
    }

    private List<String> notices(String kind) {
        return alerts.stream().filter(a -> a.contains("\"notice\":\"" + kind + "\"")).toList();
    }

    @Test
    void aDaemonThatLosesPostgresMidNightStaysUpRetriesAlertsOnceAndBacksUpEachDatabaseOnce() throws Exception {
        Path d1File = dir.resolve("edge.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + d1File); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            s.execute("INSERT INTO notes (body) VALUES ('one'), ('two')");
        }
        try (FakeD1Server d1 = new FakeD1Server(d1File, "acc0123", "db-7f3c", "tok-d1-test");
             D1Gate gate = new D1Gate(d1.apiBase())) {
            String dbs = sqlite("shop") + sqlite("blog") + sqlite("crm") + """
                    [[databases]]
                    name = "edge"
                    type = "d1"
                    account_id = "acc0123"
                    database_id = "db-7f3c"
                    api_token = "env:PATINA_D1_TOKEN"
                    api_base = "%s"
                    """.formatted(gate.apiBase());
            ZonedDateTime fire = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(15);
            Path home = dir.resolve("node-1");
            Files.createDirectories(home);
            Path config = home.resolve("patina.toml");
            Files.writeString(config, """
                    [store]
                    type = "s3"
                    endpoint = "%s"
                    bucket = "%s"
                    access_key_id = "%s"
                    secret_access_key = "env:PATINA_TEST_SECRET"

                    %s
                    [schedule]
                    nightly = "%d %d %d * * ?"
                    cleanup = "0 0 4 * * ?"
                    timezone = "UTC"
                    concurrency = 2

                    [alerts]
                    webhook_url = "http://127.0.0.1:%d/hook"
                    format = "generic"

                    [catalog]
                    path = "%s"

                    %s""".formatted(s3.endpoint(), s3.newBucket(), S3ProxyServer.ACCESS_KEY, dbs, fire.getSecond(),
                    fire.getMinute(), fire.getHour(), hook.getAddress().getPort(), home.resolve("catalog.sqlite"),
                    pg.clusterTable("node-1")));
            node = ChildPatina.start(home, Map.of(ClusterPostgres.PASSWORD_ENV, pg.password(), "PATINA_TEST_SECRET",
                    S3ProxyServer.SECRET_KEY, "PATINA_D1_TOKEN", "tok-d1-test", "PATINA_HOME",
                    dir.resolve("home").toString(), "PATINA_PG_OUTAGE_ALERT_AFTER", "3"), "daemon", "--config",
                    config.toString());

            // mid-night: the three SQLite parts done, edge's part held at the D1 gate
            node.awaitWhileAlive("edge's part holding at the D1 gate, the other parts done", 90,
                    () -> !gate.arrivals().isEmpty() && count("SELECT count(*) FROM patina_cluster.database_results")
                            >= 3);
            pg.refuseConnections();
            gate.open(); // edge's dump and upload go on; its catalog records meet a PostgreSQL that is gone
            node.awaitWhileAlive("edge uploaded while PostgreSQL is lost", 30, () -> s3.completedUploads().keySet()
                    .stream().anyMatch(k -> k.contains("edge")));
            node.awaitWhileAlive("one alert that PostgreSQL is lost", 30, () -> !notices("postgres-lost").isEmpty());
            Thread.sleep(3000); // retries go on: still one alert, one log line
            assertTrue(node.isAlive(), node.output());
            assertEquals(1, notices("postgres-lost").size(), alerts.toString());
            assertTrue(notices("postgres-lost").get(0).contains(pg.hostPort()), alerts.toString());
            assertEquals(1, lines(LOST), node.output());
            assertEquals(0, lines(BACK), node.output());

            pg.allowConnections();
            node.awaitWhileAlive("the nightly recorded ok once PostgreSQL is back", 90, () -> count(
                    "SELECT count(*) FROM patina_cluster.runs WHERE kind = 'nightly' AND status = 'ok'") == 1);
            node.awaitWhileAlive("the recovery note", 30, () -> !notices("postgres-back").isEmpty());
            assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs"), "one run, no second copy");
            assertEquals(4, count("SELECT count(*) FROM patina_cluster.database_results WHERE status = 'ok'"));
            assertEquals(4, count("SELECT count(*) FROM patina_cluster.objects WHERE kind = 'daily'"));
            Map<String, Integer> uploads = new TreeMap<>();
            s3.completedUploads().forEach((k, n) -> {
                if (k.contains("daily/")) {
                    uploads.put(k, n);
                }
            });
            assertEquals(4, uploads.size(), uploads.toString());
            uploads.forEach((k, n) -> assertEquals(1, n, k + " uploaded " + n + " times"));
            assertEquals(1, lines(LOST), node.output());
            assertEquals(1, lines(BACK), node.output());
            assertEquals(1, notices("postgres-lost").size(), alerts.toString());
            assertEquals(1, notices("postgres-back").size(), alerts.toString());

            // idle: lost and back again, the daemon still up, one more line and alert each
            pg.refuseConnections();
            node.awaitWhileAlive("a second alert while idle", 30, () -> notices("postgres-lost").size() == 2);
            pg.allowConnections();
            node.awaitWhileAlive("a second recovery note", 30, () -> notices("postgres-back").size() == 2);
            assertTrue(node.isAlive());
            assertEquals(2, lines(LOST), node.output());
            assertEquals(2, lines(BACK), node.output());
            assertFalse(node.output().contains(pg.password()), "the password never in the log");
            // what the daemon said over both outages, by logger (Quartz's and Hikari's own lines included)
            Map<String, Integer> said = new TreeMap<>();
            node.stderr().lines().filter(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ (WARN|ERROR) .*"))
                    .forEach(l -> said.merge(l.split("\\s+")[1] + " " + l.split("\\s+")[2], 1, Integer::sum));
            System.out.println("postgres lost twice (mid-night, then idle): the daemon's WARN/ERROR lines by logger: "
                    + said);
        }
    }
}
