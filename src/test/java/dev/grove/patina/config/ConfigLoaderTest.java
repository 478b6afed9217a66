package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.model.AlertFormat;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final String FULL = """
            # Patina, production
            [store]
            type = "s3"
            endpoint = "https://acc.r2.cloudflarestorage.com"
            bucket = "grove-patina"
            region = "auto"
            access_key_id = "AKIDEXAMPLE"
            secret_access_key = "env:PATINA_R2_SECRET"
            prefix = "prod/"

            [[databases]]
            name = "grove-domain-jobs"
            type = "sqlite"
            path = "/data/jobs.sqlite"
            strategy = "differential"

            [[databases]]
            name = "grove-edge"
            type = "d1"
            account_id = "0123456789abcdef0123456789abcdef"
            database_id = "6f1c2b1e-1111-4a4a-9b9b-222233334444"
            api_token = "keyring:d1-token"
            api_base = "http://127.0.0.1:8787/client/v4"
            mode = "export"

            [schedule]
            concurrency = 4
            nightly = "0 30 1 * * ?"
            weekly = "0 0 4 ? * SAT"
            cleanup = "0 0 5 ? * SAT 2020-2099"
            timezone = "Europe/Berlin"

            [retention]
            daily_days = 10
            weekly_weeks = 0

            [compression]
            daily = "zstd"
            workers = 3

            [alerts]
            webhook_url = "env:PATINA_WEBHOOK"
            format = "discord"
            on_success = true
            schema_changes = "alert"

            [catalog]
            path = "state/catalog.sqlite"

            [api]
            enabled = true
            bind = "0.0.0.0"
            port = 9000
            token = "file:api-token"
            tls_keystore = "tls/patina.p12"
            tls_keystore_password = "env:PATINA_TLS_PASSWORD"
            """;

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
        fx.env.put("PATINA_R2_SECRET", "r2-secret-value");
        fx.env.put("PATINA_WEBHOOK", "https://hooks.example.com/services/T/B/x");
        fx.env.put("PATINA_TLS_PASSWORD", "tls-password-value");
        fx.keyring.put("d1-token", "d1-token-value");
        fx.secretFile("api-token", "api-token-value\n");
    }

    @Test
    void loadsAFullConfig() {
        PatinaConfig c = fx.load(FULL);

        assertEquals(fx.file, c.file());
        S3StoreConfig s3 = assertInstanceOf(S3StoreConfig.class, c.store());
        assertEquals(URI.create("https://acc.r2.cloudflarestorage.com"), s3.endpoint());
        assertEquals("grove-patina", s3.bucket());
        assertEquals("auto", s3.region());
        assertEquals("AKIDEXAMPLE", s3.accessKeyId());
        assertEquals("r2-secret-value", s3.secretAccessKey().reveal());
        assertEquals("env:PATINA_R2_SECRET", s3.secretAccessKey().source());
        assertEquals("prod/", s3.prefix());

        assertEquals(2, c.databases().size());
        assertEquals(new SqliteDatabaseConfig("grove-domain-jobs", Path.of("/data/jobs.sqlite"), List.of(),
                "differential"), c.databases().get(0));
        assertTrue(c.databases().get(0).differential());
        D1DatabaseConfig d1 = assertInstanceOf(D1DatabaseConfig.class, c.databases().get(1));
        assertEquals("grove-edge", d1.name());
        assertEquals("0123456789abcdef0123456789abcdef", d1.accountId());
        assertEquals("6f1c2b1e-1111-4a4a-9b9b-222233334444", d1.databaseId());
        assertEquals("d1-token-value", d1.apiToken().reveal());
        assertEquals("keyring:d1-token", d1.apiToken().source());
        assertEquals(URI.create("http://127.0.0.1:8787/client/v4"), d1.apiBase());
        assertEquals("export", d1.mode());
        assertEquals("full", d1.strategy(), "strategy is full when left out");
        assertTrue(c.database("grove-edge").isPresent());

        assertEquals(new ScheduleConfig(4, "0 30 1 * * ?", "0 0 4 ? * SAT", "0 0 5 ? * SAT 2020-2099",
                ZoneId.of("Europe/Berlin")), c.schedule());
        assertFalse(c.schedule().cleanupAfterWeekly());
        assertEquals(new RetentionConfig(10, 0), c.retention());
        assertEquals(Compression.ZSTD, c.compression().daily());
        assertEquals(java.util.OptionalInt.of(3), c.compression().workers());
        assertEquals("https://hooks.example.com/services/T/B/x", c.alerts().webhookUrl().orElseThrow().reveal());
        assertEquals(AlertFormat.DISCORD, c.alerts().format());
        assertTrue(c.alerts().onSuccess());
        assertTrue(c.alerts().schemaChangesAlert());
        assertEquals(dir.resolve("state/catalog.sqlite"), c.catalog().path(), "relative to the config's folder");
        assertTrue(c.api().enabled());
        assertEquals("0.0.0.0", c.api().bind());
        assertEquals(9000, c.api().port());
        assertEquals("api-token-value", c.api().token().orElseThrow().reveal(), "trailing newline stripped");
        assertEquals("file:api-token", c.api().token().orElseThrow().source());
        assertEquals(dir.resolve("tls/patina.p12"), c.api().tlsKeystore().orElseThrow());
        assertEquals("tls-password-value", c.api().tlsKeystorePassword().orElseThrow().reveal());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void appliesDefaults() {
        PatinaConfig c = fx.load("""
                [store]
                type = "s3"
                endpoint = "https://acc.r2.cloudflarestorage.com"
                bucket = "b"
                access_key_id = "AK"
                secret_access_key = "env:PATINA_R2_SECRET"
                """);
        S3StoreConfig s3 = (S3StoreConfig) c.store();
        assertEquals("auto", s3.region());
        assertEquals("", s3.prefix());
        assertEquals(List.of(), c.databases());
        assertEquals(ScheduleConfig.defaults(), c.schedule());
        assertEquals(3, c.schedule().concurrency());
        assertEquals("0 0 2 * * ?", c.schedule().nightly());
        assertEquals("0 0 3 ? * SUN", c.schedule().weekly());
        assertTrue(c.schedule().cleanupAfterWeekly());
        assertEquals(ZoneId.of("UTC"), c.schedule().timezone());
        assertEquals(new RetentionConfig(7, 12), c.retention());
        assertEquals(Compression.NONE, c.compression().daily());
        assertEquals(new AlertsConfig(Optional.empty(), AlertFormat.SLACK, false), c.alerts());
        assertEquals(fx.dataDir.resolve("catalog.sqlite"), c.catalog().path());
        assertEquals(new ApiConfig(false, "127.0.0.1", 8765, Optional.empty()), c.api());
        assertEquals(List.of(fx.file + ": no [[databases]] entries: nothing will be backed up"), c.warnings());
    }

    @Test
    void emptyTablesTakeTheirDefaults() {
        PatinaConfig c = fx.load(ConfigFixture.minimal("""
                [schedule]
                [retention]
                [compression]
                [alerts]
                [catalog]
                [api]
                """));
        assertEquals(ScheduleConfig.defaults(), c.schedule());
        assertEquals(RetentionConfig.defaults(), c.retention());
        assertEquals(CompressionConfig.defaults(), c.compression());
        assertEquals(AlertsConfig.defaults(), c.alerts());
        assertEquals(CatalogConfig.defaults(fx.dataDir), c.catalog());
        assertEquals(ApiConfig.defaults(), c.api());
        // only an empty [retention] is worth a word: it decides what is deleted (issue 12)
        assertEquals(1, c.warnings().size(), c.warnings().toString());
        String w = c.warnings().get(0);
        assertTrue(w.startsWith(fx.file + " line " + lineOf(c, "[retention]") + ": [retention] is empty, so the "
                + "defaults apply: daily_days = 7, weekly_weeks = 12"), w);
    }

    @Test
    void aRetentionTableWithAKeyIsNoWarning() {
        PatinaConfig c = fx.load(ConfigFixture.minimal("""
                [retention]
                weekly_weeks = 4
                """));
        assertEquals(4, c.retention().weeklyWeeks());
        assertEquals(List.of(), c.warnings());
    }

    private static int lineOf(PatinaConfig c, String text) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(c.file());
            return lines.indexOf(text) + 1;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void localStoreAndDefaultD1Settings() {
        fx.env.put("HOME", "/home/ops");
        fx.env.put("D1_TOKEN", "t");
        PatinaConfig c = fx.load("""
                [store]
                type = "local"
                path = "~/patina-backups"

                [[databases]]
                name = "edge.v2"
                type = "d1"
                account_id = "acc"
                database_id = "db-1"
                api_token = "env:D1_TOKEN"

                [[databases]]
                name = "local_app"
                type = "sqlite"
                path = "app.sqlite"
                """);
        assertEquals(new LocalStoreConfig(Path.of("/home/ops/patina-backups"), ""), c.store());
        D1DatabaseConfig d1 = (D1DatabaseConfig) c.databases().get(0);
        assertEquals(D1DatabaseConfig.DEFAULT_API_BASE, d1.apiBase());
        assertEquals("query", d1.mode());
        assertEquals(dir.resolve("app.sqlite"), ((SqliteDatabaseConfig) c.databases().get(1)).path());
    }

    @Test
    void plainHttpEndpointOffLoopbackIsWarned() {
        fx.env.put("S", "s");
        PatinaConfig c = fx.load("""
                [store]
                type = "s3"
                endpoint = "http://minio.lan:9000"
                bucket = "b"
                access_key_id = "AK"
                secret_access_key = "env:S"
                [[databases]]
                name = "a"
                type = "sqlite"
                path = "/a"
                """);
        assertEquals(List.of(fx.file + " line 3: store.endpoint uses plain http: credentials and data travel"
                + " unencrypted"), c.warnings());
    }

    @Test
    void acceptsAByteOrderMark() {
        PatinaConfig c = fx.load("\uFEFF" + ConfigFixture.minimal(""));
        assertEquals("jobs", c.databases().get(0).name());
    }

    @Test
    void configRecordsPrintWithoutSecretValues() {
        PatinaConfig c = fx.load(FULL);
        String text = c.toString();
        for (String secret : List.of("r2-secret-value", "d1-token-value", "api-token-value", "hooks.example.com")) {
            assertFalse(text.contains(secret), secret);
        }
        assertTrue(text.contains("env:PATINA_R2_SECRET"), text);
    }
}
