package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.app.ConnectionChecks;
import dev.grove.patina.app.Services;
import dev.grove.patina.cli.PatinaCli;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.RestoreGuard;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.TableShape;
import dev.grove.patina.source.d1.D1ApiException;
import dev.grove.patina.source.d1.D1Client;
import dev.grove.patina.source.d1.D1Importer;
import dev.grove.patina.source.d1.D1Settings;
import dev.grove.patina.source.d1.D1Source;
import dev.grove.patina.source.d1.RateLimiter;
import dev.grove.patina.util.Sleeper;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.testing.AwkwardDatabase;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.util.Secret;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly of a D1 database as the CLI runs it ({@code patina backup} with a {@code type = "d1"} database whose
 * {@code api_base} is the Worker over D1's own engine, a 429 every few requests), restored with {@code patina
 * restore}: identical to the database D1 holds, value by value (typeof and bytes), schema, rowids, sqlite_sequence
 * and FTS5 — on the awkward corpus plus {@link AdversarialD1Sql}. Also the Settings' connection test on the engine,
 * and what D1's JSON loses that query mode does not.
 */
@Tag("compat")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class D1BackupCompatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "backup-test-token-19c4";
    private static final int RATE_LIMIT_EVERY = 25;

    private Path tmp;
    private CompatTools tools;
    private LocalD1 d1;
    private LocalD1Rest rest;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        tools = CompatTools.load();
        d1 = new LocalD1(tools, dir.resolve("edge"), "edge");
        // the test corpus, loaded the way a user moves a SQLite database to D1: a Patina dump, wrangler execute
        Path awkward = AwkwardDatabase.create(dir.resolve("awkward.sqlite"));
        Path dump = dir.resolve("awkward.sql");
        try (var snapshot = new SqliteFileSource("awkward", awkward).openSnapshot();
                OutputStream out = Files.newOutputStream(dump)) {
            new SqlDumpWriter(Clock.systemUTC(), "compat").write(snapshot, DumpOptions.all("awkward", DumpDialect.D1),
                    out, DumpProgress.NONE);
        }
        LocalD1.Result corpus = d1.executeFile(dump);
        assertTrue(corpus.ok(), corpus.output());
        Path adversarial = Files.writeString(dir.resolve("adversarial.sql"), AdversarialD1Sql.build());
        LocalD1.Result loaded = d1.executeFile(adversarial);
        assertTrue(loaded.ok(), loaded.output());
        rest = LocalD1Rest.start(tools, d1, TOKEN, RATE_LIMIT_EVERY, 1);
    }

    @AfterAll
    void stop() {
        if (rest != null) {
            rest.close();
        }
    }

    record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, new Services(Clock.systemUTC()), new ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Path config(String token) throws Exception {
        Path secret = tmp.resolve("d1-token-" + token.length());
        Files.writeString(secret, token);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path config = tmp.resolve("patina.toml");
        Files.writeString(config, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "edge"
                type = "d1"
                account_id = "%s"
                database_id = "%s"
                api_token = "file:%s"
                api_base = "%s"

                [catalog]
                path = "%s"
                """.formatted(tmp.resolve("store"), LocalD1Rest.ACCOUNT_ID, LocalD1.DATABASE_ID, secret,
                rest.apiBase(), tmp.resolve("catalog.sqlite")), StandardCharsets.UTF_8);
        return config;
    }

    @Test
    void aNightlyOfD1RestoresIdenticalToWhatD1Holds() throws Exception {
        LocalD1Rest.Stats before = rest.stats();
        Run backup = cli("backup", "--config", config(TOKEN).toString(), "--quiet");
        assertEquals(0, backup.code(), backup.out() + backup.err() + "\n--- wrangler\n" + rest.log());
        LocalD1Rest.Stats after = rest.stats();
        assertTrue(after.rateLimited() > before.rateLimited(),
                "some requests were answered 429 and retried: " + before + " → " + after);
        assertFalse(backup.out().contains(TOKEN) || backup.err().contains(TOKEN));

        Path dump;
        try (Stream<Path> files = Files.walk(tmp.resolve("store"))) {
            dump = files.filter(f -> f.getFileName().toString().equals("edge.sql")).findFirst().orElseThrow();
        }
        String header = Files.readAllLines(dump, StandardCharsets.UTF_8).get(2);
        assertTrue(header.contains("\"sqliteVersion\":\"unknown (D1 refuses sqlite_version())\""), header);

        Path restored = tmp.resolve("restored.sqlite");
        Run restore = cli("restore", dump.toString(), restored.toString(), "--quiet");
        assertEquals(0, restore.code(), restore.out() + restore.err());

        Path held = d1.sqliteFile();
        assertOnD1(held);
        List<String> differences = DatabaseComparator.differences(held, restored);
        assertEquals(List.of(), differences, "restored from D1 through the REST API vs the file D1 holds");

        // and back into D1: import-d1 calls the nightly importable, and D1's engine loads it identically
        D1DatabaseConfig target = new D1DatabaseConfig("edge", LocalD1Rest.ACCOUNT_ID, LocalD1.DATABASE_ID,
                new Secret(TOKEN, "env:CF_TOKEN"), rest.apiBase(), D1DatabaseConfig.MODE_QUERY);
        D1Importer importer = new D1Importer(D1Client.create(target, RateLimiter.cloudflareDefault(Clock.systemUTC(),
                Sleeper.system()), D1Settings.defaults(), Clock.systemUTC()), new RestoreGuard(), "edge",
                tmp.resolve("import-work"));
        try (D1Importer.PreparedImport check = importer.check(dump)) {
            assertTrue(check.tables().contains("adv_values"), check.tables().toString());
        }
        LocalD1 again = new LocalD1(tools, tmp.resolve("edge-again"), "edge-again");
        LocalD1.Result loaded = again.executeFile(dump);
        assertTrue(loaded.ok(), loaded.output());
        assertEquals(List.of(), DatabaseComparator.differences(held, again.sqliteFile()),
                "D1 → patina backup → wrangler d1 execute --file → D1: the same database");
        System.out.println("nightly of D1 through REST: " + (after.requests() - before.requests()) + " requests, "
                + (after.rateLimited() - before.rateLimited()) + " answered 429 and retried");
    }

    /** The values really are on D1 as written (so the comparison above compares something). */
    private static void assertOnD1(Path held) throws Exception {
        java.util.Map<String, String> values = heldValues(held);
        assertEquals("real 8000000000000000", values.get(AdversarialD1Sql.NEG_ZERO), "-0.0 keeps its sign on D1");
        assertEquals("real 7ff0000000000000", values.get(AdversarialD1Sql.POS_INF));
        assertEquals("integer 39303037313939323534373430393933", values.get(AdversarialD1Sql.TWO_POW_53_PLUS_1));
        assertEquals("text C328FF", values.get(AdversarialD1Sql.INVALID_UTF8));
        assertEquals("text 610062", values.get(AdversarialD1Sql.NUL_TEXT));
        assertEquals("blob ".length() + 315_000 * 2, values.get("blob.past_statement_limit").length(), "a 315,000-byte blob");
    }

    /** label → typeof and exact value (REAL as its IEEE bits, others as hex(v)) of adv_values in a SQLite file. */
    private static java.util.Map<String, String> heldValues(Path file) throws Exception {
        java.util.Map<String, String> held = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro", props());
                ResultSet rs = c.createStatement().executeQuery("SELECT label, typeof(v), hex(v), v FROM adv_values")) {
            while (rs.next()) {
                held.put(rs.getString(1), rs.getString(2).equals("real")
                        ? "real " + Long.toHexString(Double.doubleToRawLongBits(rs.getDouble(4)))
                        : rs.getString(2) + " " + rs.getString(3));
            }
        }
        return held;
    }

    private static java.util.Properties props() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("open_mode", "1"); // read-only
        return p;
    }

    @Test
    void everyNthRequestIsAnswered429WithRetryAfter() throws Exception {
        String body = "{\"sql\":\"SELECT 1\"}";
        HttpResponse<String> limited = null;
        int sent = 0;
        while (sent < RATE_LIMIT_EVERY && (limited == null || limited.statusCode() != 429)) {
            limited = rest.post("raw", TOKEN, body);
            sent++;
        }
        assertEquals(429, limited.statusCode(), "no 429 in " + sent + " requests");
        assertEquals("1", limited.headers().firstValue("Retry-After").orElse(null));
        JsonNode envelope = JSON.readTree(limited.body());
        assertFalse(envelope.path("success").asBoolean());
        assertEquals(971, envelope.path("errors").get(0).path("code").asInt(), limited.body());
        assertEquals(200, rest.post("raw", TOKEN, body).statusCode(), "the next one is answered");
    }

    /** Settings › Test connection for a D1 database, as the editor runs it, against D1's engine. */
    @Test
    void theConnectionTestWorksOnD1AndNamesARefusedToken() throws Exception {
        D1DatabaseConfig good = new D1DatabaseConfig("edge", LocalD1Rest.ACCOUNT_ID, LocalD1.DATABASE_ID,
                new Secret(TOKEN, "env:CF_TOKEN"), rest.apiBase(), D1DatabaseConfig.MODE_QUERY);
        String said = ConnectionChecks.database(good, Clock.systemUTC());
        assertTrue(said.startsWith("ok — ") && said.contains("tables in D1 database " + LocalD1.DATABASE_ID), said);

        D1DatabaseConfig bad = new D1DatabaseConfig("edge", LocalD1Rest.ACCOUNT_ID, LocalD1.DATABASE_ID,
                new Secret("not-the-token", "env:CF_TOKEN"), rest.apiBase(), D1DatabaseConfig.MODE_QUERY);
        D1ApiException e = assertThrows(D1ApiException.class, () -> ConnectionChecks.database(bad, Clock.systemUTC()));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("refused the API token") && !e.getMessage().contains("not-the-token"),
                e.getMessage());
    }

    /**
     * What D1's REST JSON does to values read plainly (recorded in docs/d1.md), next to what query mode reads: the
     * dump of the same rows holds them exactly.
     */
    @Test
    void d1sJsonLosesValuesThatQueryModeKeeps() throws Exception {
        String sql = "SELECT label, v FROM adv_values WHERE label IN ('int.2^53+1', 'int.max', 'real.neg_zero',"
                + " 'real.pos_inf', 'real.neg_inf', 'text.invalid_utf8', 'text.nul_middle', 'blob.utf8_bytes',"
                + " 'real.min_subnormal') ORDER BY label";
        HttpResponse<String> r = null;
        for (int attempt = 0; attempt < 3 && (r == null || r.statusCode() == 429); attempt++) {
            r = rest.post("raw", TOKEN, JSON.writeValueAsString(JSON.createObjectNode().put("sql", sql)));
        }
        assertEquals(200, r.statusCode(), r.body());
        StringBuilder plain = new StringBuilder();
        for (JsonNode row : JSON.readTree(r.body()).path("result").get(0).path("results").path("rows")) {
            plain.append(row.get(0).asText()).append(" → ").append(row.get(1).toString()).append('\n');
        }
        System.out.println("D1's JSON, read plainly:\n" + plain);
        assertEquals("""
                blob.utf8_bytes → [195,169]
                int.2^53+1 → 9007199254740992
                int.max → 9223372036854776000
                real.min_subnormal → 4.9E-324
                real.neg_inf → null
                real.neg_zero → 0
                real.pos_inf → null
                text.invalid_utf8 → "\uFFFD(\uFFFD"
                text.nul_middle → "a\\u0000b"
                """, plain.toString(), "D1's JSON numbers are doubles (2^53+1 and int64 max round; -0.0 loses its"
                + " sign; ±Inf become null), invalid UTF-8 is replaced, blobs come as byte arrays");

        // query mode, through the same API: every value of adv_values exact (typeof + bytes) against D1's file
        D1DatabaseConfig config = new D1DatabaseConfig("edge", LocalD1Rest.ACCOUNT_ID, LocalD1.DATABASE_ID,
                new Secret(TOKEN, "env:CF_TOKEN"), rest.apiBase(), D1DatabaseConfig.MODE_QUERY);
        java.util.Map<String, String> read = new java.util.TreeMap<>();
        try (var snapshot = D1Source.create(config, RateLimiter.cloudflareDefault(Clock.systemUTC(), Sleeper.system()),
                D1Settings.defaults(), Clock.systemUTC(), new Restorer(Clock.systemUTC())).openSnapshot()) {
            TableShape shape = snapshot.describe("adv_values");
            int label = shape.dumpColumns().indexOf("label");
            int v = shape.dumpColumns().indexOf("v");
            try (RowCursor rows = snapshot.rows(shape)) {
                while (rows.next()) {
                    read.put(rows.getText(label), typeAndHex(rows, v));
                }
            }
        }
        java.util.Map<String, String> held = heldValues(d1.sqliteFile());
        assertTrue(held.size() > 140, "labels: " + held.size());
        assertEquals(held, read, "query mode reads every value exactly");
    }

    private static String typeAndHex(RowCursor rows, int i) throws Exception {
        HexFormat hex = HexFormat.of().withUpperCase();
        return switch (rows.type(i)) {
            case NULL -> "null ";
            case INTEGER -> "integer " + hex.formatHex(Long.toString(rows.getLong(i)).getBytes(StandardCharsets.US_ASCII));
            case REAL -> "real " + Long.toHexString(Double.doubleToRawLongBits(rows.getDouble(i)));
            case TEXT -> "text " + hex.formatHex(rows.getTextBytes(i));
            case BLOB -> "blob " + hex.formatHex(rows.getBlob(i));
        };
    }
}
