package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpException;
import dev.grove.patina.dump.RestoreGuard;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.d1.D1Client;
import dev.grove.patina.source.d1.D1Importer;
import dev.grove.patina.source.d1.D1Settings;
import dev.grove.patina.source.d1.D1Transport;
import dev.grove.patina.source.d1.RateLimiter;
import dev.grove.patina.util.Sleeper;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.testing.AwkwardDatabase;
import dev.grove.patina.util.Secret;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * D1's own engine (wrangler's local D1 in workerd) behind the REST shapes of the Worker in
 * {@code src/test/compat/d1-rest-worker/}: the envelopes Patina reads, and what D1's SQL authorizer allows and refuses
 * of everything Patina sends or might send — the list in docs/d1.md comes from {@link #whatD1Allows()}'s output. And
 * {@code import-d1}'s check agrees with the engine: what it calls importable loads, what it refuses the engine refuses.
 */
@Tag("compat")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class D1EngineCompatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "engine-test-token-7a51";

    private Path tmp;
    private CompatTools tools;
    private LocalD1 d1;
    private LocalD1Rest rest;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        tools = CompatTools.load();
        d1 = new LocalD1(tools, tmp.resolve("engine"), "engine");
        LocalD1.Result made = d1.command("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a, b BLOB); "
                + "INSERT INTO t (a, b) VALUES (42, X'00FF'), (1.5, NULL), ('x', X''); CREATE INDEX t_a ON t(a);"
                + "CREATE VIRTUAL TABLE ft USING fts5(body); INSERT INTO ft VALUES ('hello world')");
        assertTrue(made.ok(), made.output());
        rest = LocalD1Rest.start(tools, d1, TOKEN, 0, 1);
    }

    @AfterAll
    void stop() {
        if (rest != null) {
            rest.close();
        }
    }

    private JsonNode post(String endpoint, String sql, String... params) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("sql", sql);
        var p = body.putArray("params");
        for (String s : params) {
            p.add(s);
        }
        HttpResponse<String> r = rest.post(endpoint, TOKEN, JSON.writeValueAsString(body));
        JsonNode json = JSON.readTree(r.body());
        ((ObjectNode) json).put("_status", r.statusCode());
        return json;
    }

    @Test
    void rawAndQueryAnswerInCloudflaresEnvelopesWithD1sValues() throws Exception {
        JsonNode raw = post("raw", "SELECT id, a, b, typeof(a) AS ta FROM t ORDER BY id");
        assertEquals(200, raw.path("_status").asInt(), raw.toString());
        assertTrue(raw.path("success").asBoolean() && raw.path("errors").isArray() && raw.path("errors").isEmpty()
                && raw.path("messages").isArray(), raw.toString());
        JsonNode first = raw.path("result").get(0);
        assertTrue(first.path("success").asBoolean() && first.path("meta").has("duration")
                && first.path("meta").has("rows_read"), first.toString());
        assertEquals("[\"id\",\"a\",\"b\",\"ta\"]", first.path("results").path("columns").toString());
        assertEquals("[[1,42,[0,255],\"integer\"],[2,1.5,null,\"real\"],[3,\"x\",[],\"text\"]]",
                first.path("results").path("rows").toString(), "INTEGER and REAL as JSON numbers, BLOB as bytes");

        JsonNode query = post("query", "SELECT id, a FROM t WHERE a = ?1", "x");
        assertEquals("[{\"id\":3,\"a\":\"x\"}]", query.path("result").get(0).path("results").toString(),
                "/query: one object per row; a string parameter binds as TEXT");

        HttpResponse<String> number = rest.post("raw", TOKEN,
                "{\"sql\":\"SELECT typeof(?1), ?1\",\"params\":[5]}");
        assertEquals("[[\"real\",5]]", JSON.readTree(number.body()).path("result").get(0).path("results")
                .path("rows").toString(), "a JSON number parameter binds as REAL: " + number.body());

        JsonNode batch = post("raw", "SELECT 1 AS one; -- a comment; with semicolons\n"
                + "SELECT 'a;b' AS \"x;y\";\n/* ; */ SELECT 3;");
        assertEquals(3, batch.path("result").size(), "three ;-separated statements, three results: " + batch);
        assertEquals("[[\"a;b\"]]", batch.path("result").get(1).path("results").path("rows").toString());

        JsonNode trigger = post("query", "CREATE TABLE audit (n); CREATE TRIGGER t_audit AFTER INSERT ON t BEGIN "
                + "INSERT INTO audit VALUES (new.id); INSERT INTO audit VALUES (-new.id); END; "
                + "INSERT INTO t (a) VALUES ('y'); SELECT count(*) AS n FROM audit");
        assertEquals(200, trigger.path("_status").asInt(), trigger.toString());
        assertEquals(2, trigger.path("result").get(3).path("results").get(0).path("n").asInt(), trigger.toString());

        JsonNode atomic = post("query", "CREATE TABLE atomic_probe (a); SELECT sqlite_version()");
        assertEquals(400, atomic.path("_status").asInt(), atomic.toString());
        assertEquals(0, post("raw", "SELECT count(*) FROM sqlite_master WHERE name = 'atomic_probe'")
                .path("result").get(0).path("results").path("rows").get(0).get(0).asInt(),
                "a batch runs atomically: the CREATE before the refused statement was rolled back");
    }

    @Test
    void errorsComeInCloudflaresErrorEnvelopeWithD1sStatus() throws Exception {
        JsonNode refused = post("raw", "SELECT sqlite_version()");
        assertEquals(400, refused.path("_status").asInt());
        assertFalse(refused.path("success").asBoolean());
        assertEquals(7500, refused.path("errors").get(0).path("code").asInt());
        assertEquals("not authorized to use function: sqlite_version at offset 7: SQLITE_ERROR",
                refused.path("errors").get(0).path("message").asText());

        HttpResponse<String> badToken = rest.post("raw", "wrong-token", "{\"sql\":\"SELECT 1\"}");
        assertEquals(403, badToken.statusCode());
        assertEquals(10000, JSON.readTree(badToken.body()).path("errors").get(0).path("code").asInt());

        HttpResponse<String> unknown = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(rest.apiBase() + "/accounts/" + LocalD1Rest.ACCOUNT_ID
                        + "/d1/database/no-such-database/raw")).header("Authorization", "Bearer " + TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT 1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertEquals(7404, JSON.readTree(unknown.body()).path("errors").get(0).path("code").asInt());
    }

    /** One statement and D1's verdict on it. */
    private record Case(String sql, boolean allowed, String why) {
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // what Patina sends (query mode, Settings' connection test, export mode's check)
        c.add(new Case("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name", true,
                "connection test; export mode's virtual-table check"));
        c.add(new Case("SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY rowid", true, "schema"));
        c.add(new Case("SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
                true, "export mode's virtual-table check"));
        c.add(new Case("SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = 'ft'", true,
                "a virtual table's module"));
        c.add(new Case("SELECT name FROM sqlite_schema", true, ""));
        c.add(new Case("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'", true,
                "FTS shadow tables"));
        c.add(new Case("SELECT type, wr FROM pragma_table_list WHERE schema = 'main' AND name = 't'", true,
                "table kind, WITHOUT ROWID"));
        c.add(new Case("SELECT name, type, hidden, pk FROM pragma_table_xinfo('t', 'main') ORDER BY cid", true,
                "columns incl. generated"));
        c.add(new Case("SELECT count(*) FROM pragma_index_list('t', 'main') WHERE origin = 'pk'", true,
                "primary-key index"));
        c.add(new Case("SELECT atan2(0, -1) > 3", true, "math functions: the sign of -0.0"));
        c.add(new Case("SELECT typeof(a), 'i' || a, hex(a), length(CAST(a AS BLOB)), printf('%!.17g', a),"
                + " a NOT GLOB '*[^' || char(1) || '-' || char(127) || ']*' FROM t", true, "lossless value encoding"));
        c.add(new Case("SELECT rowid, _rowid_, oid FROM t WHERE rowid > 1 ORDER BY rowid LIMIT 2", true,
                "keyset paging"));
        c.add(new Case("SELECT rowid FROM t WHERE (rowid, a) > (1, 0) ORDER BY rowid LIMIT 1", true, "row values"));
        c.add(new Case("SELECT name, seq FROM sqlite_sequence", true, "sqlite_sequence"));
        c.add(new Case("UPDATE sqlite_sequence SET seq = 100 WHERE name = 't'", true, ""));
        c.add(new Case("DELETE FROM sqlite_sequence WHERE name = 'none'", true, ""));
        c.add(new Case("INSERT INTO sqlite_sequence VALUES ('none', 1)", true, ""));
        c.add(new Case("SELECT CAST(X'C328FF' AS TEXT), unhex('41')", true, "literals"));
        c.add(new Case("PRAGMA table_info(t)", true, "read-only table pragmas"));
        c.add(new Case("PRAGMA table_xinfo(t)", true, ""));
        c.add(new Case("PRAGMA index_list(t)", true, ""));
        c.add(new Case("PRAGMA index_info(t_a)", true, ""));
        c.add(new Case("PRAGMA foreign_key_list(t)", true, ""));
        c.add(new Case("PRAGMA quick_check", true, ""));
        c.add(new Case("PRAGMA foreign_key_check", true, ""));
        c.add(new Case("PRAGMA defer_foreign_keys = on", true, "first statement of every dump"));
        for (String p : List.of("foreign_keys = off", "case_sensitive_like = on", "ignore_check_constraints = on",
                "legacy_alter_table = on", "recursive_triggers = on", "reverse_unordered_selects = on")) {
            c.add(new Case("PRAGMA " + p, true, ""));
        }
        c.add(new Case("ANALYZE", true, ""));
        c.add(new Case("INSERT INTO sqlite_stat1 VALUES ('t', NULL, '3')", true, "after ANALYZE"));
        c.add(new Case("CREATE VIRTUAL TABLE probe_rtree32 USING rtree_i32(id, x0, x1)", true, ""));
        c.add(new Case("CREATE VIRTUAL TABLE probe_fts5 USING fts5(a)", true, ""));
        c.add(new Case("CREATE VIRTUAL TABLE probe_rtree USING rtree(id, x0, x1)", true, ""));
        c.add(new Case("SELECT " + "'" + "a".repeat(100_000 - 9) + "'", true, "a statement of 100,000 bytes"));
        // what D1 refuses
        for (String f : List.of("sqlite_version()", "sqlite_source_id()", "sqlite_compileoption_used('FTS5')",
                "sqlite_compileoption_get(0)", "fts5_source_id()", "unistr('a')", "load_extension('x')")) {
            c.add(new Case("SELECT " + f, false, ""));
        }
        for (String p : List.of("user_version", "user_version = 7", "application_id", "application_id = 7",
                "integrity_check", "compile_options", "journal_mode", "encoding", "schema_version",
                "writable_schema = on", "page_count", "database_list", "function_list")) {
            c.add(new Case("PRAGMA " + p, false, ""));
        }
        c.add(new Case("SELECT * FROM pragma_user_version", false, ""));
        c.add(new Case("BEGIN TRANSACTION", false, "D1 runs a file or batch atomically itself"));
        c.add(new Case("SAVEPOINT s", false, ""));
        c.add(new Case("COMMIT", false, ""));
        c.add(new Case("CREATE VIRTUAL TABLE probe_fts4 USING fts4(a)", false, ""));
        c.add(new Case("CREATE VIRTUAL TABLE probe_fts3 USING fts3(a)", false, ""));
        c.add(new Case("CREATE VIRTUAL TABLE probe_geo USING geopoly(a)", false, ""));
        c.add(new Case("CREATE TABLE _cf_probe (a)", false, ""));
        c.add(new Case("CREATE TEMP TABLE probe_temp (a)", false, ""));
        c.add(new Case("CREATE TABLE probe_check (a CHECK (a <> sqlite_version()))", false, ""));
        c.add(new Case("ATTACH DATABASE ':memory:' AS other", false, ""));
        c.add(new Case("INSERT INTO sqlite_stat4 VALUES ('t', 't', '1', '1', '1', X'00')", false,
                "no sqlite_stat4 in D1's SQLite"));
        c.add(new Case("SELECT " + "'" + "a".repeat(100_001 - 9) + "'", false, "a statement of 100,001 bytes"));
        return c;
    }

    /** Runs every case on the engine; the summary it prints is the list in docs/d1.md. */
    @Test
    void whatD1Allows() throws Exception {
        List<String> wrong = new ArrayList<>();
        StringBuilder summary = new StringBuilder("What D1's engine allows (wrangler "
                + d1.wrangler("--version").stdout().strip().lines().reduce((a, b) -> b).orElse("?") + "):\n");
        for (Case c : cases()) {
            JsonNode r = post("raw", c.sql());
            boolean ok = r.path("_status").asInt() == 200 && r.path("success").asBoolean();
            String said = ok ? "allowed" : r.path("_status").asInt() + " "
                    + r.path("errors").get(0).path("code").asInt() + " " + r.path("errors").get(0).path("message")
                    .asText();
            String shown = c.sql().length() > 90 ? c.sql().substring(0, 60) + "… (" + c.sql().length() + " bytes)"
                    : c.sql();
            summary.append(ok ? "  ALLOWED  " : "  REFUSED  ").append(shown).append(ok ? "" : "  →  " + said)
                    .append('\n');
            if (ok != c.allowed()) {
                wrong.add((c.allowed() ? "expected allowed, D1 said " : "expected refused, D1 allowed it: ")
                        + (ok ? "" : said) + " — " + shown);
            }
            if (!ok) {
                assertEquals(400, r.path("_status").asInt(), r.toString());
                assertEquals(7500, r.path("errors").get(0).path("code").asInt(), r.toString());
            }
        }
        System.out.println(summary);
        assertEquals(List.of(), wrong);
    }

    private D1Importer importer() {
        D1DatabaseConfig config = new D1DatabaseConfig("engine", LocalD1Rest.ACCOUNT_ID, LocalD1.DATABASE_ID,
                new Secret(TOKEN, "env:CF_TOKEN"), rest.apiBase(), D1DatabaseConfig.MODE_QUERY);
        Clock clock = Clock.systemUTC();
        D1Client client = new D1Client(new D1Transport(config, HttpClient.newHttpClient(), clock, Sleeper.system(),
                RateLimiter.cloudflareDefault(clock, Sleeper.system()), D1Settings.defaults()));
        return new D1Importer(client, new RestoreGuard(), "engine", tmp.resolve("import-work"));
    }

    /**
     * {@code import-d1}'s check agrees with D1's engine: files it accepts run there, files it refuses do not
     * (each file is sent as one atomic batch, so a refused one changes nothing).
     */
    @Test
    void importD1sCheckAgreesWithTheEngine() throws Exception {
        Map<String, Boolean> files = new LinkedHashMap<>();
        files.put("CREATE TABLE imp_a (a);\nINSERT INTO imp_a VALUES (unistr('\\u0041'));", false);
        files.put("CREATE TABLE imp_b (a DEFAULT (sqlite_version()));", false);
        files.put("CREATE VIRTUAL TABLE imp_c USING fts4(a);", false);
        files.put("CREATE VIRTUAL TABLE imp_d USING fts3(a);", false);
        files.put("CREATE VIRTUAL TABLE imp_e USING geopoly(a);", false);
        files.put("CREATE TABLE \"_CF_imp\" (a);", false);
        files.put("PRAGMA user_version = 3;", false);
        files.put("PRAGMA application_id = 3;", false);
        files.put("BEGIN TRANSACTION;\nCREATE TABLE imp_f (a);\nCOMMIT;", false);
        files.put("CREATE TABLE imp_g (a);\nINSERT INTO imp_g VALUES ('" + "b".repeat(100_100) + "');", false);
        files.put("CREATE TABLE imp_h (a);\nANALYZE sqlite_schema;\n"
                + "INSERT INTO sqlite_stat4 VALUES ('imp_h', 'imp_h', '1', '1', '1', X'00');", false);
        files.put("PRAGMA defer_foreign_keys=on;\nCREATE TABLE imp_i (a, note DEFAULT 'unistr(x)');\n"
                + "INSERT INTO imp_i VALUES ('sqlite_version()', 'x');", true);
        files.put("CREATE TABLE imp_j (a);\nANALYZE sqlite_schema;\nINSERT INTO sqlite_stat1 VALUES ('imp_j', NULL, '1');",
                true);
        files.put("CREATE VIRTUAL TABLE imp_k USING fts5(a);\nCREATE VIRTUAL TABLE imp_l USING rtree(id, x0, x1);",
                true);
        files.put("CREATE TABLE imp_m (a);\nCREATE VIEW imp_n AS SELECT sqlite_version() AS v;\n"
                + "CREATE TRIGGER imp_o AFTER INSERT ON imp_m BEGIN SELECT unistr('x'); END;", true);
        files.put("CREATE TABLE \"cf_imp\" (a);\nINSERT INTO \"cf_imp\" VALUES ('" + "c".repeat(99_900) + "');",
                true);
        D1Importer importer = importer();
        List<String> disagreements = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Boolean> e : files.entrySet()) {
            Path file = Files.writeString(tmp.resolve("import-" + n++ + ".sql"), e.getKey() + "\n");
            String patina;
            try (D1Importer.PreparedImport ignored = importer.check(file)) {
                patina = null;
            } catch (DumpException refused) {
                patina = refused.getMessage();
            }
            JsonNode engine = post("query", e.getKey());
            boolean engineOk = engine.path("_status").asInt() == 200;
            String brief = e.getKey().length() > 100 ? e.getKey().substring(0, 100) + "…" : e.getKey();
            if (engineOk != e.getValue()) {
                disagreements.add("the engine " + (engineOk ? "took" : "refused (" + engine.path("errors") + ")")
                        + ", expected otherwise: " + brief);
            }
            if ((patina == null) != engineOk) {
                disagreements.add("import-d1 " + (patina == null ? "accepts" : "refuses (" + patina + ")")
                        + " but the engine " + (engineOk ? "takes" : "refuses") + ": " + brief);
            }
        }
        assertEquals(List.of(), disagreements);
    }

    /** A Patina dump that {@code import-d1} calls importable (the whole awkward corpus) loads into D1. */
    @Test
    void aDumpImportD1AcceptsLoadsWithWranglerExecuteFile() throws Exception {
        Path source = AwkwardDatabase.create(tmp.resolve("awkward.sqlite"));
        Path dump = tmp.resolve("awkward.sql");
        try (var snapshot = new SqliteFileSource("awkward", source).openSnapshot();
                OutputStream out = Files.newOutputStream(dump)) {
            new SqlDumpWriter(Clock.systemUTC(), "compat").write(snapshot, DumpOptions.all("awkward", DumpDialect.D1),
                    out, DumpProgress.NONE);
        }
        try (D1Importer.PreparedImport check = importer().check(dump)) {
            assertTrue(check.tables().contains(AwkwardDatabase.SCALARS), check.tables().toString());
        }
        LocalD1 target = new LocalD1(tools, tmp.resolve("import-target"), "target");
        LocalD1.Result loaded = target.executeFile(dump);
        assertTrue(loaded.ok(), loaded.output());
    }
}
