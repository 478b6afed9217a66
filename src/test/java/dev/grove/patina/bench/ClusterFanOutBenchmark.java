package dev.grove.patina.bench;

import dev.grove.patina.schedule.cluster.ClusterPostgres;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.testing.ChildPatina;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster nightly fanned out (issue 17, ADR 0026): {@code bench.clusterDbs} (300) small SQLite databases backed
 * up to one S3 server (S3Proxy in this JVM) by 1 node and by 3 nodes ({@code patina daemon}s in separate JVMs, each
 * {@code concurrency = 2}) on the real PostgreSQL of {@code .ci/cluster/start-postgres.sh}. Measured: the nightly run's
 * length as the shared catalog records it (started to ended), so the daemons' start-up is left out. The two
 * configurations alternate, each on a fresh PostgreSQL database and bucket.
 */
final class ClusterFanOutBenchmark {
    private final BenchSupport bench;

    ClusterFanOutBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run(int runs, int databases) throws Exception {
        Path work = Files.createTempDirectory("patina-bench-cluster");
        String dbs = databases(work, databases);
        Map<Integer, List<Double>> seconds = new TreeMap<>();
        Map<Integer, List<String>> spread = new TreeMap<>();
        try (S3ProxyServer s3 = new S3ProxyServer()) {
            for (int r = 0; r < runs; r++) {
                for (int nodes : new int[] {1, 3}) {
                    double s = night(work.resolve("run-" + r + "-" + nodes), s3, dbs, nodes, spread);
                    seconds.computeIfAbsent(nodes, k -> new ArrayList<>()).add(s);
                    System.out.printf("cluster fan-out: %d node(s), %d databases: %.2f s%n", nodes, databases, s);
                }
            }
        }
        double one = median(seconds.get(1));
        double three = median(seconds.get(3));
        String cores = String.valueOf(Runtime.getRuntime().availableProcessors());
        String body = "Command: `bash .ci/cluster/start-postgres.sh && mvn -Pbench -DskipTests package "
                + "-Dbench.only=cluster -Dbench.runs=" + runs + "` (measured " + java.time.Instant.now().truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS) + ", " + cores + " cores, a machine shared with other jobs: "
                + "noisy). " + databases + " small SQLite databases (one table, two rows), one S3Proxy, `patina "
                + "daemon`s in separate JVMs with `concurrency = 2` each, PostgreSQL 15 on the same machine. The "
                + "nightly's length as the catalog records it; medians of " + runs + " runs, 1 and 3 nodes "
                + "alternating.\n\n"
                + "| nodes | runs (s) | median (s) | vs 1 node |\n|---|---|---|---|\n"
                + "| 1 | " + list(seconds.get(1)) + " | " + "%.2f".formatted(one) + " | 1.00× |\n"
                + "| 3 | " + list(seconds.get(3)) + " | " + "%.2f".formatted(three) + " | "
                + "%.2f× faster".formatted(one / three) + " |\n\n"
                + "Parts per node (3 nodes): " + String.join("; ", spread.getOrDefault(3, List.of())) + ".\n\n"
                + "All the nodes share the same " + cores + " cores, the S3 server and PostgreSQL: three nodes add "
                + "backup threads (6 against 2), not processors, so the ratio is bounded by the machine and says "
                + "little about three servers. With these tiny databases the machine's cores are the limit (three JVMs, "
                + "PostgreSQL and S3Proxy share them), so the gain here is small or none; the fan-out pays where "
                + "the nodes are separate machines or a part waits on a remote database or store.\n";
        System.out.print(body);
        bench.writeSection("cluster-fanout", "Cluster nightly fan-out: 1 node vs 3 nodes", body);
    }

    private static String databases(Path work, int count) throws Exception {
        Path folder = Files.createDirectories(work.resolve("dbs"));
        StringBuilder toml = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String name = "db%03d".formatted(i);
            Path file = folder.resolve(name + ".sqlite");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
                s.execute("INSERT INTO items (name) VALUES ('" + name + "-a'), ('" + name + "-b')");
            }
            toml.append("[[databases]]\nname = \"").append(name).append("\"\ntype = \"sqlite\"\npath = \"")
                    .append(file).append("\"\n\n");
        }
        return toml.toString();
    }

    /** One night on a fresh PostgreSQL database and bucket; the run's length in seconds. */
    private static double night(Path dir, S3ProxyServer s3, String dbs, int count, Map<Integer, List<String>> spread)
            throws Exception {
        List<ChildPatina> nodes = new ArrayList<>();
        try (ClusterPostgres pg = ClusterPostgres.fromEnvFile()) {
            pg.createDatabase();
            String bucket = s3.newBucket();
            ZonedDateTime fire = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30);
            String cron = "%d %d %d * * ?".formatted(fire.getSecond(), fire.getMinute(), fire.getHour());
            Map<String, String> env = Map.of(ClusterPostgres.PASSWORD_ENV, pg.password(), "PATINA_TEST_SECRET",
                    S3ProxyServer.SECRET_KEY, "PATINA_HOME", dir.resolve("home").toString());
            for (int i = 1; i <= count; i++) {
                String node = "node-" + i;
                Path home = Files.createDirectories(dir.resolve(node));
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
                        nightly = "%s"
                        cleanup = "0 0 4 * * ?"
                        timezone = "UTC"
                        concurrency = 2

                        [catalog]
                        path = "%s"

                        %s""".formatted(s3.endpoint(), bucket, S3ProxyServer.ACCESS_KEY, dbs, cron,
                        home.resolve("catalog.sqlite"), pg.clusterTable(node)));
                nodes.add(ChildPatina.start(home, env, "daemon", "--config", config.toString()));
            }
            long deadline = System.nanoTime() + 240_000_000_000L;
            while (true) {
                try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT ended_at - started_at, status FROM patina_cluster.runs WHERE kind = 'nightly' "
                                + "AND status <> 'running'")) {
                    if (rs.next()) {
                        if (!"ok".equals(rs.getString(2))) {
                            throw new IllegalStateException("the nightly ended " + rs.getString(2));
                        }
                        double took = rs.getLong(1) / 1000.0;
                        try (ResultSet by = c.createStatement().executeQuery("SELECT substring(message from "
                                + "'ran on node (\\S+)') AS node, count(*) FROM patina_cluster.run_log WHERE message "
                                + "LIKE '%: ran on node %' GROUP BY 1 ORDER BY 1")) {
                            List<String> parts = new ArrayList<>();
                            while (by.next()) {
                                parts.add(by.getString(1) + " " + by.getLong(2));
                            }
                            spread.computeIfAbsent(count, k -> new ArrayList<>()).add(String.join(", ", parts));
                        }
                        return took;
                    }
                } catch (java.sql.SQLException notYet) {
                    // the schema is not there before the first node migrated it
                }
                for (ChildPatina n : nodes) {
                    if (!n.isAlive()) {
                        throw new IllegalStateException("a node ended:\n" + n.output());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no nightly within 240 s:\n" + nodes.get(0).output());
                }
                Thread.sleep(250);
            }
        } finally {
            for (ChildPatina n : nodes) {
                if (n.isAlive()) {
                    n.kill();
                }
            }
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String list(List<Double> xs) {
        return String.join(", ", xs.stream().map("%.2f"::formatted).toList());
    }
}
