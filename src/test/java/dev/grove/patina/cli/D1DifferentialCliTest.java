package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.dump.ShopDatabase;
import dev.grove.patina.source.d1.FakeD1Server;
import dev.grove.patina.testing.DatabaseComparator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strategy = "differential"} on a D1 database in query mode, from the command line (ADR 0027): the runtime
 * gives it the differential policy, so Monday's {@code patina backup} is a full with its row manifest and Tuesday's a
 * differential read through the D1 REST pages; {@code download --combined} restores Tuesday's database exactly.
 */
class D1DifferentialCliTest {
    private static final String TOKEN = "tok-d1-differential-27";

    @TempDir
    Path dir;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, new Services(Clock.systemUTC()), new java.io.ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out + "\n" + err};
    }

    @Test
    void aD1DatabaseInQueryModeGetsAFullThenADifferential() throws Exception {
        Path d1File = ShopDatabase.create(dir.resolve("d1.sqlite"));
        try (FakeD1Server server = new FakeD1Server(d1File, "acc0123", "db-7f3c", TOKEN)) {
            String cfg = Files.writeString(dir.resolve("patina.toml"), """
                    [store]
                    type = "local"
                    path = "%s"

                    [[databases]]
                    name = "edge"
                    type = "d1"
                    account_id = "acc0123"
                    database_id = "db-7f3c"
                    api_token = "%s"
                    api_base = "%s"
                    strategy = "differential"

                    [compression]
                    daily = "gzip"

                    [catalog]
                    path = "%s"
                    """.formatted(dir.resolve("store"), TOKEN, server.apiBase(),
                    dir.resolve("data/catalog.sqlite"))).toString();
            String[] monday = run("backup", "--config", cfg, "--now", "2026-11-23T02:00:00Z", "--quiet");
            assertEquals("0", monday[0], monday[1]);
            assertTrue(monday[1].contains("daily/2026-11-23/edge.sql.gz"), monday[1]);
            assertTrue(Files.isRegularFile(dir.resolve("data/manifests/edge.manifest")), "the full's row manifest");

            ShopDatabase.mutate(d1File);
            Path tuesdayDb = dir.resolve("tuesday.db");
            Files.copy(d1File, tuesdayDb);
            String[] tuesday = run("backup", "--config", cfg, "--now", "2026-11-24T02:00:00Z", "--quiet");
            assertEquals("0", tuesday[0], tuesday[1]);
            assertTrue(tuesday[1].contains("daily/2026-11-24/edge.diff.sql.gz"), "a differential: " + tuesday[1]);

            Path combined = dir.resolve("combined.sql");
            String[] d = run("download", "--config", cfg, "2026-11-24", "edge", "--combined", "-o",
                    combined.toString(), "--quiet");
            assertEquals("0", d[0], d[1]);
            String[] restore = run("restore", combined.toString(), dir.resolve("back.db").toString(), "--quiet");
            assertEquals("0", restore[0], restore[1]);
            // D1 can neither read nor set user_version / application_id (docs/d1.md): a D1 backup carries 0
            assertEquals(java.util.List.of(), DatabaseComparator.differences(tuesdayDb, dir.resolve("back.db"),
                    java.util.Set.of("user_version", "application_id")));
        }
    }
}
