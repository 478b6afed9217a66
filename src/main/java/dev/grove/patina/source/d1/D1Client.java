package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.util.RetryAfter;
import dev.grove.patina.util.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Cloudflare's D1 REST API for one database: {@code {api_base}/accounts/{account}/d1/database/{db}/query|raw},
 * authenticated with {@code Authorization: Bearer <token>}.
 *
 * <p>Every request first takes a token from the shared {@link RateLimiter}. HTTP 429 waits for {@code Retry-After}
 * (or backs off exponentially) and retries; 5xx and network errors are retried too; all bounded by
 * {@link D1Settings#maxAttempts()}. Other failures become a {@link D1ApiException} whose message names the
 * database and says what to fix. The token is only ever put into the request header.
 */
public final class D1Client {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 300;

    private final D1DatabaseConfig config;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RateLimiter limiter;
    private final D1Settings settings;
    private final URI base;

    public D1Client(D1DatabaseConfig config, HttpClient http, Clock clock, Sleeper sleeper, RateLimiter limiter,
                    D1Settings settings) {
        this.config = config;
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
        this.limiter = limiter;
        this.settings = settings;
        String root = config.apiBase().toString().replaceAll("/+$", "");
        this.base = URI.create(root + "/accounts/" + pathSegment(config.accountId()) + "/d1/database/"
                + pathSegment(config.databaseId()));
    }

    /** The settings this client pages and retries with. */
    public D1Settings settings() {
        return settings;
    }

    /** Runs one statement through {@code /raw}: compact column names + row arrays. */
    public RawResult raw(String sql, List<String> params) {
        Response response = post("raw", sql, params);
        JsonNode first = firstResult(response.json(), sql);
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
        return new RawResult(columns, rows, response.bodyBytes(), first.path("meta").path("duration").asDouble(-1));
    }

    /** Runs one statement through {@code /query}: each row as an object of column name → value. */
    public List<Map<String, JsonNode>> query(String sql, List<String> params) {
        JsonNode first = firstResult(post("query", sql, params).json(), sql);
        List<Map<String, JsonNode>> out = new ArrayList<>();
        for (JsonNode row : first.path("results")) {
            Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                m.put(f.getKey(), f.getValue());
            }
            out.add(m);
        }
        return out;
    }

    private JsonNode firstResult(JsonNode body, String sql) {
        JsonNode result = body.path("result");
        JsonNode first = result.isArray() && result.size() > 0 ? result.get(0) : null;
        if (first == null) {
            throw new D1ApiException(prefix() + "Cloudflare's answer to a query held no result", 200);
        }
        if (first.has("success") && !first.path("success").asBoolean()) {
            throw new D1ApiException(prefix() + "D1 rejected the query " + brief(sql) + ": "
                    + first.path("error").asText("no reason given"), 200);
        }
        return first;
    }

    private record Response(JsonNode json, long bodyBytes) {
    }

    private Response post(String endpoint, String sql, List<String> params) {
        ObjectNode body = JSON.createObjectNode();
        body.put("sql", sql);
        ArrayNode p = body.putArray("params");
        for (String s : params) {
            p.add(s);
        }
        return post(endpoint, body, sql);
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
            JsonNode result = post("export", body, "export").json().path("result");
            String status = result.path("status").asText("");
            bookmark = result.path("at_bookmark").asText(bookmark);
            if ("complete".equals(status)) {
                String url = result.path("result").path("signed_url").asText("");
                if (url.isEmpty()) {
                    throw new D1ApiException(prefix() + "Cloudflare's export completed without a download URL", 200);
                }
                download(URI.create(url), target);
                return;
            }
            if ("error".equals(status)) {
                throw new D1ApiException(prefix() + "Cloudflare's export failed: "
                        + result.path("error").asText(result.path("messages").toString()), 200);
            }
            if (poll > 100_000) {
                throw new D1ApiException(prefix() + "Cloudflare's export did not finish", 200);
            }
            pause(pollEvery);
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
    public ImportResult importFile(Path file, Duration pollEvery, java.util.function.Consumer<String> progress) {
        String etag = md5Hex(file);
        ObjectNode init = JSON.createObjectNode();
        init.put("action", "init");
        init.put("etag", etag);
        JsonNode started = post("import", init, "import").json().path("result");
        String filename = started.path("filename").asText("");
        String uploadUrl = started.path("upload_url").asText("");
        if (!uploadUrl.isEmpty()) {
            upload(URI.create(uploadUrl), file, etag);
        }
        ObjectNode ingest = JSON.createObjectNode();
        ingest.put("action", "ingest");
        ingest.put("etag", etag);
        ingest.put("filename", filename);
        JsonNode result = post("import", ingest, "import").json().path("result");
        String bookmark = result.path("at_bookmark").asText(null);
        for (int poll = 0; ; poll++) {
            result.path("messages").forEach(m -> progress.accept(m.asText()));
            String status = result.path("status").asText("");
            if ("complete".equals(status)) {
                JsonNode done = result.path("result");
                return new ImportResult(done.path("num_queries").asLong(0), done.path("final_bookmark").asText(null));
            }
            if ("error".equals(status) || (result.has("success") && !result.path("success").asBoolean(true))) {
                throw new D1ApiException(prefix() + "Cloudflare's import failed: "
                        + result.path("error").asText(result.path("messages").toString())
                        + " — D1 ran nothing of the file (imports are atomic)", 200);
            }
            if (bookmark == null || poll > 100_000) {
                throw new D1ApiException(prefix() + "Cloudflare's import did not report progress", 200);
            }
            pause(pollEvery);
            ObjectNode pollBody = JSON.createObjectNode();
            pollBody.put("action", "poll");
            pollBody.put("current_bookmark", bookmark);
            result = post("import", pollBody, "import").json().path("result");
        }
    }

    /** PUTs the file to the upload URL (no API token there) and checks the returned ETag against its MD5. */
    private void upload(URI url, Path file, String md5) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30))
                        .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200) {
                    String returned = response.headers().firstValue("ETag").orElse("").replace("\"", "");
                    if (!returned.equalsIgnoreCase(md5)) {
                        throw new D1ApiException(prefix() + "the upload to " + url.getHost() + " came back with ETag "
                                + returned + ", not the file's MD5 " + md5 + " — import stopped", 200);
                    }
                    return;
                }
                if (response.statusCode() < 500 || attempt >= settings.maxAttempts()) {
                    throw new D1ApiException(prefix() + "cannot upload the import file to " + url.getHost()
                            + " (HTTP " + response.statusCode() + ")", response.statusCode());
                }
            } catch (IOException e) {
                if (attempt >= settings.maxAttempts()) {
                    throw new D1ApiException(prefix() + "cannot upload the import file to " + url.getHost() + ": "
                            + e.getMessage(), 0, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new D1ApiException(prefix() + "interrupted", 0, e);
            }
            pause(backoff(attempt));
        }
    }

    private static String md5Hex(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md5.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md5.digest());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Downloads a signed URL; the API token is never sent there. */
    private void download(URI url, Path target) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
                if (response.statusCode() == 200) {
                    return;
                }
                if (response.statusCode() < 500 || attempt >= settings.maxAttempts()) {
                    throw new D1ApiException(prefix() + "cannot download the export from " + url.getHost()
                            + " (HTTP " + response.statusCode() + ")", response.statusCode());
                }
            } catch (IOException e) {
                if (attempt >= settings.maxAttempts()) {
                    throw new D1ApiException(prefix() + "cannot download the export from " + url.getHost() + ": "
                            + e.getMessage(), 0, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new D1ApiException(prefix() + "interrupted", 0, e);
            }
            pause(backoff(attempt));
        }
    }

    private Response post(String endpoint, ObjectNode body, String sql) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + endpoint))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + config.apiToken().reveal())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        return send(request, sql);
    }

    private Response send(HttpRequest request, String sql) {
        String lastProblem = "";
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                limiter.acquire();
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new D1ApiException(prefix() + "interrupted", 0, e);
            } catch (IOException e) {
                lastProblem = "cannot reach " + base.getHost() + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
                if (attempt >= settings.maxAttempts()) {
                    throw new D1ApiException(prefix() + lastProblem + " after " + attempt
                            + " attempts; check the network and api_base", 0, e);
                }
                pause(backoff(attempt));
                continue;
            }
            int status = response.statusCode();
            byte[] body = response.body() == null ? new byte[0] : response.body();
            if (status >= 200 && status < 300) {
                JsonNode json = parse(body);
                if (json == null || (json.has("success") && !json.path("success").asBoolean())) {
                    throw new D1ApiException(prefix() + "D1 rejected the query " + brief(sql) + ": "
                            + errorText(json, body), status);
                }
                return new Response(json, body.length);
            }
            if (status == 429 || status >= 500) {
                lastProblem = (status == 429 ? "rate limited by Cloudflare (HTTP 429)" : "HTTP " + status) + ": "
                        + errorText(parse(body), body);
                if (attempt >= settings.maxAttempts()) {
                    String advice = status == 429
                            ? "; Cloudflare allows 1,200 API requests per 5 minutes per user — wait, or run fewer "
                            + "D1 backups with this token at once"
                            : "; Cloudflare's API is failing, try again later";
                    throw new D1ApiException(prefix() + lastProblem + " (gave up after " + attempt + " attempts)"
                            + advice, status);
                }
                Duration wait = backoff(attempt);
                if (status == 429) {
                    Duration asked = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
                            clock.instant());
                    if (asked != null) {
                        wait = asked;
                    }
                }
                pause(min(wait, settings.maxBackoff()));
                continue;
            }
            throw new D1ApiException(prefix() + clientError(status, parse(body), body, sql), status);
        }
    }

    private String clientError(int status, JsonNode json, byte[] body, String sql) {
        String said = errorText(json, body);
        return switch (status) {
            case 401, 403 -> "Cloudflare refused the API token (HTTP " + status + ": " + said + "); check the API "
                    + "token's D1 permission (Account › D1 › Read for backups, Edit for restores), that it is "
                    + "active, and that it belongs to account " + config.accountId();
            case 404 -> "Cloudflare does not know this database (HTTP 404: " + said + "): unknown account_id or "
                    + "database_id (account_id " + config.accountId() + ", database_id " + config.databaseId()
                    + ")";
            default -> "D1 rejected the query " + brief(sql) + " (HTTP " + status + "): " + said;
        };
    }

    private String prefix() {
        return "database " + config.name() + " (D1 " + config.databaseId() + "): ";
    }

    private static String brief(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return "'" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "'";
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The messages of Cloudflare's error envelope {@code {"success":false,"errors":[{code,message}]}}. */
    private static String errorText(JsonNode json, byte[] body) {
        if (json != null) {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : json.path("errors")) {
                String m = e.path("message").asText("");
                parts.add(e.has("code") ? m + " (code " + e.path("code").asText() + ")" : m);
            }
            if (!parts.isEmpty()) {
                return String.join("; ", parts);
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "no details given";
        }
        return text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "..." : text;
    }

    private Duration backoff(int attempt) {
        Duration d = settings.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return min(d, settings.maxBackoff());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new D1ApiException(prefix() + "interrupted while waiting to retry", 0, e);
        }
    }

    private static String pathSegment(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
