package dev.grove.patina.bench;

import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.store.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What encryption costs the nightly (issue 14): {@code patina backup} of the 200 MiB benchmark database to S3Proxy
 * with zstd, without and with {@code [encryption]} to two X25519 recipients, alternating, whole commands.
 * Target: encryption adds ≤ 10% wall time.
 */
final class EncryptionBenchmark {
    private final BenchSupport bench;

    EncryptionBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run(int runs) throws Exception {
        Path db = bench.generate(200);
        List<BenchSupport.Measure> plain = new ArrayList<>();
        List<BenchSupport.Measure> encrypted = new ArrayList<>();
        Path s3dir = bench.work.resolve("s3-encryption");
        if (Files.exists(s3dir)) {
            try (var walk = Files.walk(s3dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (S3ProxyServer s3 = new S3ProxyServer(Files.createDirectories(s3dir))) {
            String bucket = s3.newBucket();
            Map<String, String> env = Map.of("PATINA_BENCH_SECRET", S3ProxyServer.SECRET_KEY,
                    "PATINA_HOME", bench.work.resolve("home").toString());
            String recipients = "recipients = [\"" + X25519Identity.generate(new SecureRandom()).recipient().encoded()
                    + "\", \"" + X25519Identity.generate(new SecureRandom()).recipient().encoded() + "\"]";
            List<String> off = command(config(s3, bucket, db, "plain", ""));
            List<String> on = command(config(s3, bucket, db, "age", "[encryption]\n" + recipients + "\n"));
            for (int i = 0; i < runs; i++) {
                BenchSupport.log("encryption run " + (i + 1) + "/" + runs);
                if (i % 2 == 0) {
                    plain.add(bench.exec(off, null, null, env));
                    encrypted.add(bench.exec(on, null, null, env));
                } else {
                    encrypted.add(bench.exec(on, null, null, env));
                    plain.add(bench.exec(off, null, null, env));
                }
            }
        }
        double p = BenchSupport.median(plain);
        double e = BenchSupport.median(encrypted);
        double added = (e - p) / p * 100;
        StringBuilder b = new StringBuilder();
        b.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores; S3Proxy on 127.0.0.1.\n\n");
        b.append("Command: `mvn -Pbench -DskipTests package -Dbench.only=encryption` (").append(runs)
                .append(" alternating runs each of `java -Xmx256m -jar target/patina.jar backup`, 200 MiB database, ")
                .append("zstd; encrypted: to two X25519 recipients, `.sql.zst.age`).\n\n");
        b.append("| measure | without encryption (median) | with encryption (median) | added | target | met |\n");
        b.append("|---|---|---|---|---|---|\n");
        b.append(String.format(Locale.ROOT, "| nightly backup, 200 MiB, zstd | %.2f s | %.2f s | %+.1f%% | ≤ 10%% | %s |%n",
                p, e, added, added <= 10 ? "yes" : "**no**"));
        b.append(String.format(Locale.ROOT, "%nRuns (s): without %s, with %s. Peak RSS: without %s, with %s.%n",
                BenchSupport.seconds(plain), BenchSupport.seconds(encrypted),
                BenchSupport.kibAsMib(plain.stream().mapToLong(BenchSupport.Measure::peakRssKb).max().orElse(0)),
                BenchSupport.kibAsMib(encrypted.stream().mapToLong(BenchSupport.Measure::peakRssKb).max().orElse(0))));
        bench.writeSection("encryption", "Encryption's cost on the nightly", b.toString());
        System.out.println(b);
    }

    private List<String> command(Path config) {
        return List.of(BenchSupport.java(), "-Xmx256m", "-jar", bench.jar.toString(), "backup", "--config",
                config.toString(), "--quiet");
    }

    private Path config(S3ProxyServer s3, String bucket, Path db, String name, String encryption) throws Exception {
        Path file = bench.work.resolve("encryption-" + name + ".toml");
        Files.writeString(file, """
                [store]
                type = "s3"
                endpoint = "%s"
                bucket = "%s"
                access_key_id = "%s"
                secret_access_key = "env:PATINA_BENCH_SECRET"
                prefix = "patina-%s/"

                [[databases]]
                name = "bench"
                type = "sqlite"
                path = "%s"

                [compression]
                daily = "zstd"

                [catalog]
                path = "%s"

                %s""".formatted(s3.endpoint(), bucket, S3ProxyServer.ACCESS_KEY, name, db,
                bench.work.resolve("catalog-encryption-" + name + ".sqlite"), encryption));
        return file;
    }
}
