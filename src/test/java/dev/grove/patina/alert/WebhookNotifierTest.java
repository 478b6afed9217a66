package dev.grove.patina.alert;

import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.testing.LogCapture;

import static dev.grove.patina.alert.AlertTestServer.Reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.util.Secret;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebhookNotifier against a real HTTP server on 127.0.0.1. */
class WebhookNotifierTest {
    private static final String PATH = "/hooks/abc";
    private static final Clock CLOCK = Clock.fixed(AlertFixtures.ENDED.plusSeconds(5), ZoneOffset.UTC);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ObjectMapper json = new ObjectMapper();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final HttpClient client = WebhookNotifier.newHttpClient(DeliveryPolicy.defaults());
    private AlertTestServer server;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        server = AlertTestServer.start();
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.close();
    }

    private WebhookNotifier notifier(AlertFormat format, boolean onSuccess) {
        return notifier(server.url(PATH), format, onSuccess, DeliveryPolicy.defaults());
    }

    private WebhookNotifier notifier(String url, AlertFormat format, boolean onSuccess, DeliveryPolicy policy) {
        return new WebhookNotifier(new Secret(url, "env:TEST_WEBHOOK"), format, onSuccess, client, CLOCK,
                sleeps::add, policy);
    }

    private JsonNode onlyBody() throws Exception {
        assertEquals(1, server.requests(), "requests");
        AlertTestServer.Received r = server.received().get(0);
        assertEquals("POST", r.method());
        assertEquals(PATH, r.rawPath());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        return json.readTree(r.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- bodies ---------------------------------------------------------------------------------------------

    @Test
    void slackBodyHasASummaryAndOneLinePerFailedDatabase() throws Exception {
        notifier(AlertFormat.SLACK, false).notify(AlertFixtures.partial());

        JsonNode body = onlyBody();
        assertEquals(List.of("text"), fieldNames(body));
        String[] lines = body.get("text").asText().split("\n");
        assertEquals(3, lines.length, body.toString());
        assertEquals("\u26A0\uFE0F *Patina nightly run PARTIAL* for 2025-03-14: 2 of 3 databases failed "
                + "(run run-0042, schedule, 1m 05s)", lines[0]);
        assertEquals("\u2022 `orders`: disk full while writing &lt;tmp&gt; &amp; co", lines[1]);
        assertEquals("\u2022 `users_*prod*`: D1 API answered 503 service unavailable", lines[2]);
        assertEquals(List.of("Webhook alert (slack) for run run-0042 delivered: HTTP 200 after 1 attempt"),
                logs.messages(Level.INFO));
    }

    @Test
    void discordBodyIsContentWithEscapedMarkdownAndNoMentions() throws Exception {
        notifier(AlertFormat.DISCORD, false).notify(AlertFixtures.report(RunStatus.FAILED, List.of(
                AlertFixtures.failed("orders", "@everyone the *table* `x` is ~locked~"))));

        JsonNode body = onlyBody();
        assertEquals(List.of("content", "allowed_mentions"), fieldNames(body));
        assertTrue(body.get("allowed_mentions").get("parse").isArray());
        assertEquals(0, body.get("allowed_mentions").get("parse").size());
        String[] lines = body.get("content").asText().split("\n");
        assertEquals("\u274C **Patina nightly run FAILED** for 2025-03-14: 1 of 1 database failed "
                + "(run run-0042, schedule, 1m 05s)", lines[0]);
        assertEquals("\u2022 `orders`: @everyone the \\*table\\* \\`x\\` is \\~locked\\~", lines[1]);
    }

    @Test
    void discordContentStaysUnder2000CharactersAndCountsWhatItLeftOut() throws Exception {
        notifier(AlertFormat.DISCORD, false).notify(AlertFixtures.manyFailures(200));

        String content = onlyBody().get("content").asText();
        assertTrue(content.length() <= 2000, "length " + content.length());
        String[] lines = content.split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("\u2026 and \\d+ more"), last);
        int shown = lines.length - 2;
        int more = Integer.parseInt(last.replaceAll("\\D", ""));
        assertEquals(200, shown + more);
        assertTrue(shown >= 10, "shown " + shown);
        assertTrue(lines[1].startsWith("\u2022 `database_000`: could not open"), lines[1]);
    }

    @Test
    void genericBodyDescribesTheRunAndEveryDatabase() throws Exception {
        notifier(AlertFormat.GENERIC, false).notify(AlertFixtures.partial());

        JsonNode body = onlyBody();
        assertEquals(List.of("runId", "kind", "trigger", "runDate", "status", "startedAt", "endedAt", "databases"),
                fieldNames(body));
        assertEquals("run-0042", body.get("runId").asText());
        assertEquals("nightly", body.get("kind").asText());
        assertEquals("schedule", body.get("trigger").asText());
        assertEquals("2025-03-14", body.get("runDate").asText());
        assertEquals("partial", body.get("status").asText());
        assertEquals("2025-03-14T02:00:00Z", body.get("startedAt").asText());
        assertEquals("2025-03-14T02:01:05Z", body.get("endedAt").asText());
        JsonNode dbs = body.get("databases");
        assertEquals(3, dbs.size());
        JsonNode shop = dbs.get(0);
        assertEquals(List.of("name", "status", "rows", "bytes", "durationMs", "error", "objectKey"),
                fieldNames(shop));
        assertEquals("shop", shop.get("name").asText());
        assertEquals("ok", shop.get("status").asText());
        assertEquals(12_345, shop.get("rows").asLong());
        assertEquals(1536, shop.get("bytes").asLong());
        assertEquals(1234, shop.get("durationMs").asLong());
        assertTrue(shop.get("error").isNull());
        assertEquals("daily/2025-03-14/shop.sql.zst", shop.get("objectKey").asText());
        JsonNode orders = dbs.get(1);
        assertEquals("failed", orders.get("status").asText());
        assertEquals("disk full while writing <tmp> & co", orders.get("error").asText());
        assertTrue(orders.get("objectKey").isNull());
        assertEquals("D1 API answered 503\nservice unavailable", dbs.get(2).get("error").asText());
    }

    // ---- when to send ---------------------------------------------------------------------------------------

    @Test
    void aSuccessIsNotSentWhenOnSuccessIsOff() {
        notifier(AlertFormat.SLACK, false).notify(AlertFixtures.success());
        assertEquals(0, server.requests());
    }

    @Test
    void aSuccessIsSentWhenOnSuccessIsOn() throws Exception {
        notifier(AlertFormat.SLACK, true).notify(AlertFixtures.success());

        String[] lines = onlyBody().get("text").asText().split("\n");
        assertEquals("\u2705 *Patina nightly run OK* for 2025-03-14: 2 databases, 12,355 rows, 2.0 MiB "
                + "(run run-0042, schedule, 1m 05s)", lines[0]);
        assertEquals("\u2022 `shop` \u2014 12,345 rows, 1.5 KiB in 1.2 s", lines[1]);
        assertEquals("\u2022 `blog` \u2014 10 rows, 2.0 MiB in 1.2 s", lines[2]);
    }

    @Test
    void failuresAreSentEvenWhenOnSuccessIsOff() {
        for (RunStatus status : List.of(RunStatus.FAILED, RunStatus.PARTIAL, RunStatus.INTERRUPTED)) {
            notifier(AlertFormat.GENERIC, false).notify(AlertFixtures.report(status, List.of()));
        }
        assertEquals(3, server.requests());
    }

    @Test
    void anInterruptedRunWithoutFailedDatabasesSaysItStopped() throws Exception {
        notifier(AlertFormat.SLACK, false).notify(AlertFixtures.report(RunStatus.INTERRUPTED,
                List.of(AlertFixtures.ok("shop", 1, 1))));
        assertEquals("\u26A0\uFE0F *Patina nightly run INTERRUPTED* for 2025-03-14: stopped before it finished "
                + "(1 database done) (run run-0042, schedule, 1m 05s)", onlyBody().get("text").asText());
    }

    // ---- retries --------------------------------------------------------------------------------------------

    @Test
    void retriesA500ThenSucceeds() {
        server.script(Reply.status(500), Reply.status(502));
        notifier(AlertFormat.SLACK, false).notify(AlertFixtures.partial());

        assertEquals(3, server.requests());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeps);
        assertEquals(List.of("Webhook alert (slack) for run run-0042 delivered: HTTP 200 after 3 attempts"),
                logs.messages(Level.INFO));
    }

    @Test
    void givesUpAfterThreeAttemptsAndLogsFormatAndStatus() {
        server.otherwise(Reply.status(503, "down"));
        notifier(AlertFormat.DISCORD, false).notify(AlertFixtures.partial());

        assertEquals(3, server.requests());
        assertEquals(2, sleeps.size());
        assertEquals(List.of("Webhook alert (discord) for run run-0042 not delivered after 3 attempts: HTTP 503"),
                logs.messages(Level.WARN));
    }

    @Test
    void a429WaitsWhatRetryAfterAsks() {
        server.script(Reply.status(429).header("Retry-After", "7"));
        notifier(AlertFormat.SLACK, false).notify(AlertFixtures.partial());

        assertEquals(2, server.requests());
        assertEquals(List.of(Duration.ofSeconds(7)), sleeps);
    }

    @Test
    void retryAfterIsCappedAndMayBeAnHttpDate() {
        String inTwelveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(CLOCK.instant().plusSeconds(12).atZone(ZoneOffset.UTC));
        server.script(Reply.status(429).header("Retry-After", "3600"),
                Reply.status(503).header("Retry-After", inTwelveSeconds));
        notifier(AlertFormat.SLACK, false).notify(AlertFixtures.partial());

        assertEquals(3, server.requests());
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(12)), sleeps);
    }

    @Test
    void a429ThatNeverEndsGivesUp() {
        server.otherwise(Reply.status(429).header("Retry-After", "1"));
        notifier(AlertFormat.SLACK, false).notify(AlertFixtures.partial());

        assertEquals(3, server.requests());
        assertEquals(List.of("Webhook alert (slack) for run run-0042 not delivered after 3 attempts: "
                + "HTTP 429 (rate limited)"), logs.messages(Level.WARN));
    }

    @Test
    void a400IsNotRetried() {
        server.otherwise(Reply.status(400, "invalid_payload"));
        notifier(AlertFormat.SLACK, false).notify(AlertFixtures.partial());

        assertEquals(1, server.requests());
        assertEquals(List.of(), sleeps);
        assertEquals(List.of("Webhook alert (slack) for run run-0042 not delivered after 1 attempt: HTTP 400"),
                logs.messages(Level.WARN));
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.otherwise(Reply.status(302).header("Location", "http://127.0.0.1:1/elsewhere"));
        notifier(AlertFormat.GENERIC, false).notify(AlertFixtures.partial());

        assertEquals(1, server.requests());
        assertTrue(logs.messages(Level.WARN).get(0).endsWith("HTTP 302 (redirects are not followed)"));
    }

    // ---- a webhook that never answers, or is not there ------------------------------------------------------

    @Test
    void aHangingServerTimesOutAndNotifyReturns() {
        server.otherwise(Reply.hanging());
        DeliveryPolicy quick = DeliveryPolicy.defaults().withTimeout(Duration.ofMillis(300));
        WebhookNotifier n = notifier(server.url(PATH), AlertFormat.SLACK, false, quick);

        assertTimeoutPreemptively(TIMEOUT, () -> n.notify(AlertFixtures.partial()));

        assertEquals(3, server.requests());
        assertEquals(List.of("Webhook alert (slack) for run run-0042 not delivered after 3 attempts: "
                + "timed out after 300 ms"), logs.messages(Level.WARN));
    }

    @Test
    void aRefusedConnectionIsRetriedAndNotifyReturns() throws Exception {
        String url = "http://127.0.0.1:" + closedPort() + PATH;
        WebhookNotifier n = notifier(url, AlertFormat.DISCORD, false, DeliveryPolicy.defaults());

        assertTimeoutPreemptively(TIMEOUT, () -> n.notify(AlertFixtures.partial()));

        assertEquals(2, sleeps.size());
        List<String> warnings = logs.messages(Level.WARN);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith(
                "Webhook alert (discord) for run run-0042 not delivered after 3 attempts: could not connect"),
                warnings.get(0));
    }

    @Test
    void anUnusableUrlIsLoggedNotThrown() {
        notifier("ftp://127.0.0.1/x", AlertFormat.SLACK, false, DeliveryPolicy.defaults())
                .notify(AlertFixtures.partial());
        notifier("not a url", AlertFormat.SLACK, false, DeliveryPolicy.defaults()).notify(AlertFixtures.partial());

        assertEquals(List.of(
                "Webhook alert (slack) for run run-0042 not sent: the webhook URL (env:TEST_WEBHOOK) must start "
                        + "with https://",
                "Webhook alert (slack) for run run-0042 not sent: the webhook URL (env:TEST_WEBHOOK) is not a "
                        + "valid URL"), logs.messages(Level.WARN));
    }

    @Test
    void aFailingSleeperOrANullReportNeverEscapes() {
        server.otherwise(Reply.status(500));
        WebhookNotifier n = new WebhookNotifier(new Secret(server.url(PATH), "test"), AlertFormat.SLACK, false,
                client, CLOCK, d -> {
                    throw new IllegalStateException("sleeper broke");
                }, DeliveryPolicy.defaults());

        n.notify(AlertFixtures.partial());
        n.notify(null);

        assertEquals(List.of("Webhook alert (slack) failed unexpectedly: IllegalStateException: sleeper broke",
                "Webhook alert (slack) not sent: no run report"), logs.messages(Level.WARN));
    }

    @Test
    void anInterruptedCallerStopsRetryingAndKeepsItsInterrupt() {
        server.otherwise(Reply.status(500));
        WebhookNotifier n = new WebhookNotifier(new Secret(server.url(PATH), "test"), AlertFormat.SLACK, false,
                client, CLOCK, d -> {
                    throw new InterruptedException();
                }, DeliveryPolicy.defaults());
        try {
            n.notify(AlertFixtures.partial());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, server.requests());
    }

    // ---- send test alert ------------------------------------------------------------------------------------

    @Test
    void sendTestReportsSuccess() throws Exception {
        AlertTestResult r = notifier(AlertFormat.DISCORD, false).sendTest();

        assertTrue(r.ok(), r.message());
        assertEquals(200, r.statusCode());
        assertEquals("Test alert delivered to the Discord webhook (HTTP 200).", r.message());
        assertEquals("\u2705 **Patina test alert**: this webhook works (sent 2025-03-14T02:01:10Z).",
                onlyBody().get("content").asText());
    }

    @Test
    void sendTestOfTheGenericFormatIsAWellFormedRunDocument() throws Exception {
        assertTrue(notifier(AlertFormat.GENERIC, false).sendTest().ok());
        JsonNode body = onlyBody();
        assertTrue(body.get("test").asBoolean());
        assertEquals("test", body.get("trigger").asText());
        assertEquals("ok", body.get("status").asText());
        assertEquals(0, body.get("databases").size());
    }

    @Test
    void sendTestReportsFailureInOneAttempt() {
        server.otherwise(Reply.status(404, "no_service"));
        AlertTestResult r = notifier(AlertFormat.SLACK, false).sendTest();

        assertFalse(r.ok());
        assertEquals(404, r.statusCode());
        assertEquals("Test alert not delivered to the Slack webhook: HTTP 404. The webhook answered: no_service",
                r.message());
        assertEquals(1, server.requests());
    }

    @Test
    void sendTestReportsAnUnreachableWebhook() throws Exception {
        AlertTestResult r = notifier("http://127.0.0.1:" + closedPort() + PATH, AlertFormat.SLACK, false,
                DeliveryPolicy.defaults()).sendTest();

        assertFalse(r.ok());
        assertEquals(0, r.statusCode());
        assertTrue(r.message().startsWith("Test alert not delivered to the Slack webhook: could not connect"),
                r.message());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void sendTestReportsABadUrl() {
        AlertTestResult r = notifier("", AlertFormat.SLACK, false, DeliveryPolicy.defaults()).sendTest();
        assertFalse(r.ok());
        assertEquals("Not sent: the webhook URL (env:TEST_WEBHOOK) is empty.", r.message());
    }

    /** A loopback port nothing listens on: bound, then released. */
    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theNotifierSaysWhatItIs() {
        assertNotNull(notifier(AlertFormat.SLACK, true).toString());
        assertEquals("WebhookNotifier(slack, url from env:TEST_WEBHOOK, onSuccess=true)",
                notifier(AlertFormat.SLACK, true).toString());
    }
}
