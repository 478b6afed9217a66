package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.patina.backup.D1DifferentialReplay;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.source.d1.D1Client;
import dev.grove.patina.source.d1.D1Settings;
import dev.grove.patina.source.d1.D1Source;
import dev.grove.patina.source.d1.RateLimiter;
import dev.grove.patina.util.Secret;
import dev.grove.patina.util.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's 30-day replay on D1's own engine (ADR 0027): a {@code strategy = "differential"} D1 database in query
 * mode, changed through the REST API (the Worker over wrangler's local D1, which enforces foreign keys and fires
 * triggers as D1 does) — inserts, same-length updates, deletes, delete-then-reinsert of the same rowid, WITHOUT ROWID
 * key changes, blobs up to 150,000 bytes, a trigger-fed audit table, ON DELETE CASCADE children, FTS5, and schema
 * changes on day 12 and 20 that force a full. Every night's daily restores (full + differential) identical to the
 * file D1 holds that night, value by value. Prints what a full and a differential night asked of D1
 * ({@code D1Traffic}: requests, rows returned, rows D1 reports read), the figures docs/d1.md quotes.
 */
@Tag("compat")
class D1DifferentialCompatTest {
    private static final String TOKEN = "differential-test-token-27";

    @TempDir
    Path dir;

    @Test
    void thirtyNightsOfALocalD1DatabaseRestoreEveryNightExactly() throws Exception {
        CompatTools tools = CompatTools.load();
        LocalD1 d1 = new LocalD1(tools, dir.resolve("edge"), "edge");
        try (LocalD1Rest rest = LocalD1Rest.start(tools, d1, TOKEN, 0, 1)) {
            D1DatabaseConfig config = new D1DatabaseConfig("edge", LocalD1Rest.ACCOUNT_ID, LocalD1.DATABASE_ID,
                    new Secret(TOKEN, "env:CF_TOKEN"), rest.apiBase(), D1DatabaseConfig.MODE_QUERY, List.of(),
                    "differential");
            Clock clock = Clock.systemUTC();
            // no client-side wait: the replay sends far more than Cloudflare's 1,200 requests per 5 minutes
            D1Client reader = D1Client.create(config, new RateLimiter(100_000, 100_000, Duration.ofSeconds(1), clock,
                    Sleeper.system()), D1Settings.defaults(), clock);
            D1Client writer = D1Client.create(config, new RateLimiter(100_000, 100_000, Duration.ofSeconds(1), clock,
                    Sleeper.system()), D1Settings.defaults(), clock);
            D1Source source = new D1Source(config, reader, new Restorer(clock), Duration.ofSeconds(1));
            D1DifferentialReplay.Engine engine = new D1DifferentialReplay.Engine() {
                @Override
                public void execute(List<String> statements) {
                    writer.query(String.join(";\n", statements), List.of()); // one batch, atomic on D1
                }

                @Override
                public long queryLong(String sql) {
                    List<Map<String, JsonNode>> rows = writer.query(sql, List.of());
                    assertEquals(1, rows.size(), sql);
                    return rows.get(0).values().iterator().next().asLong();
                }

                @Override
                public Path held() throws Exception {
                    return d1.sqliteFile();
                }
            };
            long start = System.nanoTime();
            List<D1DifferentialReplay.Night> nights = D1DifferentialReplay.run(dir, "edge", source, engine,
                    () -> reader.traffic().counts(), 30, Set.of(12, 20));
            assertEquals(7, nights.stream().filter(D1DifferentialReplay.Night::full).count(),
                    "5 Mondays and the two schema changes");
            for (D1DifferentialReplay.Night n : nights) {
                assertTrue(n.traffic().rowsRead() >= n.traffic().rows() && n.traffic().rows() > 1000,
                        n.day() + ": every row is read, and D1 counts it: " + n.traffic().describe());
            }
            System.out.print("D1 differential replay, 30 nights in " + (System.nanoTime() - start) / 1_000_000
                    + " ms\n" + D1DifferentialReplay.describe(nights));
        }
    }
}
