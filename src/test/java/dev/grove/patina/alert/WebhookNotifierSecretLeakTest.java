package dev.grove.patina.alert;

import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.testing.LogCapture;

import static dev.grove.patina.alert.AlertTestServer.Reply;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.grove.patina.util.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The webhook URL is a secret (Slack and Discord URLs carry a token in the path). Every way a delivery can fail,
 * in every format, is made to happen, against servers that echo the request URI back in bodies, headers and even
 * the status line; no log event (at DEBUG), no test result, no exception and no toString may contain the token.
 */
class WebhookNotifierSecretLeakTest {
    private static final String TOKEN = "Xk9CanaryTokenQ7pL2mZ8";
    private static final String QUERY_SECRET = "S1gCanary77wq";
    private static final String PATH = "/services/T0AB12CD3/B0EF45GH6/" + TOKEN;
    private static final Clock CLOCK = Clock.fixed(AlertFixtures.ENDED, ZoneOffset.UTC);
    /** Generous enough for a loaded build machine; the sleeper does not wait anyway. */
    private static final DeliveryPolicy QUICK = new DeliveryPolicy(Duration.ofSeconds(3), 2,
            Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1));
    /** For the hanging server only. */
    private static final DeliveryPolicy HANG = QUICK.withTimeout(Duration.ofMillis(300));

    private final HttpClient client = WebhookNotifier.newHttpClient(QUICK);
    private final List<String> seen = new ArrayList<>();

    @Test
    void noFailureEverShowsTheToken() throws Exception {
        try (LogCapture logs = new LogCapture(); AlertTestServer server = AlertTestServer.start();
             EchoStatusLineServer garbage = new EchoStatusLineServer()) {
            String query = "?sig=" + QUERY_SECRET;
            String good = server.url(PATH + query);
            String echoBody = "no such hook {uri} (full: {url})";
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (AlertFormat format : AlertFormat.values()) {
                    server.script(Reply.status(500, echoBody), Reply.status(500, echoBody));
                    notifyVia(good, format);
                    server.script(Reply.status(500, echoBody).header("X-Echo", "{url}"));
                    String echoed = sendTestVia(good, format);
                    assertTrue(echoed.contains(UrlScrubber.REDACTED), echoed);

                    server.script(Reply.status(400, echoBody), Reply.status(400, echoBody));
                    notifyVia(good, format);
                    sendTestVia(good, format);

                    server.script(Reply.status(429, echoBody).header("Retry-After", "{uri}"),
                            Reply.status(429, echoBody).header("Retry-After", "1"),
                            Reply.status(429, echoBody));
                    notifyVia(good, format);
                    sendTestVia(good, format);

                    server.script(Reply.status(302, echoBody).header("Location", "{url}"),
                            Reply.status(302, echoBody).header("Location", "{url}"));
                    notifyVia(good, format);
                    sendTestVia(good, format);

                    server.script(Reply.hanging(), Reply.hanging(), Reply.hanging());
                    WebhookNotifier hanging = notifier(good, format, HANG);
                    assertDoesNotThrow(() -> hanging.notify(AlertFixtures.partial()));
                    seen.add(assertDoesNotThrow(hanging::sendTest).toString());

                    String refused = "http://127.0.0.1:" + WebhookNotifierTest.closedPort() + PATH + query;
                    notifyVia(refused, format);
                    sendTestVia(refused, format);

                    String broken = garbage.url(PATH + query);
                    notifyVia(broken, format);
                    String brokenTest = sendTestVia(broken, format);
                    assertTrue(brokenTest.contains(UrlScrubber.REDACTED), brokenTest);

                    for (String bad : List.of("http://127.0.0.1:1/services/ bad/" + TOKEN + query,
                            "ftp://127.0.0.1/" + TOKEN + query, "https:///" + TOKEN + query,
                            "https://hooks.example.com:99999/" + TOKEN + query, TOKEN + QUERY_SECRET)) {
                        notifyVia(bad, format);
                        sendTestVia(bad, format);
                    }

                    WebhookNotifier buggy = new WebhookNotifier(new Secret(good, "env:HOOK"), format, true, client,
                            CLOCK, d -> {
                                throw new IllegalStateException("cannot wait for " + good + " or "
                                        + TOKEN.toLowerCase(Locale.ROOT));
                            }, QUICK);
                    server.script(Reply.status(503, echoBody));
                    assertDoesNotThrow(() -> buggy.notify(AlertFixtures.partial()));
                    server.script(Reply.status(503, echoBody));
                    seen.add(assertDoesNotThrow(buggy::sendTest).toString());
                    seen.add(buggy.toString());
                }
            });

            String logged = logs.everything();
            assertFalse(logged.isEmpty());
            assertNoSecret("log output", logged);
            for (String s : seen) {
                assertNoSecret("a result or toString", s);
            }

            // The failures were reported, naming format and status, just without the URL.
            List<String> warnings = logs.messages(Level.WARN);
            for (String expected : List.of("(slack)", "(discord)", "(generic)", "HTTP 500", "HTTP 400",
                    "HTTP 429", "HTTP 302", "timed out", "could not connect", "not a valid URL",
                    "must start with https://", "has no host name", "invalid port", "failed unexpectedly", "ProtocolException: Invalid status line: \"BOGUS POST [redacted]",
                    "IllegalStateException: cannot wait for [redacted] or [redacted]")) {
                assertTrue(warnings.stream().anyMatch(w -> w.contains(expected)), "no warning with " + expected
                        + " in\n" + String.join("\n", warnings));
            }
            assertTrue(garbage.connections() > 0, "the echoing status-line server was reached");
        }
    }

    @Test
    void theScrubberRemovesRawDecodedAndPartialForms() {
        UrlScrubber s = new UrlScrubber("https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/" + TOKEN
                + "?sig=" + QUERY_SECRET + "%2Fx");
        String text = "POST /services/T0AB12CD3/B0EF45GH6/" + TOKEN + " https:\\/\\/hooks.slack.com\\/services"
                + "\\/T0AB12CD3\\/B0EF45GH6\\/" + TOKEN.toLowerCase(Locale.ROOT) + " sig=" + QUERY_SECRET + "/x";
        String scrubbed = s.scrub(text);
        assertNoSecret("scrubbed text", scrubbed);
        assertFalse(scrubbed.contains("B0EF45GH6"), scrubbed);
        assertTrue(scrubbed.contains("hooks.slack.com"), scrubbed);
        assertEquals(null, s.scrub(null));
    }

    private WebhookNotifier notifier(String url, AlertFormat format) {
        return notifier(url, format, QUICK);
    }

    private WebhookNotifier notifier(String url, AlertFormat format, DeliveryPolicy policy) {
        WebhookNotifier n = new WebhookNotifier(new Secret(url, "env:HOOK"), format, true, client, CLOCK,
                d -> {
                }, policy);
        seen.add(n.toString());
        return n;
    }

    private void notifyVia(String url, AlertFormat format) {
        WebhookNotifier n = notifier(url, format);
        assertDoesNotThrow(() -> n.notify(AlertFixtures.partial()));
    }

    private String sendTestVia(String url, AlertFormat format) {
        WebhookNotifier n = notifier(url, format);
        String text = assertDoesNotThrow(n::sendTest).toString();
        seen.add(text);
        return text;
    }

    private static void assertNoSecret(String where, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains(TOKEN.toLowerCase(Locale.ROOT)), "the token leaked into " + where + ":\n" + text);
        assertFalse(lower.contains(QUERY_SECRET.toLowerCase(Locale.ROOT)),
                "the query secret leaked into " + where + ":\n" + text);
    }

    /**
     * A loopback server that answers every request with its own request line as a (malformed) status line, so the
     * HTTP client's parse error quotes the URL path. Serves connections on its own thread until closed.
     */
    private static final class EchoStatusLineServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "echo-status-line");
        private volatile int connections;

        EchoStatusLineServer() throws IOException {
            socket.setSoTimeout(200);
            thread.setDaemon(true);
            thread.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        int connections() {
            return connections;
        }

        private void serve() {
            for (int served = 0; served < 1000 && !socket.isClosed(); ) {
                try (Socket s = socket.accept()) {
                    served++;
                    connections++;
                    s.setSoTimeout(2000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    String requestLine = in.readLine();
                    OutputStream out = s.getOutputStream();
                    out.write(("BOGUS " + requestLine + "\r\nX: " + requestLine + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (SocketTimeoutException e) {
                    // poll again: closing ends the loop
                } catch (IOException e) {
                    if (socket.isClosed()) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
