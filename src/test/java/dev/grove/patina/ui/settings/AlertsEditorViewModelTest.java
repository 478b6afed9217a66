package dev.grove.patina.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.alert.Notifier;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.config.AlertsConfig;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.testing.LogCapture;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import dev.grove.patina.ui.settings.AlertsEditorViewModel.AlertsField;
import dev.grove.patina.util.Secret;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.value.ObservableValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts editor on a real config file and a real webhook (an HTTP server on 127.0.0.1): the reference is
 * checked inline, resolved by the loader's resolver, the test alert carries the chosen format's body, and the URL —
 * a secret, with a token in its path — never reaches a property, a row or a log line.
 */
class AlertsEditorViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z");
    private static final String TOKEN = "Hk7CanaryWebhookTokenZ3q";
    private static final String HOOK_PATH = "/services/T0AB12CD3/B0EF45GH6/" + TOKEN;

    @TempDir
    Path dir;
    private Path file;
    private final Map<String, String> env = new HashMap<>();
    private ConfigLoader loader;
    private SettingsViewModel settings;
    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private String url;

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                paths.add(exchange.getRequestURI().getRawPath());
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                // a server that echoes the URL it was called on, as some do in their errors
                byte[] reply = ("no hook at " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.get(), reply.length);
                exchange.getResponseBody().write(reply);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + HOOK_PATH;
        env.put("PATINA_WEBHOOK", url);
        env.put("NOT_A_URL", "ftp://files.example/" + TOKEN);
        file = UiFixtures.workspace(dir, List.of("shop"), 2);
        loader = new ConfigLoader(env::get, dir.resolve("data"), name -> Optional.empty());
        settings = settings(loader.load(file));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private SettingsViewModel settings(PatinaConfig config) {
        return new SettingsViewModel(config, new SettingsSaver(loader), Clock.fixed(NOW, ZoneOffset.UTC),
                StoreProbe.of(new LocalFolderStore(dir.resolve("store"))), Notifier.none(), new SyncUiExecutor());
    }

    @Test
    void theWebhookIsAReferenceCheckedUnderItsField() throws Exception {
        String before = Files.readString(file);
        AlertsEditorViewModel m = settings.alertsEditor();
        assertFalse(m.enabledProperty().get(), "no [alerts] in the file: no alerts");
        assertEquals(AlertFormat.SLACK, m.formatProperty().get());
        assertTrue(m.validProperty().get());

        m.enabledProperty().set(true);
        assertEquals("Required: where the webhook URL is, e.g. env:PATINA_WEBHOOK",
                m.errorProperty(AlertsField.WEBHOOK_URL).get());
        m.webhookUrlProperty().set("https://hooks.slack.com" + HOOK_PATH);
        String plain = m.errorProperty(AlertsField.WEBHOOK_URL).get();
        assertEquals("Must be a reference to the secret — env:NAME, file:/path or keyring:NAME — not the secret"
                + " itself", plain);
        assertFalse(m.validProperty().get());
        m.sendTestAlert();
        assertEquals("Fix the fields marked in red first.", m.statusProperty().get());
        m.save(() -> { throw new AssertionError("saved an invalid form"); });

        m.webhookUrlProperty().set("env:PATINA-WEBHOOK");
        assertTrue(m.errorProperty(AlertsField.WEBHOOK_URL).get().contains("not a valid env:NAME reference"));

        m.webhookUrlProperty().set("env:PATINA_UNSET");
        assertTrue(m.validProperty().get(), "the form is right; the loader reads it in the background");
        m.sendTestAlert();
        assertEquals("The webhook URL refers to environment variable PATINA_UNSET, which is not set",
                m.errorProperty(AlertsField.WEBHOOK_URL).get());
        assertEquals("Fix the fields marked in red.", m.statusProperty().get());

        m.webhookUrlProperty().set("env:NOT_A_URL");
        m.save(() -> { throw new AssertionError("saved a webhook that is not a URL"); });
        assertEquals("The webhook URL (from env:NOT_A_URL) is not an http(s) URL",
                m.errorProperty(AlertsField.WEBHOOK_URL).get());
        assertEquals("Not saved: fix the fields marked in red.", m.statusProperty().get());

        m.enabledProperty().set(false);
        assertEquals("", m.errorProperty(AlertsField.WEBHOOK_URL).get(), "no alerts: nothing to check");
        assertTrue(m.validProperty().get());
        m.sendTestAlert();
        assertEquals("Alerts are off: there is no webhook to test.", m.statusProperty().get());
        assertEquals(before, Files.readString(file), "nothing was written");
        assertEquals(List.of(), paths, "nothing was sent");
    }

    @Test
    void aTestAlertUsesTheEditedValuesAndCarriesTheChosenFormatsBody() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (LogCapture logs = new LogCapture()) {
            AlertsEditorViewModel m = settings.alertsEditor();
            m.enabledProperty().set(true);
            m.webhookUrlProperty().set("env:PATINA_WEBHOOK");
            for (AlertFormat format : AlertFormat.values()) {
                m.formatProperty().set(format);
                m.sendTestAlert();
                assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
                assertTrue(m.statusProperty().get().endsWith("webhook (HTTP 200)."), m.statusProperty().get());
                assertNoUrl(m.statusProperty().get());
            }
            assertEquals(List.of(HOOK_PATH, HOOK_PATH, HOOK_PATH), paths);
            JsonNode slack = json.readTree(bodies.get(0));
            assertTrue(slack.get("text").asText().contains("test"), slack.toString());
            assertEquals(1, slack.size(), slack.toString());
            JsonNode discord = json.readTree(bodies.get(1));
            assertTrue(discord.get("content").asText().contains("test"), discord.toString());
            assertTrue(discord.get("allowed_mentions").get("parse").isEmpty(), discord.toString());
            JsonNode generic = json.readTree(bodies.get(2));
            assertTrue(generic.get("test").asBoolean(), generic.toString());
            assertEquals("test", generic.get("trigger").asText());
            assertTrue(generic.get("databases").isArray());
            assertNoUrl(logs.everything());
            assertNoUrl(texts(m) + " " + texts(settings));
        }
    }

    @Test
    void aRefusalAndAnUnreachableWebhookAreNamedWithoutTheUrl() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            AlertsEditorViewModel m = settings.alertsEditor();
            m.enabledProperty().set(true);
            m.webhookUrlProperty().set("env:PATINA_WEBHOOK");
            answer.set(500);
            m.sendTestAlert();
            assertFalse(m.statusOkProperty().get());
            String refused = m.statusProperty().get();
            assertTrue(refused.startsWith("Test alert not delivered to the Slack webhook: HTTP 500."), refused);
            assertNoUrl(refused);
            assertEquals(1, paths.size(), "a test alert is sent once, not retried");

            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            String dead = "http://127.0.0.1:" + closed + HOOK_PATH;
            env.put("PATINA_DEAD_HOOK", dead);
            m.webhookUrlProperty().set("env:PATINA_DEAD_HOOK");
            m.sendTestAlert();
            assertFalse(m.statusOkProperty().get());
            String unreachable = m.statusProperty().get();
            assertTrue(unreachable.startsWith("Test alert not delivered to the Slack webhook: could not connect"),
                    unreachable);
            assertNoUrl(unreachable);
            assertFalse(unreachable.contains(dead) || unreachable.contains(TOKEN), unreachable);
            String logged = logs.everything();
            assertNoUrl(logged);
            assertFalse(logged.contains(dead), logged);
            assertTrue(logged.contains("HTTP 500"), "the refusal is logged, without the URL");
        }
    }

    @Test
    void saveWritesTheReferenceAndTheLoaderReadsTheSameAlertsBack() throws Exception {
        PatinaConfig before = loader.load(file);
        AlertsEditorViewModel m = settings.alertsEditor();
        m.enabledProperty().set(true);
        m.webhookUrlProperty().set("env:PATINA_WEBHOOK");
        m.formatProperty().set(AlertFormat.DISCORD);
        m.onSuccessProperty().set(true);
        AtomicInteger closed = new AtomicInteger();
        m.save(closed::incrementAndGet);
        assertEquals(1, closed.get(), m.statusProperty().get());

        String toml = Files.readString(file);
        assertTrue(toml.contains("webhook_url = \"env:PATINA_WEBHOOK\""), toml);
        assertFalse(toml.contains(TOKEN), toml);
        PatinaConfig after = loader.load(file);
        assertEquals(new AlertsConfig(Optional.of(new Secret(url, "env:PATINA_WEBHOOK")), AlertFormat.DISCORD, true),
                after.alerts());
        assertEquals(before.databases(), after.databases());
        assertEquals(before.store(), after.store());
        assertEquals(before.schedule(), after.schedule());
        assertEquals(before.compression(), after.compression());

        assertEquals("Saved. Restart Patina to use the new alerts; until then it sends no alerts.",
                settings.messageProperty().get());
        assertEquals("patina.toml has changes this console does not use yet: restart Patina to use the new alerts.",
                settings.restartNoteProperty().get());
        assertEquals("from env:PATINA_WEBHOOK", settings.alertRows().get(0)[1]);
        assertEquals("discord", settings.alertRows().get(1)[1]);
        assertTrue(settings.canSendTestAlert(), "the tab's test alert follows the saved alerts");
        settings.sendTestAlert();
        assertTrue(settings.alertOkProperty().get(), settings.alertResultProperty().get());
        assertTrue(bodies.get(0).contains("\"content\""), bodies.get(0));

        AlertsEditorViewModel again = settings.alertsEditor();
        assertTrue(again.enabledProperty().get());
        assertEquals("env:PATINA_WEBHOOK", again.webhookUrlProperty().get());
        assertEquals(AlertFormat.DISCORD, again.formatProperty().get());
        assertTrue(again.onSuccessProperty().get());
        again.enabledProperty().set(false);
        again.save(closed::incrementAndGet);
        assertEquals(2, closed.get(), again.statusProperty().get());
        assertFalse(Files.readString(file).contains("webhook_url"), Files.readString(file));
        assertEquals(Optional.empty(), loader.load(file).alerts().webhookUrl());
        assertEquals("Saved. Patina already runs with these alerts.", settings.messageProperty().get());
        assertEquals("", settings.restartNoteProperty().get(), "the console runs without alerts, as the file says");
        assertEquals("none configured (no alerts)", settings.alertRows().get(0)[1]);
        assertFalse(settings.canSendTestAlert());
        assertNoUrl(texts(m) + " " + texts(again) + " " + texts(settings));
    }

    @Test
    void aWebhookWrittenInPlainTextIsKeptUntilItIsReplacedByAReference() throws Exception {
        Files.writeString(file, Files.readString(file) + "\n[alerts]\nwebhook_url = \"" + url + "\"\n");
        settings = settings(loader.load(file));
        AlertsEditorViewModel m = settings.alertsEditor();
        assertEquals("plain text in patina.toml", m.webhookUrlProperty().get(), "shown by its source only");
        assertTrue(m.validProperty().get(), "the configured webhook is kept as it is");
        m.sendTestAlert();
        assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
        m.onSuccessProperty().set(true);
        m.save(() -> { });
        assertEquals(new AlertsConfig(Optional.of(new Secret(url, "plain text in patina.toml")), AlertFormat.SLACK,
                true), loader.load(file).alerts());
        assertEquals("Saved. Restart Patina to use the new alerts; until then run alerts still go to the Slack"
                + " webhook from plain text in patina.toml (failures only).", settings.messageProperty().get());

        AlertsEditorViewModel next = settings.alertsEditor();
        next.webhookUrlProperty().set("env:PATINA_WEBHOOK");
        next.save(() -> { });
        String toml = Files.readString(file);
        assertTrue(toml.contains("webhook_url = \"env:PATINA_WEBHOOK\""), toml);
        assertFalse(toml.contains(TOKEN), "the plain-text URL is gone from the file");
    }

    private void assertNoUrl(String text) {
        assertFalse(text.contains(TOKEN), text);
        assertFalse(text.contains(url), text);
        assertFalse(text.contains(HOOK_PATH), text);
    }

    /** Every string any property of {@code model} shows, and the tab's rows. */
    private static String texts(Object model) throws Exception {
        StringBuilder out = new StringBuilder();
        for (Method method : model.getClass().getMethods()) {
            if (method.getParameterCount() == 0 && ObservableValue.class.isAssignableFrom(method.getReturnType())) {
                Object value = ((ObservableValue<?>) method.invoke(model)).getValue();
                out.append(value).append('\n');
            }
        }
        if (model instanceof SettingsViewModel s) {
            for (String[] row : s.alertRows()) {
                out.append(String.join(" ", row)).append('\n');
            }
            for (String[] row : s.storeRows()) {
                out.append(String.join(" ", row)).append('\n');
            }
        }
        if (model instanceof AlertsEditorViewModel a) {
            for (AlertsField f : AlertsField.values()) {
                out.append(a.errorProperty(f).get()).append('\n');
            }
        }
        return out.toString();
    }
}
