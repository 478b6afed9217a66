package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.util.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cloudflare's D1 REST API for one database: {@code {api_base}/accounts/{account}/d1/database/{db}/query|raw|export|
 * import}, every request through the one {@link D1Transport} (token, rate budget, retries, redacted messages).
 */
public final class D1Client {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Polls before an export or import is given up as stuck. */
    private static final int MAX_POLLS = 100_000;

    private final D1Transport transport;

    public D1Client(D1Transport transport) {
        this.transport = transport;
    }

    /**
     * A client with a real HTTP client (20 s to connect, no redirects) and real waits, sharing {@code limiter} (use
     * one per API token: Cloudflare counts requests per user).
     *
     * @param clock reads a {@code Retry-After} given as a date
     */
    public static D1Client create(D1DatabaseConfig config, RateLimiter limiter, D1Settings settings, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new D1Client(new D1Transport(config, http, clock, Sleeper.system(), limiter, settings));
    }

    /**
     * One cheap query that proves the token, the account id and the database id at once (the settings' "Test
     * connection"): the names of the database's tables, without SQLite's and Cloudflare's own ({@code sqlite_*},
     * {@code _cf_*}).
     *
     * @throws D1ApiException naming the database and what to fix (token refused, unknown ids, unreachable)
     */
    public List<String> tableNames() {
        List<String> names = new ArrayList<>();
        for (List<JsonNode> r : raw("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name",
                List.of()).rows()) {
            String name = r.get(0).asText();
            if (!name.startsWith("sqlite_") && !name.startsWith("_cf_")) {
                names.add(name);
            }
        }
        return names;
    }

    /** The settings this client pages and retries with. */
    public D1Settings settings() {
        return transport.settings();
    }

    /** What this client has asked of Cloudflare so far (requests, rows, bytes). */
    public D1Traffic traffic() {
        return transport.traffic();
    }

    /** Runs one statement through {@code /raw}: compact column names + row arrays. */
    public RawResult raw(String sql, List<String> params) {
        D1Transport.Answer answer = transport.post("raw", statement(sql, params), sql);
        JsonNode first = firstResult(answer.json(), sql);
        JsonNode results = first.path("results");
        List<String> columns = new ArrayList<>();
        for (JsonNode c : results.path("columns")) {
            columns.add(c.asText());
        }
        List<List<JsonNode>> rows = new ArrayList<>();
        for (JsonNode r : results.path("rows")) {
            List<JsonNode> row = new ArrayList<>(r.size());
            r.forEach(row::add);
            rows.add(row);
        }
        transport.traffic().rows(rows.size(), first.path("meta").path("rows_read").asLong(0));
        return new RawResult(columns, rows, answer.bodyBytes(), first.path("meta").path("duration").asDouble(-1));
    }

    /** Runs one statement through {@code /query}: each row as an object of column name → value. */
    public List<Map<String, JsonNode>> query(String sql, List<String> params) {
        JsonNode first = firstResult(transport.post("query", statement(sql, params), sql).json(), sql);
        List<Map<String, JsonNode>> out = new ArrayList<>();
        for (JsonNode row : first.path("results")) {
            Map<String, JsonNode> m = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                m.put(f.getKey(), f.getValue());
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Runs Cloudflare's SQL export ({@code POST /export}, polled with the bookmark until complete) and downloads
     * the dump it produces into {@code target}. The export holds the database still while it runs, so the file is
     * one consistent state; it fails on databases with virtual tables.
     *
     * @param pollEvery wait between polls (Cloudflare cancels an export that is not polled)
     */
    public void export(Path target, Duration pollEvery) {
        String bookmark = null;
        for (int poll = 0; ; poll++) {
            ObjectNode body = JSON.createObjectNode();
            body.put("output_format", "polling");
            ObjectNode options = body.putObject("dump_options");
            options.put("no_data", false);
            options.put("no_schema", false);
            if (bookmark != null) {
                body.put("current_bookmark", bookmark);
            }
            JsonNode result = transport.post("export", body, "export").json().path("result");
            String status = result.path("status").asText("");
            bookmark = result.path("at_bookmark").asText(bookmark);
            if ("complete".equals(status)) {
                String url = result.path("result").path("signed_url").asText("");
                if (url.isEmpty()) {
                    throw transport.errors().failure("Cloudflare's export completed without a download URL", 200);
                }
                transport.download(URI.create(url), target);
                return;
            }
            if ("error".equals(status)) {
                throw transport.errors().failure("Cloudflare's export failed: "
                        + result.path("error").asText(result.path("messages").toString()), 200);
            }
            if (poll > MAX_POLLS) {
                throw transport.errors().failure("Cloudflare's export did not finish", 200);
            }
            transport.pause(pollEvery);
        }
    }

    /** What an import reported when it completed. */
    public record ImportResult(long statements, String finalBookmark) {
    }

    /**
     * Imports a SQL file with Cloudflare's import API: {@code init} (with the file's MD5 as etag) → PUT the file to
     * the returned upload URL (its ETag must equal the MD5) → {@code ingest} → {@code poll} with the bookmark until
     * complete. D1 runs the file atomically and blocks the database meanwhile.
     *
     * @param progress hears D1's messages while it imports
     */
    public ImportResult importFile(Path file, Duration pollEvery, Consumer<String> progress) {
        String etag = md5Hex(file);
        ObjectNode init = JSON.createObjectNode();
        init.put("action", "init");
        init.put("etag", etag);
        JsonNode started = transport.post("import", init, "import").json().path("result");
        String filename = started.path("filename").asText("");
        String uploadUrl = started.path("upload_url").asText("");
        if (!uploadUrl.isEmpty()) {
            URI url = URI.create(uploadUrl);
            String returned = transport.upload(url, file);
            if (!returned.equalsIgnoreCase(etag)) {
                throw transport.errors().failure("the upload to " + url.getHost() + " came back with ETag "
                        + returned + ", not the file's MD5 " + etag + " — import stopped", 200);
            }
        }
        ObjectNode ingest = JSON.createObjectNode();
        ingest.put("action", "ingest");
        ingest.put("etag", etag);
        ingest.put("filename", filename);
        JsonNode result = transport.post("import", ingest, "import").json().path("result");
        String bookmark = result.path("at_bookmark").asText(null);
        for (int poll = 0; ; poll++) {
            result.path("messages").forEach(m -> progress.accept(m.asText()));
            String status = result.path("status").asText("");
            if ("complete".equals(status)) {
                JsonNode done = result.path("result");
                return new ImportResult(done.path("num_queries").asLong(0), done.path("final_bookmark").asText(null));
            }
            if ("error".equals(status) || (result.has("success") && !result.path("success").asBoolean(true))) {
                throw transport.errors().failure("Cloudflare's import failed: "
                        + result.path("error").asText(result.path("messages").toString())
                        + " — D1 ran nothing of the file (imports are atomic)", 200);
            }
            if (bookmark == null || poll > MAX_POLLS) {
                throw transport.errors().failure("Cloudflare's import did not report progress", 200);
            }
            transport.pause(pollEvery);
            ObjectNode pollBody = JSON.createObjectNode();
            pollBody.put("action", "poll");
            pollBody.put("current_bookmark", bookmark);
            result = transport.post("import", pollBody, "import").json().path("result");
        }
    }

    private static ObjectNode statement(String sql, List<String> params) {
        ObjectNode body = JSON.createObjectNode();
        body.put("sql", sql);
        ArrayNode p = body.putArray("params");
        params.forEach(p::add);
        return body;
    }

    private JsonNode firstResult(JsonNode body, String sql) {
        JsonNode result = body.path("result");
        JsonNode first = result.isArray() && result.size() > 0 ? result.get(0) : null;
        if (first == null) {
            throw transport.errors().failure("Cloudflare's answer to a query held no result", 200);
        }
        if (first.has("success") && !first.path("success").asBoolean()) {
            throw transport.errors().failure("D1 rejected the query " + D1Errors.brief(sql) + ": "
                    + first.path("error").asText("no reason given"), 200);
        }
        return first;
    }

    private static String md5Hex(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md5.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
