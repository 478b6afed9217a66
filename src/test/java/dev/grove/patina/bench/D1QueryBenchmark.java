package dev.grove.patina.bench;

import dev.grove.patina.compat.CompatTools;
import dev.grove.patina.compat.LocalD1;
import dev.grove.patina.compat.LocalD1Rest;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.d1.D1Settings;
import dev.grove.patina.source.d1.D1Source;
import dev.grove.patina.source.d1.RateLimiter;
import dev.grove.patina.util.Secret;
import dev.grove.patina.util.Sleeper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * D1 query mode against {@code wrangler d1 export --local}, side by side in one run: the benchmark database
 * ({@code make_bench_db.py OUT MB}) put in place as a local D1 database's file, exported by wrangler, and read by
 * Patina's query mode (in-process {@link D1Source} + {@link SqlDumpWriter} into a file) through the REST shapes over
 * the same local engine ({@link LocalD1Rest}, started before the timing). Needs the compat tools
 * ({@code source ~/.cache/patina-compat/tools.env}).
 */
final class D1QueryBenchmark {
    private static final String TOKEN = "bench-d1-token";

    private final BenchSupport bench;

    D1QueryBenchmark(BenchSupport bench) {
        this.bench = bench;
    }

    void run(int runs, int mb) throws Exception {
        CompatTools tools = CompatTools.load();
        Path source = bench.generate(mb);
        Path dir = bench.work.resolve("d1-" + mb);
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        LocalD1 d1 = new LocalD1(tools, dir, "bench");
        LocalD1.Result made = d1.command("SELECT 1");
        if (!made.ok()) {
            throw new IllegalStateException("wrangler could not create the local D1 database:\n" + made.output());
        }
        Path file = d1.sqliteFile();
        Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(Path.of(file + "-wal"));
        Files.deleteIfExists(Path.of(file + "-shm"));
        List<BenchSupport.Measure> wrangler = new ArrayList<>();
        List<BenchSupport.Measure> patina = new ArrayList<>();
        long dumpBytes = 0;
        for (int run = 0; run < runs; run++) {
            Path exported = dir.resolve("wrangler-export.sql");
            long start = System.nanoTime();
            LocalD1.Result r = d1.export(exported);
            double s = (System.nanoTime() - start) / 1e9;
            if (!r.ok()) {
                throw new IllegalStateException("wrangler d1 export failed:\n" + r.output());
            }
            BenchSupport.log(String.format(Locale.ROOT, "  wrangler d1 export --local  %7.2f s", s));
            wrangler.add(new BenchSupport.Measure(s, 0));
            try (LocalD1Rest rest = LocalD1Rest.start(tools, d1, TOKEN, 0, 1)) {
                D1DatabaseConfig config = new D1DatabaseConfig("bench", LocalD1Rest.ACCOUNT_ID, LocalD1.DATABASE_ID,
                        new Secret(TOKEN, "env:CF_TOKEN"), rest.apiBase(), D1DatabaseConfig.MODE_QUERY);
                Clock clock = Clock.systemUTC();
                D1Source d1Source = D1Source.create(config, RateLimiter.cloudflareDefault(clock, Sleeper.system()),
                        D1Settings.defaults(), clock, new Restorer(clock));
                Path dump = dir.resolve("patina-query.sql");
                start = System.nanoTime();
                try (DumpSnapshot snapshot = d1Source.openSnapshot(); OutputStream out = Files.newOutputStream(dump)) {
                    new SqlDumpWriter(clock, "bench").write(snapshot, DumpOptions.all("bench", DumpDialect.SQLITE),
                            out, DumpProgress.NONE);
                }
                s = (System.nanoTime() - start) / 1e9;
                dumpBytes = Files.size(dump);
                BenchSupport.log(String.format(Locale.ROOT, "  patina query mode            %7.2f s  %s",
                        s, d1Source.client().traffic().counts().describe()));
                patina.add(new BenchSupport.Measure(s, 0));
            }
        }
        double w = BenchSupport.median(wrangler);
        double p = BenchSupport.median(patina);
        bench.summarize("D1 backup (query mode), " + mb + " MiB, REST shapes over the local D1 engine",
                "`wrangler d1 export --local`", w, p, 2.0);
        bench.writeSection("d1", "D1 query mode vs wrangler d1 export --local", String.format(Locale.ROOT, """
                Command: `source ~/.cache/patina-compat/tools.env; mvn -o -Pbench -DskipTests package -Dbench.only=d1 \
                -Dbench.d1Mb=%d` (measured %s; %d runs each, alternating; the machine was shared with other builds).
                Database: `make_bench_db.py OUT %d` placed as a local D1 database's file; Patina reads it through the REST
                shapes over the local engine (`LocalD1Rest`), in-process, dump written to a file (%s).

                | reader | median | runs |
                |---|---|---|
                | `wrangler d1 export --local` (anchor) | %.2f s | %s |
                | Patina query mode | %.2f s | %s |

                Ratio Patina / wrangler: **%.2f×** (target ≤ 2×).
                """, mb, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), runs, mb,
                BenchSupport.mib(dumpBytes), w, BenchSupport.seconds(wrangler), p, BenchSupport.seconds(patina), p / w));
    }
}
