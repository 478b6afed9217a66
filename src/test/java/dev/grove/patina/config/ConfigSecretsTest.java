package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.grove.patina.util.Secret;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret references resolve, fail with the key and the reference named, and never show a value. */
class ConfigSecretsTest {
    private static final String STORE = """
            [store]
            type = "s3"
            endpoint = "https://acc.r2.cloudflarestorage.com"
            bucket = "b"
            access_key_id = "AK"
            """;
    /** The line of the secret_access_key appended to {@link #STORE}. */
    private static final int SECRET_LINE = 6;

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    private static String store(String secretValue) {
        return STORE + "secret_access_key = " + ConfigWriter.quote(secretValue) + "\n";
    }

    private Secret loadedSecret(String secretValue) {
        return ((S3StoreConfig) fx.load(store(secretValue)).store()).secretAccessKey();
    }

    // ---- env: ----

    @Test
    void envReference() {
        fx.env.put("PATINA_R2_SECRET", "from-env");
        Secret s = loadedSecret("env:PATINA_R2_SECRET");
        assertEquals("from-env", s.reveal());
        assertEquals("env:PATINA_R2_SECRET", s.source());
    }

    @Test
    void envUnsetNamesTheVariableAndTheKey() {
        fx.assertFails(store("env:PATINA_R2_SECRET"), SECRET_LINE, "store.secret_access_key",
                "store.secret_access_key refers to environment variable PATINA_R2_SECRET, which is not set");
    }

    @Test
    void envEmpty() {
        fx.env.put("PATINA_R2_SECRET", "");
        fx.assertFails(store("env:PATINA_R2_SECRET"), SECRET_LINE, "store.secret_access_key", "which is empty");
    }

    @Test
    void envBadName() {
        fx.assertFails(store("env:PATINA-R2"), SECRET_LINE, "store.secret_access_key",
                "'env:PATINA-R2' is not a valid env:NAME reference");
    }

    // ---- file: ----

    @Test
    void fileReferenceOwnerOnly() {
        Path f = fx.secretFile("r2.secret", "from-file\r\n", "rw-------");
        Secret s = loadedSecret("file:" + f);
        assertEquals("from-file", s.reveal());
        assertEquals("file:" + f, s.source());
        fx.secretFile("r2.secret", "read-only", "r--------");
        assertEquals("read-only", loadedSecret("file:" + f).reveal());
    }

    @Test
    void fileReferenceRelativeToTheConfigFolder() {
        fx.secretFile("r2.secret", "relative");
        assertEquals("relative", loadedSecret("file:r2.secret").reveal());
    }

    @Test
    void fileMissing() {
        fx.assertFails(store("file:" + dir.resolve("nope")), SECRET_LINE, "store.secret_access_key",
                "refers to " + dir.resolve("nope") + ", which does not exist");
    }

    @Test
    void fileIsAFolder() {
        fx.assertFails(store("file:" + dir), SECRET_LINE, "store.secret_access_key", "which is not a regular file");
    }

    @Test
    void fileEmpty() {
        Path f = fx.secretFile("r2.secret", "\n");
        fx.assertFails(store("file:" + f), SECRET_LINE, "store.secret_access_key", "which is empty");
    }

    @Test
    void fileReadableByGroupOrOthersIsRefused() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        for (String permissions : List.of("rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw------x")) {
            Path f = fx.secretFile("r2.secret", "leaky-secret-value", permissions);
            ConfigException e = fx.assertFails(store("file:" + f), SECRET_LINE, "store.secret_access_key",
                    "which group or others may access (" + permissions + ")", "chmod 600 " + f);
            assertFalse(e.getMessage().contains("leaky-secret-value"));
        }
    }

    // ---- keyring: ----

    @Test
    void keyringReference() {
        fx.keyring.put("r2", "from-keyring");
        Secret s = loadedSecret("keyring:r2");
        assertEquals("from-keyring", s.reveal());
        assertEquals("keyring:r2", s.source());
    }

    @Test
    void keyringWithoutTheEntry() {
        fx.assertFails(store("keyring:r2"), SECRET_LINE, "store.secret_access_key",
                "refers to keyring:r2, but the keyring has no entry for service patina, account r2");
    }

    @Test
    void keyringUnavailable() {
        fx.keyringFailure = "cannot run secret-tool to read the keyring";
        fx.assertFails(store("keyring:r2"), SECRET_LINE, "store.secret_access_key",
                "the keyring cannot be read: cannot run secret-tool");
    }

    // ---- plain text ----

    @Test
    void plainTextWorksWithAWarningNamingTheKey() {
        PatinaConfig c = fx.load(store("plain-secret-value") + """
                [[databases]]
                name = "a"
                type = "sqlite"
                path = "/a"
                """);
        Secret s = ((S3StoreConfig) c.store()).secretAccessKey();
        assertEquals("plain-secret-value", s.reveal());
        assertEquals("plain text in patina.toml", s.source());
        assertEquals(1, c.warnings().stream().filter(w -> w.contains("is written in plain text")).count(),
                c.warnings().toString());
        String warning = c.warnings().get(0);
        assertTrue(warning.startsWith(fx.file + " line " + SECRET_LINE + ": store.secret_access_key is written in"
                + " plain text"), warning);
        assertFalse(String.join("\n", c.warnings()).contains("plain-secret-value"));
    }

    @Test
    void plainTextInAGroupReadableFileIsWarnedAboutToo() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        fx.write(store("plain-secret-value"));
        fx.secretFile("patina.toml", store("plain-secret-value"), "rw-r--r--");
        PatinaConfig c = fx.loader().load(fx.file);
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("holds secrets in plain text and group or others"
                + " may read it")), c.warnings().toString());
    }

    @Test
    void plainWebhookMustStillBeAUrl() {
        fx.env.put("S", "s");
        fx.assertFails(ConfigFixture.minimal("[alerts]\nwebhook_url = \"hooks.example.com/x\"\n"), 10,
                "alerts.webhook_url", "alerts.webhook_url is not an http(s) URL");
        fx.env.put("HOOK", "not a url");
        fx.assertFails(ConfigFixture.minimal("[alerts]\nwebhook_url = \"env:HOOK\"\n"), 10,
                "alerts.webhook_url", "alerts.webhook_url (from env:HOOK) is not an http(s) URL");
    }

    @Test
    void secretOfTheWrongTypeShowsNoValue() {
        ConfigException e = fx.assertFails(STORE + "secret_access_key = 1234567890123\n", SECRET_LINE,
                "store.secret_access_key", "must be a string", "(found an integer)");
        assertFalse(e.getMessage().contains("1234567890123"), e.getMessage());
    }

    // ---- no secret value ever shows ----

    private static final String LEAK = "Zq9LeakCanary";

    /** Configs whose secrets are all distinctive strings, loading or failing in every way we know. */
    @Test
    void noMessageWarningOrRecordTextContainsASecretValue() {
        fx.env.put("R2", LEAK + "Env");
        fx.env.put("HOOK", "https://hooks.example.com/" + LEAK + "Hook");
        fx.env.put("BADHOOK", LEAK + "NotAUrl");
        fx.keyring.put("d1", LEAK + "Keyring");
        Path tokenFile = fx.secretFile("api.token", LEAK + "File\n");
        Path leakyFile = fx.secretFile("leaky.token", LEAK + "LeakyFile", "rw-r--r--");

        List<String> texts = new ArrayList<>();
        String valid = """
                [store]
                type = "s3"
                endpoint = "https://acc.r2.cloudflarestorage.com"
                bucket = "b"
                access_key_id = "AK"
                secret_access_key = "%s"
                [[databases]]
                name = "edge"
                type = "d1"
                account_id = "a"
                database_id = "d"
                api_token = "%s"
                [alerts]
                webhook_url = "%s"
                [api]
                enabled = true
                token = "%s"
                """;
        // every way a secret can be given, loaded successfully
        for (String[] refs : List.of(
                new String[] {"env:R2", "keyring:d1", "env:HOOK", "file:" + tokenFile},
                new String[] {LEAK + "Plain1", LEAK + "Plain2", "https://hooks.example.com/" + LEAK + "Plain3",
                        LEAK + "Plain4"})) {
            PatinaConfig c = fx.load(String.format(valid, (Object[]) refs));
            texts.add(c.toString());
            texts.add(c.store().toString());
            c.databases().forEach(d -> texts.add(d.toString()));
            texts.add(c.alerts().toString());
            texts.add(c.api().toString());
            texts.addAll(c.warnings());
            texts.add(new ConfigWriter(ConfigWriter.PlainSecrets.OMIT).write(c));
        }
        // and every way loading one can fail
        List<String> failing = List.of(
                String.format(valid, LEAK + "A", LEAK + "B", "env:BADHOOK", LEAK + "D"),
                String.format(valid, LEAK + "A", LEAK + "B", LEAK + "NotAUrlPlain", LEAK + "D"),
                String.format(valid, LEAK + "A", "file:" + leakyFile, "env:HOOK", LEAK + "D"),
                String.format(valid, LEAK + "A", "keyring:absent", "env:HOOK", LEAK + "D"),
                String.format(valid, LEAK + "A", LEAK + "B", "env:HOOK", LEAK + "D").replace("[api]", "[apii]"),
                String.format(valid, LEAK + "A", LEAK + "B", "env:HOOK", LEAK + "D")
                        .replace("secret_access_key", "secret_acess_key"),
                String.format(valid, LEAK + "A", LEAK + "B", "env:HOOK", LEAK + "D")
                        .replace("secret_access_key = \"" + LEAK + "A\"", "secret_access_key = " + LEAK + "A"),
                String.format(valid, LEAK + "A", LEAK + "B", "env:HOOK", LEAK + "D")
                        .replace("secret_access_key = \"" + LEAK + "A\"",
                                "secret_access_key = \"x\" " + LEAK + "A"),
                String.format(valid, LEAK + "A", LEAK + "B", "env:HOOK", LEAK + "D")
                        .replace("token = \"" + LEAK + "D\"", "token = \"" + LEAK + "D\"\ntoken = \"" + LEAK + "E\""),
                String.format(valid, LEAK + "A", LEAK + "B", "env:HOOK", LEAK + "D")
                        .replace("token = \"" + LEAK + "D\"", "token = [\"" + LEAK + "D\"]"),
                String.format(valid, LEAK + "A", LEAK + "B", "env:HOOK", LEAK + "D")
                        .replace("endpoint = \"https://", "endpoint = \"https://" + LEAK + "U:" + LEAK + "P@"),
                String.format(valid, LEAK + "A", LEAK + "B", "env:HOOK", LEAK + "D")
                        .replace("\"" + LEAK + "B\"", "\"" + LEAK + "B\\q\""));
        List<String> failureMessages = new ArrayList<>();
        for (String toml : failing) {
            ConfigException e = fx.loadFails(toml);
            failureMessages.add(e.getMessage());
            for (Throwable t = e; t != null; t = t.getCause()) {
                texts.add(String.valueOf(t.getMessage()));
                texts.add(t.toString());
            }
        }
        for (String text : texts) {
            assertFalse(text.contains(LEAK), () -> "a secret value leaked into: " + text);
        }
        assertTrue(failureMessages.stream().allMatch(m -> m.startsWith(fx.file + " line ")),
                "each failure names the file and the line: " + failureMessages);
    }

    @Test
    void keyringIsAskedOnlyForKeyringReferences() {
        fx.keyringFailure = "must not be asked";
        fx.env.put("S", "s");
        assertEquals("s", loadedSecret("env:S").reveal());
        assertThrows(ConfigException.class, () -> loadedSecret("keyring:x"));
    }

    @Test
    void theHeartbeatUrlIsASecretReferenceCheckedForHttp() {
        fx.env.put("PATINA_HEARTBEAT", "https://hc-ping.example/0f3a-heartbeat-token-9d1c");
        PatinaConfig c = fx.load(ConfigFixture.minimal("""
                [api]
                heartbeat_url = "env:PATINA_HEARTBEAT"
                """));
        assertEquals("https://hc-ping.example/0f3a-heartbeat-token-9d1c",
                c.api().heartbeatUrl().orElseThrow().reveal());
        assertFalse(c.toString().contains("heartbeat-token"), "the URL is a secret");
        fx.env.put("PATINA_HEARTBEAT", "ftp://nope/heartbeat-token");
        ConfigException e = assertThrows(ConfigException.class, () -> fx.load(ConfigFixture.minimal("""
                [api]
                heartbeat_url = "env:PATINA_HEARTBEAT"
                """)));
        assertTrue(e.getMessage().contains("api.heartbeat_url") && !e.getMessage().contains("heartbeat-token"),
                e.getMessage());
    }
}
