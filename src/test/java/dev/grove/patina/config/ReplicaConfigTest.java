package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [[replicas]]} (issue 14): a store's keys with a unique name, its own secret, errors naming replica and key. */
class ReplicaConfigTest {
    static final String S3_REPLICA = """
            [[replicas]]
            name = "offsite"
            type = "s3"
            endpoint = "https://acc.r2.cloudflarestorage.com"
            bucket = "patina-offsite"
            access_key_id = "AKOFFSITE"
            secret_access_key = "env:OFFSITE_SECRET"
            prefix = "copies/"
            timeout_seconds = 45
            """;
    static final String LOCAL_REPLICA = """
            [[replicas]]
            name = "usb"
            type = "local"
            path = "/mnt/usb/patina"
            """;

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
        fx.env.put("OFFSITE_SECRET", "offsite-secret-value-77");
    }

    @Test
    void replicasLoadInFileOrderWithTheirOwnStoreKeysAndTimeouts() {
        PatinaConfig c = fx.load(ConfigFixture.minimal(S3_REPLICA + LOCAL_REPLICA));
        assertEquals(2, c.replicas().size());
        ReplicaConfig offsite = c.replicas().get(0);
        assertEquals("offsite", offsite.name());
        S3StoreConfig s3 = (S3StoreConfig) offsite.store();
        assertEquals(URI.create("https://acc.r2.cloudflarestorage.com"), s3.endpoint());
        assertEquals("patina-offsite", s3.bucket());
        assertEquals("offsite-secret-value-77", s3.secretAccessKey().reveal());
        assertEquals("copies/", s3.prefix());
        assertEquals(Duration.ofSeconds(45), offsite.timeout());
        ReplicaConfig usb = c.replica("usb").orElseThrow();
        assertEquals(Path.of("/mnt/usb/patina"), ((LocalStoreConfig) usb.store()).path());
        assertEquals(ReplicaConfig.DEFAULT_TIMEOUT, usb.timeout());
        assertFalse(c.toString().contains("offsite-secret-value-77"), "the config's text never shows a secret");
    }

    @Test
    void copyIsAutoUnlessTheReplicaSaysStream() {
        PatinaConfig c = fx.load(ConfigFixture.minimal(S3_REPLICA + LOCAL_REPLICA.replace("type = \"local\"",
                "type = \"local\"\ncopy = \"stream\"")));
        assertEquals(ReplicaConfig.Copy.AUTO, c.replica("offsite").orElseThrow().copy());
        assertEquals(ReplicaConfig.Copy.STREAM, c.replica("usb").orElseThrow().copy());
    }

    @Test
    void anUnknownCopyModeNamesTheKeyAndTheChoices() {
        fx.assertFails(ConfigFixture.minimal(LOCAL_REPLICA + "copy = \"server\"\n"), 13, "replicas[1].copy",
                "must be \"auto\"");
    }

    @Test
    void noReplicasIsTheDefault() {
        assertTrue(fx.load(ConfigFixture.minimal("")).replicas().isEmpty());
    }

    @Test
    void aReplicaNeedsAName() {
        fx.assertFails(ConfigFixture.minimal(LOCAL_REPLICA.replace("name = \"usb\"\n", "")), 9, "replicas[1].name",
                "replicas[1].name is required");
    }

    @Test
    void primaryIsTheStoresName() {
        fx.assertFails(ConfigFixture.minimal(LOCAL_REPLICA.replace("\"usb\"", "\"primary\"")), 10,
                "replicas[1].name", "must not be \"primary\"");
    }

    @Test
    void namesAreUnique() {
        fx.assertFails(ConfigFixture.minimal(LOCAL_REPLICA + LOCAL_REPLICA), 14, "replicas[2].name",
                "'usb' is already used on line 10", "replica names must be unique");
    }

    @Test
    void errorsNameTheReplicaAndTheKey() {
        fx.assertFails(ConfigFixture.minimal(S3_REPLICA.replace("bucket = \"patina-offsite\"\n", "")), 9,
                "replicas[1].bucket", "replicas[1].bucket is required for type = \"s3\"");
        fx.assertFails(ConfigFixture.minimal(LOCAL_REPLICA + "bucket = \"b\"\n"), 13, "replicas[1].bucket",
                "is not used by [[replicas]] \"usb\" with type = \"local\"");
        fx.assertFails(ConfigFixture.minimal(LOCAL_REPLICA.replace("\"local\"", "\"ftp\"")), 11,
                "replicas[1].type", "replicas[1].type must be \"s3\" or \"local\"");
        fx.assertFails(ConfigFixture.minimal(LOCAL_REPLICA + "timeout_seconds = 0\n"), 13,
                "replicas[1].timeout_seconds", "must be between 1 and 86400");
        fx.assertFails(ConfigFixture.minimal(S3_REPLICA.replace("env:OFFSITE_SECRET", "env:MISSING_VAR")), 15,
                "replicas[1].secret_access_key", "MISSING_VAR");
    }

    @Test
    void replicasMustBeAnArrayOfTables() {
        fx.assertFails(ConfigFixture.minimal("[replicas]\nname = \"x\"\n"), 9, "replicas",
                "replicas must be written as [[replicas]] tables, one per replica");
    }

    @Test
    void theWriterWritesReplicasBackWithSecretsOnlyAsReferences() throws Exception {
        PatinaConfig c = fx.load(ConfigFixture.minimal(S3_REPLICA + LOCAL_REPLICA));
        String text = new ConfigWriter(ConfigWriter.PlainSecrets.WRITE).write(c);
        assertTrue(text.contains("secret_access_key = \"env:OFFSITE_SECRET\""), text);
        assertFalse(text.contains("offsite-secret-value-77"), text);
        fx.write(text);
        PatinaConfig back = fx.loader().load(fx.file);
        assertEquals(c.replicas(), back.replicas(), "written and read back, the replicas are the same");
    }
}
