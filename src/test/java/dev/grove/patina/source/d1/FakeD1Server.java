package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays Cloudflare's D1 REST API on 127.0.0.1 over a real SQLite file: {@code POST
 * /accounts/{a}/d1/database/{d}/query} and {@code /raw} with {@code {"sql","params"}}, Cloudflare's envelopes for
 * errors (403 wrong token, 404 unknown database, 400 SQL error, 429 with Retry-After on demand, 500 on demand), and
 * values turned into JSON the way D1's JavaScript does: every number a double (so integers beyond 2^53 are rounded,
 * -0.0 becomes 0, ±Infinity becomes null), TEXT as a (decoded) string, BLOB as an array of byte numbers. Like D1 it
 * refuses to read {@code _cf_*} tables, and refuses the functions and PRAGMAs D1's engine refuses (sqlite_version(),
 * PRAGMA user_version, … — the list in docs/d1.md, found by the compatibility suite) with D1's 400/7500 answer. Public for the console's tests (the restore wizard's D1 target).
 */
public final class FakeD1Server implements AutoCloseable {
    static {
        // the JDK server's replies otherwise wait on Nagle + delayed ACK (~40 ms a request); read once per JVM, so it
        // holds when this class is loaded before the first server of the run
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH = Pattern.compile("/accounts/([^/]+)/d1/database/([^/]+)/(query|raw|export|import)");

    private final HttpServer server;
    private final Connection connection;
    private final String account;
    private final String database;
    private final String token;
    private final AtomicInteger fail429 = new AtomicInteger();
    private final AtomicInteger fail500 = new AtomicInteger();
    private volatile String retryAfter = "1";
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Path file;
    private volatile byte[] exported;
    private volatile boolean signedUrlSawToken;
    private final java.util.Map<String, byte[]> uploads = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile ObjectNode importDone;
    private volatile boolean uploadSawToken;

    public FakeD1Server(Path sqliteFile, String account, String database, String token)
            throws IOException, SQLException {
        this.account = account;
        this.database = database;
        this.token = token;
        this.file = sqliteFile;
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile.toAbsolutePath());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API base to configure, like {@code https://api.cloudflare.com/client/v4}. */
    public URI apiBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4");
    }

    /** The next {@code n} requests get 429 with {@code Retry-After: retryAfterSeconds}. */
    void answer429(int n, String retryAfterSeconds) {
        this.retryAfter = retryAfterSeconds;
        fail429.set(n);
    }

    /** The next {@code n} requests get 500. */
    void answer500(int n) {
        fail500.set(n);
    }

    /** Every SQL statement received, in order. */
    public List<String> statements() {
        return statements;
    }

    /** HTTP requests received. */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            byte[] in;
            try (InputStream body = ex.getRequestBody()) {
                in = body.readAllBytes();
            }
            if (ex.getRequestURI().getPath().startsWith("/signed/")) {
                signedUrlSawToken |= ex.getRequestHeaders().containsKey("Authorization");
                byte[] body = exported;
                ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
                return;
            }
            if (ex.getRequestURI().getPath().startsWith("/upload/") && "PUT".equals(ex.getRequestMethod())) {
                uploadSawToken |= ex.getRequestHeaders().containsKey("Authorization");
                uploads.put(ex.getRequestURI().getPath().substring("/upload/".length()), in);
                ex.getResponseHeaders().add("ETag", "\"" + md5(in) + "\"");
                ex.sendResponseHeaders(200, -1);
                return;
            }
            String path = ex.getRequestURI().getPath().replaceFirst("^/client/v4", "");
            Matcher m = PATH.matcher(path);
            if (!"POST".equals(ex.getRequestMethod()) || !m.matches()) {
                reply(ex, 404, envelope(7000, "No route for that URI"));
                return;
            }
            if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 403, envelope(10000, "Authentication error"));
                return;
            }
            if (fail429.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.getResponseHeaders().add("Retry-After", retryAfter);
                reply(ex, 429, envelope(971, "Please wait and consider throttling your request speed"));
                return;
            }
            if (fail500.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply(ex, 500, envelope(7500, "Internal error"));
                return;
            }
            if (!m.group(1).equals(account) || !m.group(2).equals(database)) {
                reply(ex, 404, envelope(7404, "The database " + m.group(2) + " could not be found"));
                return;
            }
            JsonNode request = JSON.readTree(in);
            if ("import".equals(m.group(3))) {
                ObjectNode out = NODES.objectNode();
                out.set("result", importAction(request));
                out.put("success", true);
                out.putArray("errors");
                reply(ex, 200, out);
                return;
            }
            if ("export".equals(m.group(3))) {
                ObjectNode out = NODES.objectNode();
                out.set("result", export(request.path("current_bookmark").asText(null)));
                out.put("success", true);
                out.putArray("errors");
                reply(ex, 200, out);
                return;
            }
            String sql = request.path("sql").asText();
            statements.add(sql);
            if (sql.contains("_cf_")) {
                reply(ex, 400, envelope(7500, "not authorized to use function: _cf_: SQLITE_AUTH"));
                return;
            }
            String refused = refusedByD1(sql);
            if (refused != null) {
                reply(ex, 400, envelope(7500, refused));
                return;
            }
            ObjectNode result;
            try {
                result = run(sql, request.path("params"), "raw".equals(m.group(3)));
            } catch (SQLException e) {
                reply(ex, 400, envelope(7500, e.getMessage() + ": SQLITE_ERROR"));
                return;
            }
            ObjectNode out = NODES.objectNode();
            out.putArray("result").add(result);
            out.putArray("errors");
            out.putArray("messages");
            out.put("success", true);
            reply(ex, 200, out);
        }
    }

    /** Functions D1's engine refuses (found by the compatibility suite, see docs/d1.md). */
    private static final Pattern REFUSED_FUNCTION = Pattern.compile(
            "(?i)\\b(sqlite_version|sqlite_source_id|sqlite_compileoption_used|sqlite_compileoption_get|unistr"
                    + "|load_extension|fts5_source_id)\\s*\\(");
    /** PRAGMAs D1's engine refuses, read or written (found by the compatibility suite, see docs/d1.md). */
    private static final Pattern REFUSED_PRAGMA = Pattern.compile(
            "(?i)^\\s*PRAGMA\\s+(user_version|application_id|integrity_check|compile_options|journal_mode|encoding"
                    + "|schema_version|writable_schema|database_list|function_list|module_list|pragma_list)\\b"
                    + "|\\bpragma_(user_version|application_id|function_list|module_list|pragma_list)\\b");

    /** What D1 answers for a statement its SQL authorizer refuses, or null when it runs it. */
    static String refusedByD1(String sql) {
        Matcher f = REFUSED_FUNCTION.matcher(sql);
        if (f.find()) {
            return "not authorized to use function: " + f.group(1) + " at offset " + f.start() + ": SQLITE_ERROR";
        }
        if (REFUSED_PRAGMA.matcher(sql).find()) {
            return "not authorized: SQLITE_AUTH";
        }
        return null;
    }

    private synchronized ObjectNode run(String sql, JsonNode params, boolean raw) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            for (JsonNode p : params) {
                if (p.isNull()) {
                    ps.setObject(i++, null);
                } else if (p.isNumber()) { // D1 binds every JSON number as a REAL, 5 included (compat suite)
                    ps.setDouble(i++, p.asDouble());
                } else {
                    ps.setString(i++, p.asText());
                }
            }
            ArrayNode columns = NODES.arrayNode();
            ArrayNode rows = NODES.arrayNode();
            ArrayNode objects = NODES.arrayNode();
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    ResultSetMetaData md = rs.getMetaData();
                    int n = md.getColumnCount();
                    for (int c = 1; c <= n; c++) {
                        columns.add(md.getColumnLabel(c));
                    }
                    while (rs.next()) {
                        ArrayNode row = rows.addArray();
                        ObjectNode object = objects.addObject();
                        for (int c = 1; c <= n; c++) {
                            JsonNode v = asJavaScript(rs.getObject(c));
                            row.add(v);
                            object.set(md.getColumnLabel(c), v);
                        }
                    }
                }
            }
            ObjectNode result = NODES.objectNode();
            if (raw) {
                ObjectNode r = result.putObject("results");
                r.set("columns", columns);
                r.set("rows", rows);
            } else {
                result.set("results", objects);
            }
            result.put("success", true);
            result.putObject("meta").put("duration", (System.nanoTime() - start) / 1e6).put("changed_db", false);
            return result;
        }
    }

    /**
     * Cloudflare's polled export: the first call starts it (status active, a bookmark), the poll with that bookmark
     * completes it with a signed URL serving a dump of the file. Fails like Cloudflare on virtual tables.
     */
    private synchronized ObjectNode export(String bookmark) {
        ObjectNode r = NODES.objectNode();
        r.put("type", "export");
        r.put("at_bookmark", "bm-0001");
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT count(*) FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getInt(1) > 0) {
                r.put("status", "error");
                r.put("error", "Export failed: virtual tables are not supported");
                return r;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (bookmark == null) {
            r.put("status", "active");
            r.putArray("messages").add("Generating export");
            return r;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var snapshot = new dev.grove.patina.source.sqlite.SqliteFileSource("export", file).openSnapshot()) {
            new dev.grove.patina.dump.SqlDumpWriter(java.time.Clock.systemUTC(), "fake-d1").write(snapshot,
                    dev.grove.patina.dump.DumpOptions.all("export", dev.grove.patina.dump.DumpDialect.D1), out,
                    dev.grove.patina.dump.DumpProgress.NONE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        exported = out.toByteArray();
        r.put("status", "complete");
        ObjectNode result = r.putObject("result");
        result.put("filename", "export.sql");
        result.put("signed_url", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/signed/export.sql?X-Amz-Signature=deadbeef");
        return r;
    }

    /**
     * Cloudflare's import: init answers an upload URL (served here, ETag = MD5), ingest runs the uploaded file
     * atomically (all or nothing, like D1) and answers active with a bookmark, poll answers complete.
     */
    private synchronized ObjectNode importAction(JsonNode request) throws IOException {
        ObjectNode r = NODES.objectNode();
        r.put("type", "import");
        String action = request.path("action").asText();
        String etag = request.path("etag").asText("");
        switch (action) {
            case "init" -> {
                r.put("filename", etag + ".sql");
                r.put("upload_url", "http://127.0.0.1:" + server.getAddress().getPort() + "/upload/" + etag
                        + ".sql?X-Amz-Signature=cafe");
            }
            case "ingest" -> {
                byte[] file = uploads.get(request.path("filename").asText());
                if (file == null || !md5(file).equals(etag)) {
                    r.put("status", "error");
                    r.put("error", "uploaded file missing or its etag does not match");
                    return r;
                }
                long count = 0;
                try {
                    connection.setAutoCommit(false);
                    try (var reader = new dev.grove.patina.dump.SqlStatementReader(new java.io.ByteArrayInputStream(
                            file)); java.sql.Statement st = connection.createStatement()) {
                        dev.grove.patina.dump.SqlStatement s;
                        while ((s = reader.next()) != null) {
                            st.execute(s.sql());
                            count++;
                        }
                    }
                    connection.commit();
                } catch (SQLException | IOException e) {
                    try {
                        connection.rollback();
                    } catch (SQLException ignored) {
                        // the error below is what matters
                    }
                    r.put("status", "error");
                    r.put("error", "Import failed: " + e.getMessage());
                    return r;
                } finally {
                    try {
                        connection.setAutoCommit(true);
                    } catch (SQLException ignored) {
                        // next request will see it
                    }
                }
                r.put("status", "active");
                r.put("at_bookmark", "bm-import-1");
                r.putArray("messages").add("Ingesting " + count + " statements");
                ObjectNode done = NODES.objectNode();
                done.put("num_queries", count);
                done.put("final_bookmark", "bm-import-2");
                importDone = done;
            }
            case "poll" -> {
                if (!"bm-import-1".equals(request.path("current_bookmark").asText()) || importDone == null) {
                    r.put("status", "error");
                    r.put("error", "no import running for that bookmark");
                    return r;
                }
                r.put("status", "complete");
                r.set("result", importDone);
            }
            default -> {
                r.put("status", "error");
                r.put("error", "unknown action " + action);
            }
        }
        return r;
    }

    /** Whether the upload URL was ever sent an Authorization header (it must not be). */
    boolean uploadSawToken() {
        return uploadSawToken;
    }

    private static String md5(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the signed download URL was ever sent an Authorization header (it must not be). */
    boolean signedUrlSawToken() {
        return signedUrlSawToken;
    }

    /**
     * What D1's JavaScript makes of a SQLite value: numbers are doubles, printed as JavaScript prints them (an
     * integral double below 1e21 without a fraction or exponent, {@code 5.0} as {@code 5}).
     */
    static JsonNode asJavaScript(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof Integer || v instanceof Long) {
            double d = ((Number) v).doubleValue();
            return NODES.numberNode(new BigDecimal(d).toBigInteger());
        }
        if (v instanceof Double d) {
            if (d.isInfinite() || d.isNaN()) {
                return NODES.nullNode();
            }
            if (d == 0) {
                return NODES.numberNode(0);
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e21) {
                return NODES.numberNode(new BigDecimal(d).toBigInteger());
            }
            return NODES.numberNode(d);
        }
        if (v instanceof byte[] b) {
            ArrayNode a = NODES.arrayNode();
            for (byte x : b) {
                a.add(x & 0xff);
            }
            return a;
        }
        return NODES.textNode(v.toString());
    }

    private static ObjectNode envelope(int code, String message) {
        ObjectNode out = NODES.objectNode();
        out.putNull("result");
        out.put("success", false);
        ObjectNode e = out.putArray("errors").addObject();
        e.put("code", code);
        e.put("message", message);
        out.putArray("messages");
        return out;
    }

    private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() throws SQLException {
        server.stop(0);
        connection.close();
    }
}
