package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.util.Secret;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {
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

    /** Every component but the file and the warnings. */
    private static void assertSameSettings(PatinaConfig expected, PatinaConfig actual) {
        assertEquals(expected.store(), actual.store());
        assertEquals(expected.databases(), actual.databases());
        assertEquals(expected.schedule(), actual.schedule());
        assertEquals(expected.retention(), actual.retention());
        assertEquals(expected.compression(), actual.compression());
        assertEquals(expected.alerts(), actual.alerts());
        assertEquals(expected.catalog(), actual.catalog());
        assertEquals(expected.api(), actual.api());
    }

    @Test
    void fullConfigRoundTrips() throws Exception {
        PatinaConfig original = fx.load(ConfigLoaderTest.FULL);
        String text = new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).write(original);
        assertTrue(text.contains("secret_access_key = \"env:PATINA_R2_SECRET\""), text);
        assertTrue(text.contains("api_token = \"keyring:d1-token\""), text);
        assertTrue(text.contains("token = \"file:api-token\""), text);
        for (String value : List.of("r2-secret-value", "d1-token-value", "api-token-value", "hooks.example.com")) {
            assertFalse(text.contains(value), value);
        }
        Path copy = dir.resolve("copy.toml");
        Files.writeString(copy, text);
        PatinaConfig reloaded = fx.loader().load(copy);
        assertSameSettings(original, reloaded);
        assertEquals(List.of(), reloaded.warnings());
        assertEquals(text, new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).write(reloaded), "stable");
    }

    @Test
    void theWriterWritesEveryKeyOfTheSchemaUnderItsTableAndSecretsOnlyAsReferences() {
        PatinaConfig s3 = fx.load(ConfigLoaderTest.FULL);
        PatinaConfig local = new PatinaConfig(dir.resolve("patina.toml"), new LocalStoreConfig(dir, "p/"),
                List.of(), s3.schedule(), s3.retention(), s3.compression(), s3.alerts(), s3.catalog(),
                new ApiConfig(false, "127.0.0.1", 8080, Optional.empty(),
                        Optional.of(new Secret("https://hc.example/ping/x", "env:PATINA_HEARTBEAT"))),
                List.of()).withReplicas(List.of(new ReplicaConfig("usb", new LocalStoreConfig(dir.resolve("usb"), ""),
                java.time.Duration.ofSeconds(60), ReplicaConfig.Copy.STREAM)));
        // [encryption]: recipients and an identity file; a passphrase and an identity from the keyring
        PatinaConfig recipients = new PatinaConfig(local.file(), local.store(), List.of(), s3.schedule(),
                s3.retention(), s3.compression(), s3.alerts(), s3.catalog(), local.api(), List.of(),
                new EncryptionConfig(List.of(dev.grove.patina.crypt.X25519Identity.generate(
                        new java.security.SecureRandom()).recipient()), Optional.empty(),
                        Optional.of(dir.resolve("me.key")), Optional.empty()));
        PatinaConfig passphrase = new PatinaConfig(local.file(), local.store(), List.of(), s3.schedule(),
                s3.retention(), s3.compression(), s3.alerts(), s3.catalog(), local.api(), List.of(),
                new EncryptionConfig(List.of(), Optional.of(new Secret("a passphrase", "env:PATINA_AGE")),
                        Optional.empty(), Optional.of(new Secret("AGE-SECRET-KEY-1X", "keyring:age"))));
        PatinaConfig clustered = new PatinaConfig(local.file(), local.store(), List.of(), s3.schedule(),
                s3.retention(), s3.compression(), s3.alerts(), s3.catalog(), local.api(), List.of(), List.of(),
                dev.grove.patina.config.EncryptionConfig.none(), Optional.of(new ClusterConfig(
                "jdbc:postgresql://db.example:5433/patina", "patina", new Secret("pg-pass", "env:PATINA_PG"),
                Optional.of("node-1"))));
        java.util.Set<String> written = new java.util.HashSet<>();
        for (PatinaConfig config : List.of(s3, local, recipients, passphrase, clustered)) {
            String table = "";
            for (String line : new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).write(config).split("\n")) {
                if (line.startsWith("[")) {
                    table = line.replace("[", "").replace("]", "");
                } else if (line.contains(" = ")) {
                    String key = line.substring(0, line.indexOf(" = "));
                    // a [[replicas]] table holds a [store]'s keys beside its own
                    boolean storeKey = table.equals("replicas") && !ConfigKey.idsOf(ConfigTable.REPLICAS).contains(key);
                    written.add((storeKey ? "store" : table) + "." + key);
                }
            }
        }
        java.util.Set<String> schema = new java.util.HashSet<>();
        for (ConfigKey key : ConfigKey.values()) {
            schema.add(key.table().id() + "." + key.id());
        }
        assertEquals(schema, written);
        String text = new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).write(s3)
                + new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).write(local);
        for (ConfigKey key : ConfigKey.values()) {
            if (key.secret()) {
                text.lines().filter(l -> l.startsWith(key.id() + " = ")).forEach(l -> assertTrue(
                        l.matches(key.id() + " = \"(env|file|keyring):.*\""), l));
            }
        }
    }

    @Test
    void builtConfigWithAwkwardStringsRoundTrips() {
        PatinaConfig built = new PatinaConfig(dir.resolve("patina.toml"),
                new LocalStoreConfig(dir.resolve("back ups/\"quoted\" \\ dir"), "team/"),
                List.of(new SqliteDatabaseConfig("a.b_c-d", dir.resolve("d\u00e9j\u00e0 vu.sqlite"))),
                new ScheduleConfig(16, "0 0/15 * * * ?", "0 0 3 ? * MON-FRI", "after-weekly", ZoneId.of("Asia/Tokyo")),
                new RetentionConfig(1, 0), new CompressionConfig(Compression.GZIP),
                new AlertsConfig(Optional.of(new Secret("https://x.example/h", "plain text in patina.toml")),
                        AlertFormat.GENERIC, true),
                new CatalogConfig(dir.resolve("cat.sqlite")),
                new ApiConfig(false, "::1", 1,
                        Optional.of(new Secret("tab\there\nline \u0001", "plain text in patina.toml"))),
                List.of());
        fx.write(new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).write(built));
        PatinaConfig reloaded = fx.loader().load(fx.file);
        assertSameSettings(built, reloaded);
        assertEquals(2, reloaded.warnings().stream().filter(w -> w.contains("is written in plain text")).count(),
                reloaded.warnings().toString());
    }

    @Test
    void omitLeavesPlainSecretsOut() {
        PatinaConfig c = fx.load(ConfigFixture.minimal("[api]\ntoken = \"plain-api-token\"\n"));
        String text = new ConfigWriter(ConfigWriter.PlainSecrets.OMIT).write(c);
        assertFalse(text.contains("plain-api-token"), text);
        assertTrue(text.contains("# token: a secret written in plain text, left out here"), text);
        assertTrue(new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).write(c).contains("token = \"plain-api-token\""));
    }

    @Test
    void writeToReplacesTheFileOwnerOnly() throws Exception {
        PatinaConfig c = fx.load(ConfigLoaderTest.FULL);
        Path target = dir.resolve("conf/patina.toml");
        ConfigWriter writer = new ConfigWriter(ConfigWriter.PlainSecrets.WRITE);
        writer.writeTo(c, target);
        writer.writeTo(c, target);
        assertEquals(writer.write(c), Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList(), "no temp file left");
        }
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void quoteEscapesForToml() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", ConfigWriter.quote("a\"b\\c\nd\u0001"));
        assertEquals(URI.create("https://e.example"), URI.create("https://e.example"));
    }
}
