package dev.grove.patina.source.d1;

import static dev.grove.patina.source.d1.D1Fixtures.ACCOUNT;
import static dev.grove.patina.source.d1.D1Fixtures.DATABASE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.source.d1.D1Fixtures.FakeTime;
import dev.grove.patina.util.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one D1 transport over a real HTTP server that answers from a script: the same retry loop for API calls and
 * signed URLs, and the token cut out of every message, even one Cloudflare echoes back.
 */
class D1TransportTest {
    private static final String TOKEN = "tok-ECHOED-7777";

    private final FakeTime time = new FakeTime();
    private final Deque<int[]> script = new ArrayDeque<>();
    private final AtomicBoolean signedSawToken = new AtomicBoolean();
    private HttpServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aRefusalThatEchoesTheTokenNeverCarriesIt() throws Exception {
        start(exchange -> reply(exchange, 400, "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":"
                + "\"Authentication error for Bearer " + TOKEN + "\"}]}"));
        D1ApiException e = assertThrows(D1ApiException.class, () -> client(apiBase()).raw("SELECT 1", List.of()));
        assertEquals(400, e.status());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        assertTrue(e.getMessage().contains("[redacted]") && e.getMessage().contains("database shop"),
                e.getMessage());
    }

    @Test
    void aSignedDownloadIsRetriedOn5xxAnd429ByTheSameLoopWithoutTheToken() throws Exception {
        script.add(new int[] {503, 0});
        script.add(new int[] {429, 3});
        script.add(new int[] {200, 0});
        start(exchange -> {
            signedSawToken.compareAndSet(false, exchange.getRequestHeaders().containsKey("Authorization"));
            int[] next = script.poll();
            if (next[1] > 0) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(next[1]));
            }
            reply(exchange, next[0], next[0] == 200 ? "CREATE TABLE t(x);" : "busy");
        });
        Path target = dir.resolve("export.sql");
        transport(apiBase()).download(URI.create(apiBase() + "signed/export.sql"), target);
        assertArrayEquals("CREATE TABLE t(x);".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(3)), time.sleeps,
                "backoff after the 503, Retry-After after the 429");
        assertFalse(signedSawToken.get(), "a signed URL never gets the API token");
    }

    @Test
    void aSignedUploadThatKeepsFailingGivesUpAfterTheBoundedAttempts() throws Exception {
        start(exchange -> reply(exchange, 502, "bad gateway"));
        Path file = Files.writeString(dir.resolve("import.sql"), "INSERT INTO t VALUES (1);");
        D1ApiException e = assertThrows(D1ApiException.class,
                () -> transport(apiBase()).upload(URI.create(apiBase() + "upload/abc"), file));
        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("cannot upload the import file to 127.0.0.1 (HTTP 502)"), e.getMessage());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16)), time.sleeps);
    }

    @Test
    void anUnreachableApiIsRetriedThenNamedWithWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        D1ApiException e = assertThrows(D1ApiException.class,
                () -> client("http://127.0.0.1:" + closedPort + "/").raw("SELECT 1", List.of()));
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("after 6 attempts; check the network and api_base"), e.getMessage());
        assertEquals(5, time.sleeps.size(), "a wait between each of the 6 attempts");
        assertFalse(e.getMessage().contains(TOKEN));
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void start(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                handler.handle(exchange);
            }
        });
        server.start();
    }

    private String apiBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private D1Transport transport(String apiBase) {
        D1DatabaseConfig config = new D1DatabaseConfig("shop", ACCOUNT, DATABASE, new Secret(TOKEN, "env:CF_TOKEN"),
                URI.create(apiBase), D1DatabaseConfig.MODE_QUERY);
        return new D1Transport(config, HttpClient.newHttpClient(), time, time.sleeper(),
                RateLimiter.cloudflareDefault(time, time.sleeper()), D1Settings.defaults());
    }

    private D1Client client(String apiBase) {
        return new D1Client(transport(apiBase));
    }
}
