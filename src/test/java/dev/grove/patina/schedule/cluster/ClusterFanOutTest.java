package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.testing.ChildPatina;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster nightly fanned out (issue 17, ADR 0026): three {@code patina daemon}s in separate JVMs on one real
 * PostgreSQL, {@value #DATABASES} small SQLite databases, one S3 server (S3Proxy, in this JVM, counting each upload
 * it completes per key — a second upload of a key would overwrite it and hide itself from a listing). The nightly is
 * one run in the shared catalog, whose per-database parts ran on more than one node, each database exactly once.
 */
@Tag("cluster")
class ClusterFanOutTest {
    /** The 300 databases: a 3-node nightly of them takes ~15–25 s here (2 cores, three JVMs). */
    private static final int DATABASES = 300;
    private static final Pattern RAN_ON = Pattern.compile("^(.+): ran on node (\\S+)");

    @TempDir
    Path dir;

    private ClusterPostgres pg;
    private S3ProxyServer s3;
    private final List<ChildPatina> nodes = new ArrayList<>();

    @BeforeEach
    void servers() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        s3 = new S3ProxyServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (ChildPatina n : nodes) {
            if (n.isAlive()) {
                n.kill();
            }
        }
        s3.close();
        pg.close();
    }

    private String databases() throws Exception {
        StringBuilder toml = new StringBuilder();
        Files.createDirectories(dir.resolve("dbs"));
        for (int i = 0; i < DATABASES; i++) {
            String name = "db%03d".formatted(i);
            Path file = dir.resolve("dbs").resolve(name + ".sqlite");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
                s.execute("INSERT INTO items (name) VALUES ('" + name + "-a'), ('" + name + "-b')");
            }
            toml.append("[[databases]]\nname = \"").append(name).append("\"\ntype = \"sqlite\"\npath = \"")
                    .append(file).append("\"\n\n");
        }
        return toml.toString();
    }

    private Path config(String node, String bucket, String cron, String databases) throws Exception {
        Path home = dir.resolve(node);
        Files.createDirectories(home);
        Path file = home.resolve("patina.toml");
        Files.writeString(file, """
                [store]
                type = "s3"
                endpoint = "%s"
                bucket = "%s"
                access_key_id = "%s"
                secret_access_key = "env:PATINA_TEST_SECRET"

                %s
                [schedule]
                nightly = "%s"
                cleanup = "0 0 4 * * ?"
                timezone = "UTC"
                concurrency = 2

                [catalog]
                path = "%s"

                %s""".formatted(s3.endpoint(), bucket, S3ProxyServer.ACCESS_KEY, databases, cron,
                home.resolve("catalog.sqlite"), pg.clusterTable(node)));
        return file;
    }

    /** The rows of {@code sql}'s two columns, first → second. */
    private Map<String, String> pairs(String sql) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private long count(String sql) {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the schema may not be there yet
        }
    }

    /** Waits (polling every 200 ms) until {@code state} holds; fails when a node died or time ran out. */
    private void await(String what, int seconds, BooleanSupplier state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!state.getAsBoolean()) {
            for (ChildPatina n : nodes) {
                if (!n.isAlive()) {
                    fail("a node ended before " + what + ":\n" + n.output());
                }
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + seconds + " s:\n" + nodes.get(0).output());
            }
            Thread.sleep(200);
        }
    }

    /** Three daemons of one cluster, their nightly firing once, {@code lead} seconds from now. */
    private void startThreeNodes(int lead) throws Exception {
        String bucket = s3.newBucket();
        String dbs = databases();
        // one fire, about when the three JVMs are up (a node up later still takes parts from the queue)
        ZonedDateTime fire = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(lead);
        String cron = "%d %d %d * * ?".formatted(fire.getSecond(), fire.getMinute(), fire.getHour());
        Map<String, String> env = Map.of(ClusterPostgres.PASSWORD_ENV, pg.password(), "PATINA_TEST_SECRET",
                S3ProxyServer.SECRET_KEY, "PATINA_HOME", dir.resolve("home").toString());
        for (String node : List.of("node-1", "node-2", "node-3")) {
            nodes.add(ChildPatina.start(dir.resolve(node), env, "daemon", "--config",
                    config(node, bucket, cron, dbs).toString()));
        }
        await("three daemons running", 90, () -> nodes.stream().allMatch(n -> {
            try {
                return n.stdout().contains("patina daemon: running");
            } catch (java.io.IOException e) {
                return false;
            }
        }));
    }

    /** Each daily key's uploads as the S3 server completed them. */
    private Map<String, Integer> dailyUploads() {
        Map<String, Integer> uploads = new TreeMap<>();
        s3.completedUploads().forEach((key, n) -> {
            if (key.contains("daily/")) {
                uploads.put(key, n);
            }
        });
        return uploads;
    }

    @Test
    void threeNodesShareOneNightlyAndBackUpEachDatabaseExactlyOnce() throws Exception {
        startThreeNodes(25);
        await("the nightly run ended", 150, () -> count("SELECT count(*) FROM patina_cluster.runs "
                + "WHERE kind = 'nightly' AND status <> 'running'") >= 1);

        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'nightly'"),
                "one run in the catalog, whichever nodes did its parts");
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'nightly' AND status = 'ok'"),
                "the run ended ok");
        assertEquals(DATABASES, count("SELECT count(*) FROM patina_cluster.database_results d JOIN "
                + "patina_cluster.runs r ON r.id = d.run_id WHERE r.kind = 'nightly' AND d.status = 'ok'"),
                "one ok outcome per database in the run");
        assertEquals(DATABASES, count("SELECT count(*) FROM patina_cluster.objects WHERE kind = 'daily'"),
                "one catalog entry per database");
        assertEquals(DATABASES, count("SELECT count(DISTINCT database) FROM patina_cluster.objects "
                + "WHERE kind = 'daily'"));

        Map<String, Integer> uploads = dailyUploads();
        assertEquals(DATABASES, uploads.size(), "a daily object per database: " + uploads.keySet());
        uploads.forEach((key, n) -> assertEquals(1, n, key + " was uploaded " + n + " times"));

        Map<String, String> nodeOf = new TreeMap<>();
        Map<String, Integer> perNode = new TreeMap<>();
        long seconds;
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT message FROM patina_cluster.run_log")) {
                while (rs.next()) {
                    Matcher m = RAN_ON.matcher(rs.getString(1));
                    if (m.find()) {
                        String before = nodeOf.put(m.group(1), m.group(2));
                        assertEquals(null, before, m.group(1) + " ran twice: on " + before + " and " + m.group(2));
                        perNode.merge(m.group(2), 1, Integer::sum);
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT ended_at - started_at FROM patina_cluster.runs")) {
                rs.next();
                seconds = rs.getLong(1) / 1000;
            }
        }
        assertEquals(DATABASES, nodeOf.size(), "every database's part names the node that ran it");
        // the same in the catalog's columns (ADR 0034): each outcome's node, the run's node is the firing node
        assertEquals(nodeOf, pairs("SELECT database, node FROM patina_cluster.database_results"));
        assertEquals(0, count("SELECT count(*) FROM patina_cluster.database_results WHERE recovered <> 0"));
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs r JOIN patina_cluster.patina_fires f "
                + "ON f.node = r.node WHERE r.kind = 'nightly' AND f.kind = 'nightly' AND r.recovered = 0"),
                "the run names the node that fired it");
        assertTrue(perNode.size() > 1, "the parts ran on more than one node: " + perNode);
        System.out.println("cluster fan-out: " + DATABASES + " databases, one nightly run of " + seconds
                + " s, parts by node " + perNode);
    }

    @Test
    void theNodeThatFiredKilledMidNightStillBacksUpEachDatabaseExactlyOnce() throws Exception {
        startThreeNodes(20);
        await("a third of the night done", 120, () -> count("SELECT count(*) FROM patina_cluster.database_results")
                >= DATABASES / 3);
        String fired;
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT node FROM patina_cluster.patina_fires WHERE kind = 'nightly' ORDER BY id LIMIT 1")) {
            assertTrue(rs.next());
            fired = rs.getString(1);
        }
        ChildPatina victim = nodes.get(Integer.parseInt(fired.substring("node-".length())) - 1);
        victim.kill(); // kill -9: its run, its parts in flight and its uploads end here
        long doneAtKill = count("SELECT count(*) FROM patina_cluster.database_results");
        nodes.remove(victim);
        assertTrue(doneAtKill < DATABASES, "killed mid-night: " + doneAtKill + " of " + DATABASES + " done");

        await("the recovered run ended ok", 150, () -> count("SELECT count(*) FROM patina_cluster.runs "
                + "WHERE kind = 'nightly' AND status = 'ok'") >= 1);
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'nightly' "
                + "AND status = 'interrupted'"), "the killed node's run, marked interrupted by the recovery");
        assertEquals(DATABASES, count("SELECT count(*) FROM patina_cluster.database_results d JOIN "
                + "patina_cluster.runs r ON r.id = d.run_id WHERE r.status = 'ok' AND d.status = 'ok'"),
                "the recovered run has every database ok");
        assertEquals(DATABASES, count("SELECT count(*) FROM patina_cluster.objects WHERE kind = 'daily'"),
                "one catalog entry per database");
        Map<String, Integer> uploads = dailyUploads();
        assertEquals(DATABASES, uploads.size(), "a daily object per database");
        uploads.forEach((key, n) -> assertEquals(1, n, key + " was uploaded " + n + " times"));
        assertTrue(count("SELECT count(*) FROM patina_cluster.patina_fires WHERE kind = 'nightly' AND recovering "
                + "AND outcome = 'finished ok'") == 1, "the recovered fire is recorded");
        // and in the catalog (ADR 0034): the killed node's run names it; the recovered run names the node that
        // recovered the fire and says it was recovered
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'nightly' AND status = "
                + "'interrupted' AND node = '" + fired + "' AND recovered = 0"), "the killed node's run names it");
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs r JOIN patina_cluster.patina_fires f ON "
                + "f.node = r.node AND f.recovering WHERE r.kind = 'nightly' AND r.status = 'ok' AND r.recovered = 1 "
                + "AND f.kind = 'nightly' AND r.node <> '" + fired + "'"), "the recovered run names its node");
        assertEquals(0, count("SELECT count(*) FROM patina_cluster.database_results WHERE node IS NULL"),
                "every outcome names the node that recorded it");
        long skipped = count("SELECT count(*) FROM patina_cluster.run_log WHERE message LIKE "
                + "'%: already stored tonight as %'");
        long adopted = count("SELECT count(*) FROM patina_cluster.run_log WHERE message LIKE "
                + "'%but not recorded it: recorded now%'");
        System.out.println("cluster fan-out, " + fired + " (it fired the run) killed with " + doneAtKill + " of "
                + DATABASES + " done: each database uploaded once; " + skipped + " parts found their database "
                + "stored tonight and " + adopted + " found it in the store only: none uploaded again");
    }
}
