package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.model.AlertFormat;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Settings tab's alerts in the real console, headless: "Edit alerts…" opens the dialog, a webhook URL typed in
 * plain is refused under its field (the URL is a secret) and shown in no label, a reference clears the error, the
 * dialog's "Send test alert" reaches a real local webhook through a {@code file:} reference, and Cancel writes
 * nothing. Writes settings-alerts-dialog.png (target/screenshots, or docs/screenshots with
 * {@code -Dpatina.screenshots.update=true}).
 */
class SettingsAlertsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z");
    private static final String TOKEN = "q9WebhookCanaryToken4Xr";

    @TempDir
    Path dir;
    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        console = ConsoleFixture.start(dir, Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW)));
    }

    @AfterEach
    void stop() throws Exception {
        console.stop();
    }

    @Test
    void aPlainWebhookUrlIsRefusedInlineAndCancelWritesNothing() throws Exception {
        String before = Files.readString(console.config);
        console.robot.clickOn("Settings");
        WaitForAsyncUtils.waitForFxEvents();
        console.robot.clickOn(console.scrollIntoView("#editAlerts"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.node("#alertsOffNote").isVisible(), "the demo has no webhook: no alerts");
        assertTrue(console.node("#alertSendTest").isDisabled(), "nothing to test while alerts are off");

        console.robot.clickOn("#alertsWebhook");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Required: where the webhook URL is, e.g. env:PATINA_WEBHOOK",
                console.text("#alertWebhookUrlError"));
        String plain = "https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/" + TOKEN;
        console.robot.clickOn("#alertWebhookUrl").write(plain);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Must be a reference to the secret — env:NAME, file:/path or keyring:NAME — not the secret"
                + " itself", console.text("#alertWebhookUrlError"));
        assertTrue(console.node("#alertSave").isDisabled(), "a plain URL cannot be saved");
        Node dialog = console.node("#alertsDialog");
        for (Node n : console.robot.from(dialog).lookup((Node node) -> node instanceof Labeled).queryAll()) {
            String text = ((Labeled) n).getText();
            assertFalse(text != null && text.contains(TOKEN), "a label shows the URL: " + text);
        }

        TextField url = console.robot.lookup("#alertWebhookUrl").query();
        WaitForAsyncUtils.asyncFx(url::clear).get(5, TimeUnit.SECONDS);
        console.robot.clickOn(url).write("env:PATINA_WEBHOOK");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(console.node("#alertWebhookUrlError").isVisible());
        assertFalse(console.node("#alertSave").isDisabled());
        ComboBox<AlertFormat> format = console.robot.lookup("#alertFormat").query();
        WaitForAsyncUtils.asyncFx(() -> format.setValue(AlertFormat.DISCORD)).get(5, TimeUnit.SECONDS);
        console.robot.clickOn("#alertOnSuccess");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("A Discord channel webhook: {\"content\": …}, at most 2000 characters",
                console.text("#alertFormatPreview"));
        Screenshots.write(dialog.getScene(), "settings-alerts-dialog.png");

        // the dialog's test alert goes over real HTTP with the edited values: here a file: reference
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> bodies = new CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            try (exchange) {
                bodies.add(exchange.getRequestURI().getRawPath() + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        try {
            Path hook = dir.resolve("webhook-url");
            Files.writeString(hook, "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + TOKEN + "\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rw-------"));
            WaitForAsyncUtils.asyncFx(url::clear).get(5, TimeUnit.SECONDS);
            console.robot.clickOn(url).write("file:" + hook);
            console.robot.clickOn("#alertSendTest");
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> console.text("#alertStatus").startsWith("Test"));
            assertEquals("Test alert delivered to the Discord webhook (HTTP 204).", console.text("#alertStatus"));
            assertEquals(1, bodies.size());
            assertTrue(bodies.get(0).startsWith("/hooks/" + TOKEN + " {\"content\":"), bodies.get(0));
            for (Node n : console.robot.from(dialog).lookup((Node node) -> node instanceof Labeled).queryAll()) {
                String text = ((Labeled) n).getText();
                assertFalse(text != null && text.contains(TOKEN), "a label shows the URL: " + text);
            }
        } finally {
            server.stop(0);
        }

        console.robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, Files.readString(console.config), "Cancel writes nothing");
        assertTrue(console.robot.lookup("none configured (no alerts)").tryQuery().isPresent(),
                "the tab still shows no webhook");
    }
}
