package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.util.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-value rules editors share with the loader, and the loader's resolvers for one value. */
class ConfigRulesTest {
    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    @Test
    void theRulesSayWhatTheLoaderSays() {
        assertEquals(Optional.empty(), ConfigRules.databaseName("shop-2.db_x"));
        String problem = ConfigRules.databaseName("Shop").orElseThrow();
        assertTrue(problem.startsWith("must be lower-case letters"), problem);
        ConfigException e = fx.loadFails("[store]\ntype = \"local\"\npath = \"s\"\n[[databases]]\nname = \"Shop\"\n"
                + "type = \"sqlite\"\npath = \"/a\"\n");
        assertEquals("databases[1].name " + problem, e.problem());

        assertTrue(ConfigRules.cloudflareId("a b").orElseThrow().contains("as Cloudflare shows it"));
        assertEquals(Optional.empty(), ConfigRules.cloudflareId("acc-0123"));
        assertTrue(ConfigRules.bucket("a/b").orElseThrow().startsWith("must be a bucket name"));
        assertTrue(ConfigRules.httpUrl("ftp://x").orElseThrow().startsWith("must be an http(s) URL"));
        assertTrue(ConfigRules.httpUrl("https://u:p@host").orElseThrow().contains("user name or password"));
        assertEquals(Optional.empty(), ConfigRules.httpUrl("https://acc.r2.cloudflarestorage.com"));
    }

    @Test
    void aSecretMustBeAReferenceAndItsFormIsChecked() {
        assertEquals(Optional.empty(), ConfigRules.secretReference("env:CF_API_TOKEN"));
        assertEquals(Optional.empty(), ConfigRules.secretReference("file:/etc/patina/token"));
        assertEquals(Optional.empty(), ConfigRules.secretReference("keyring:d1"));
        String plain = ConfigRules.secretReference("tok-plain-SECRET").orElseThrow();
        assertTrue(plain.contains("not the secret itself"), plain);
        assertFalse(plain.contains("tok-plain-SECRET"), plain);
        assertTrue(ConfigRules.secretReference("env:CF-TOKEN").orElseThrow().contains("not a valid env:NAME"));
        assertTrue(ConfigRules.secretReference("file:").orElseThrow().contains("needs a path"));
        assertTrue(ConfigRules.secretReference("keyring: ").orElseThrow().contains("needs a NAME"));
        assertTrue(ConfigRules.secretReference(" ").orElseThrow().contains("must not be empty"));
    }

    @Test
    void aSecretUrlIsCheckedWithoutShowingIt() {
        assertEquals(Optional.empty(), ConfigRules.secretHttpUrl(new Secret("https://hooks.example/T1/tok", "env:H")));
        assertEquals(Optional.empty(), ConfigRules.secretHttpUrl(new Secret("http://127.0.0.1:9/x", "file:/h")));
        assertEquals(Optional.of("(from env:HOOK) is not an http(s) URL"),
                ConfigRules.secretHttpUrl(new Secret("ftp://files/tok-Q7", "env:HOOK")));
        assertEquals(Optional.of("is not an http(s) URL"),
                ConfigRules.secretHttpUrl(new Secret("not a url tok-Q7", "plain text in patina.toml")));
    }

    @Test
    void resolveSecretReadsAsTheLoaderDoes() throws Exception {
        fx.env.put("CF_API_TOKEN", "tok-from-env");
        ConfigLoader loader = fx.loader();
        assertEquals(new Secret("tok-from-env", "env:CF_API_TOKEN"),
                loader.resolveSecret(fx.file, "api_token", "env:CF_API_TOKEN"));
        ConfigException unset = assertThrows(ConfigException.class,
                () -> loader.resolveSecret(fx.file, "api_token", "env:NOT_SET"));
        assertEquals("api_token refers to environment variable NOT_SET, which is not set", unset.problem());

        Path open = dir.resolve("token");
        Files.writeString(open, "tok-in-file\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException shared = assertThrows(ConfigException.class,
                () -> loader.resolveSecret(fx.file, "api_token", "file:token"));
        assertTrue(shared.problem().contains("chmod 600 " + open), shared.problem());
        assertFalse(shared.getMessage().contains("tok-in-file"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-------"));
        assertEquals("tok-in-file", loader.resolveSecret(fx.file, "api_token", "file:token").reveal());
    }

    @Test
    void resolvePathIsRelativeToTheConfigFolder() {
        fx.env.put("HOME", "/home/ops");
        assertEquals(dir.resolve("db/shop.sqlite"), fx.loader().resolvePath(fx.file, "path", "db/shop.sqlite"));
        assertEquals(Path.of("/home/ops/shop.sqlite"), fx.loader().resolvePath(fx.file, "path", "~/shop.sqlite"));
    }
}
