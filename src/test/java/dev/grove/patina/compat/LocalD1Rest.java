package dev.grove.patina.compat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cloudflare's D1 REST API ({@code /query}, {@code /raw}) over a {@link LocalD1} database, answered by the Worker in
 * {@code src/test/compat/d1-rest-worker/} under {@code wrangler dev --local}: D1's own engine behind the documented
 * envelopes, Bearer auth, and a 429 with {@code Retry-After} every {@code rateLimitEvery}-th API request.
 *
 * <p>Start it once per test class: it takes a few seconds. {@link #close()} stops wrangler and every process it
 * started (workerd), and fails if one survives. Load data with {@link LocalD1#executeFile} before starting it.
 */
public final class LocalD1Rest implements AutoCloseable {
    /** The account id the Worker answers for. */
    public static final String ACCOUNT_ID = "compat-account";

    private static final Path WORKER = Path.of("src/test/compat/d1-rest-worker");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final String token;
    private final Path log;
    private final Thread reaper;

    private LocalD1Rest(Process process, int port, String token, Path log) {
        this.process = process;
        this.port = port;
        this.token = token;
        this.log = log;
        this.reaper = new Thread(() -> stopQuietly(), "stop wrangler dev on port " + port);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code wrangler dev} for {@code d1}'s database on a free port of 127.0.0.1 and waits until it answers.
     *
     * @param token          the Bearer token it accepts (any other: 403)
     * @param rateLimitEvery every how many API requests one is answered 429 (0: never)
     * @param retryAfter     the 429's {@code Retry-After}, seconds
     */
    public static LocalD1Rest start(CompatTools tools, LocalD1 d1, String token, int rateLimitEvery, int retryAfter)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(WORKER.resolve("worker.js"))) {
            throw new IllegalStateException("the D1 REST Worker is missing: " + WORKER.toAbsolutePath()
                    + " (run the compat tests from the project folder)");
        }
        Path dir = d1.dir();
        Files.copy(WORKER.resolve("worker.js"), dir.resolve("worker.js"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String toml = Files.readString(WORKER.resolve("wrangler.toml"), StandardCharsets.UTF_8)
                .replace("@DATABASE_NAME@", d1.name()).replace("@DATABASE_ID@", LocalD1.DATABASE_ID);
        Files.writeString(dir.resolve("rest-worker.toml"), toml, StandardCharsets.UTF_8);

        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(tools.wrangler().toString(), "dev", "--config", "rest-worker.toml",
                "--local", "--ip", "127.0.0.1", "--port", Integer.toString(port), "--inspector-port",
                Integer.toString(freePort()), "--show-interactive-dev-session=false", "--log-level", "warn",
                "--var", "API_TOKEN:" + token, "--var", "ACCOUNT_ID:" + ACCOUNT_ID,
                "--var", "RATE_LIMIT_EVERY:" + rateLimitEvery, "--var", "RETRY_AFTER:" + retryAfter));
        Path log = dir.resolve("wrangler-dev-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = pb.environment();
        env.put("PATH", tools.path());
        env.put("WRANGLER_SEND_METRICS", "false");
        env.put("CLOUDFLARE_CF_FETCH_ENABLED", "false"); // no request to workers.cloudflare.com for Request.cf
        env.put("CI", "1");
        env.put("NO_COLOR", "1");
        env.put("FORCE_COLOR", "0");
        env.put("WRANGLER_LOG_PATH", dir.resolve("logs").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        LocalD1Rest rest = new LocalD1Rest(p, port, token, log);
        try {
            rest.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            rest.close();
            throw e;
        }
        return rest;
    }

    /** The {@code api_base} to configure: {@code http://127.0.0.1:P/client/v4}. */
    public URI apiBase() {
        return URI.create("http://127.0.0.1:" + port + "/client/v4");
    }

    /** {@code {api_base}/accounts/{account}/d1/database/{database}/{endpoint}}. */
    public URI endpoint(String endpoint) {
        return URI.create(apiBase() + "/accounts/" + ACCOUNT_ID + "/d1/database/" + LocalD1.DATABASE_ID + "/"
                + endpoint);
    }

    /** How many API requests the Worker got, and how many of them it answered 429. */
    public record Stats(long requests, long rateLimited) {
    }

    /** The Worker's counters ({@code GET /__patina/stats}, not a Cloudflare route). */
    public Stats stats() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/__patina/stats")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.body());
        return new Stats(json.path("requests").asLong(), json.path("rateLimited").asLong());
    }

    /** POSTs {@code body} to {@link #endpoint(String)} with {@code Authorization: Bearer bearer}. */
    public HttpResponse<String> post(String endpoint, String bearer, String body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(endpoint(endpoint)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The Bearer token the Worker accepts. */
    public String token() {
        return token;
    }

    /** What wrangler printed so far (for assertion messages). */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("wrangler dev exited with " + process.exitValue()
                        + " before it answered:\n" + log());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("\"success\":false")) {
                    return; // the Worker's own 404 envelope: it is up
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("wrangler dev did not answer on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s:\n" + log());
    }

    /**
     * Stops wrangler and every process below it (workerd): SIGTERM to the whole tree, then SIGKILL to what is left.
     *
     * @throws IllegalStateException when a process of the tree is still alive afterwards
     */
    @Override
    public void close() {
        List<ProcessHandle> tree = stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down
        }
        List<ProcessHandle> left = tree.stream().filter(ProcessHandle::isAlive).toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException("wrangler dev left processes running: " + left.stream()
                    .map(h -> h.pid() + " " + h.info().command().orElse("?")).toList());
        }
    }

    /** Stops the tree (listed before anything is stopped: a child outliving its parent is no descendant). */
    private List<ProcessHandle> stopQuietly() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported by close()
            }
        }
        return tree;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
