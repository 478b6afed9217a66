package dev.grove.patina.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.alert.Notifier;
import dev.grove.patina.alert.WebhookNotifier;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.S3StoreConfig;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import dev.grove.patina.util.Secret;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.value.ObservableValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z"); // a Saturday
    private static final String S3_SECRET = "s3-secret-value-9f8e7d";
    private static final String HOOK_SECRET = "hooks-token-abc123";
    private static final Map<String, String> ENV = Map.of("PATINA_R2_SECRET", S3_SECRET,
            "PATINA_WEBHOOK", "http://127.0.0.1:9/services/" + HOOK_SECRET);

    @TempDir
    Path dir;

    /** The loader of this test's environment: what Patina's next start would read the file with. */
    private ConfigLoader loader() {
        return new ConfigLoader(ENV::get, dir.resolve("data"), name -> Optional.empty());
    }

    private PatinaConfig load(Path file) {
        return loader().load(file);
    }

    private SettingsViewModel model(PatinaConfig config, Notifier notifier) {
        return new SettingsViewModel(config, new SettingsSaver(loader()), Clock.fixed(NOW, ZoneOffset.UTC),
                StoreProbe.of(new LocalFolderStore(dir.resolve("store"))), notifier, new SyncUiExecutor());
    }

    private PatinaConfig localConfig() throws Exception {
        return load(UiFixtures.workspace(dir, List.of("shop"), 2));
    }

    @Test
    void showsTheConfiguredScheduleWithItsNextThreeFireTimes() throws Exception {
        SettingsViewModel m = model(localConfig(), Notifier.none());
        assertEquals("0 0 2 * * ?", m.nightlyProperty().get());
        assertEquals("Every day at 02:00\nNext: Sun 29 Nov 02:00, Mon 30 Nov 02:00, Tue 1 Dec 02:00 (UTC)",
                m.nightlyPreviewProperty().get());
        assertEquals("Every Sunday at 03:00\nNext: Sun 29 Nov 03:00, Sun 6 Dec 03:00, Sun 13 Dec 03:00 (UTC)",
                m.weeklyPreviewProperty().get());
        assertFalse(m.canSaveProperty().get(), "nothing changed yet");
    }

    @Test
    void nextFireTimesFollowTheEditedZone() throws Exception {
        SettingsViewModel m = model(localConfig(), Notifier.none());
        m.timezoneProperty().set("Europe/Berlin");
        assertEquals("Every day at 02:00\nNext: Sun 29 Nov 02:00, Mon 30 Nov 02:00, Tue 1 Dec 02:00 (Europe/Berlin)",
                m.nightlyPreviewProperty().get());
        m.timezoneProperty().set("Mars/Olympus");
        assertTrue(m.timezoneErrorProperty().get().startsWith("Not a time zone"));
        assertFalse(m.canSaveProperty().get());
    }

    @Test
    void badCronShowsAnInlineErrorNamingTheProblemAndDisablesSave() throws Exception {
        SettingsViewModel m = model(localConfig(), Notifier.none());
        m.dailyDaysProperty().set("9");
        assertTrue(m.canSaveProperty().get());
        m.nightlyProperty().set("0 2 * * *");
        assertEquals("Not a valid Quartz cron expression: it has 5 fields, like a Unix cron; Quartz puts seconds"
                + " first and needs ? in day-of-month or day-of-week, for example \"0 0 2 * * ?\"",
                m.nightlyErrorProperty().get());
        assertEquals("", m.nightlyPreviewProperty().get());
        assertFalse(m.canSaveProperty().get());
        m.weeklyProperty().set("0 0 25 ? * SUN");
        assertTrue(m.weeklyErrorProperty().get().contains("hours field '25': 25 is out of range 0-23"),
                m.weeklyErrorProperty().get());
        m.save();
        assertEquals("", m.messageProperty().get(), "an invalid form is not saved");
        m.nightlyProperty().set("0 30 1 * * ?");
        m.weeklyProperty().set("0 0 4 ? * SAT");
        assertEquals("", m.nightlyErrorProperty().get());
        assertTrue(m.canSaveProperty().get());
    }

    @Test
    void retentionAndConcurrencyAreCheckedInline() throws Exception {
        SettingsViewModel m = model(localConfig(), Notifier.none());
        m.dailyDaysProperty().set("0");
        assertTrue(m.dailyDaysErrorProperty().get().contains("≥ 1"));
        m.weeklyWeeksProperty().set("0");
        assertTrue(m.dailyDaysErrorProperty().get().contains("keep nothing"));
        m.weeklyWeeksProperty().set("-1");
        assertTrue(m.weeklyWeeksErrorProperty().get().contains("≥ 0"));
        m.concurrencyProperty().set("17");
        assertTrue(m.concurrencyErrorProperty().get().contains("1 to 16"));
        assertFalse(m.canSaveProperty().get());
        m.revert();
        assertEquals("", m.dailyDaysErrorProperty().get() + m.weeklyWeeksErrorProperty().get()
                + m.concurrencyErrorProperty().get());
    }

    @Test
    void savingTheFormKeepsTheCompressionWorkersItDoesNotShow() throws Exception {
        Path file = UiFixtures.workspace(dir, List.of("shop"), 2);
        String text = java.nio.file.Files.readString(file);
        java.nio.file.Files.writeString(file, text.contains("[compression]")
                ? text.replace("[compression]", "[compression]\nworkers = 2")
                : text + "\n[compression]\ndaily = \"zstd\"\nworkers = 2\n");
        PatinaConfig before = load(file);
        assertEquals(java.util.OptionalInt.of(2), before.compression().workers());
        SettingsViewModel m = model(before, Notifier.none());
        m.compressionProperty().set(Compression.GZIP);
        m.save();
        PatinaConfig after = load(file);
        assertEquals(Compression.GZIP, after.compression().daily());
        assertEquals(java.util.OptionalInt.of(2), after.compression().workers());
    }

    @Test
    void aValidEditIsSavedAndLoadsBackAsEdited() throws Exception {
        PatinaConfig before = localConfig();
        SettingsViewModel m = model(before, Notifier.none());
        m.nightlyProperty().set("0 15 1 * * ?");
        m.weeklyProperty().set("0 0 4 ? * SAT");
        m.timezoneProperty().set("Europe/Berlin");
        m.concurrencyProperty().set("5");
        m.dailyDaysProperty().set("14");
        m.weeklyWeeksProperty().set("0");
        m.compressionProperty().set(Compression.GZIP);
        m.save();
        assertTrue(m.messageProperty().get().startsWith("Saved to " + before.file()), m.messageProperty().get());
        assertTrue(m.messageProperty().get().contains("after a restart"));
        assertFalse(m.canSaveProperty().get(), "saved: nothing left to save");

        PatinaConfig after = load(before.file());
        assertEquals("0 15 1 * * ?", after.schedule().nightly());
        assertEquals("0 0 4 ? * SAT", after.schedule().weekly());
        assertEquals(ZoneId.of("Europe/Berlin"), after.schedule().timezone());
        assertEquals(5, after.schedule().concurrency());
        assertEquals(14, after.retention().dailyDays());
        assertEquals(0, after.retention().weeklyWeeks());
        assertEquals(Compression.GZIP, after.compression().daily());
        assertEquals(before.databases(), after.databases());
        assertEquals(before.store(), after.store());
        assertEquals(m.edited(), after);
    }

    @Test
    void secretReferencesSurviveASaveAndNoValueReachesAnyProperty() throws Exception {
        Path file = dir.resolve("patina.toml");
        Files.writeString(file, """
                [store]
                type = "s3"
                endpoint = "https://acct.r2.cloudflarestorage.com"
                bucket = "backups"
                access_key_id = "AKID123"
                secret_access_key = "env:PATINA_R2_SECRET"
                prefix = "prod"

                [alerts]
                webhook_url = "env:PATINA_WEBHOOK"
                format = "slack"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("catalog.sqlite")));
        PatinaConfig before = load(file);
        SettingsViewModel m = model(before, Notifier.none());
        List<String> shown = texts(m);
        assertTrue(shown.contains("from env:PATINA_R2_SECRET"), shown.toString());
        assertTrue(shown.contains("from env:PATINA_WEBHOOK"), shown.toString());

        m.dailyDaysProperty().set("30");
        m.save();
        String toml = Files.readString(file);
        assertTrue(toml.contains("secret_access_key = \"env:PATINA_R2_SECRET\""), toml);
        assertTrue(toml.contains("webhook_url = \"env:PATINA_WEBHOOK\""), toml);
        assertFalse(toml.contains(S3_SECRET) || toml.contains(HOOK_SECRET), toml);
        PatinaConfig after = load(file);
        S3StoreConfig s3 = (S3StoreConfig) after.store();
        assertEquals(new Secret(S3_SECRET, "env:PATINA_R2_SECRET"), s3.secretAccessKey());
        assertEquals(before.alerts(), after.alerts());
        assertEquals(30, after.retention().dailyDays());

        for (String text : texts(m)) {
            assertFalse(text.contains(S3_SECRET) || text.contains(HOOK_SECRET), text);
        }
    }

    @Test
    void testConnectionReportsTheStoreInline() throws Exception {
        SettingsViewModel m = model(localConfig(), Notifier.none());
        m.testConnection();
        assertTrue(m.storeResultProperty().get().startsWith("Connected: "), m.storeResultProperty().get());
        assertTrue(m.storeOkProperty().get());
        assertFalse(m.testingStoreProperty().get());
    }

    @Test
    void sendTestAlertReportsTheAnswerWithoutTheUrl() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> paths = new ArrayList<>();
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/services/" + HOOK_SECRET;
            WebhookNotifier webhook = new WebhookNotifier(new Secret(url, "env:PATINA_WEBHOOK"), AlertFormat.SLACK,
                    false, WebhookNotifier.newHttpClient(dev.grove.patina.alert.DeliveryPolicy.defaults()),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            SettingsViewModel m = model(localConfig(), webhook);
            assertTrue(m.canSendTestAlert());
            m.sendTestAlert();
            assertTrue(m.alertOkProperty().get(), m.alertResultProperty().get());
            assertTrue(m.alertResultProperty().get().contains("HTTP 200"), m.alertResultProperty().get());
            assertFalse(m.alertResultProperty().get().contains(HOOK_SECRET));
            assertEquals(List.of("/services/" + HOOK_SECRET), paths);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void cronTextReadsTheCommonShapes() {
        assertEquals("Every day at 02:00", CronText.describe("0 0 2 * * ?"));
        assertEquals("Every Monday, Friday at 23:45:30", CronText.describe("30 45 23 ? * MON,FRI"));
        assertEquals("Every weekday at 06:00", CronText.describe("0 0 6 ? * MON-FRI"));
        assertEquals("On day 1 of every month at 04:00", CronText.describe("0 0 4 1 * ?"));
        assertEquals("On the last day of every month at 04:00", CronText.describe("0 0 4 L * ?"));
        assertEquals("Every hour at minute 15", CronText.describe("0 15 * * * ?"));
        assertEquals("Custom schedule", CronText.describe("0 0/30 8-18 ? * MON-FRI"));
    }

    /** Every string any property or row of the model shows. */
    private static List<String> texts(SettingsViewModel m) throws Exception {
        List<String> out = new ArrayList<>();
        for (Method method : SettingsViewModel.class.getMethods()) {
            if (method.getParameterCount() == 0 && ObservableValue.class.isAssignableFrom(method.getReturnType())) {
                Object value = ((ObservableValue<?>) method.invoke(m)).getValue();
                out.add(String.valueOf(value));
            }
        }
        for (String[] row : m.storeRows()) {
            out.addAll(List.of(row));
        }
        for (String[] row : m.alertRows()) {
            out.addAll(List.of(row));
        }
        return out;
    }
}
