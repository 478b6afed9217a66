package dev.grove.patina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.store.s3.S3ProxyServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption on a real S3 server (S3Proxy): the nightly's object is {@code .sql.gz.age}; its S3 metadata records
 * the encryption and the recipients' fingerprints and the SHA-256 of the encrypted bytes, which match the catalog and
 * the bytes in the bucket; verify with and without decryption; the download decrypts.
 */
class S3EncryptedBackupTest {
    private static final Instant NIGHT = Instant.parse("2026-11-28T02:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theBucketHoldsCiphertextWhoseMetadataNamesTheRecipients() throws Exception {
        X25519Identity a = X25519Identity.generate(new SecureRandom());
        X25519Identity b = X25519Identity.generate(new SecureRandom());
        Path id = Files.writeString(dir.resolve("id.txt"), AgeIdentityFile.format(b, OffsetDateTime.now()));
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 4000) "
                    + "INSERT INTO items (name) SELECT 'row ' || x FROM n");
        }
        try (S3ProxyServer s3 = new S3ProxyServer(Files.createDirectories(dir.resolve("s3")))) {
            String bucket = s3.newBucket();
            Path file = dir.resolve("patina.toml");
            Files.writeString(file, """
                    [store]
                    type = "s3"
                    endpoint = "%s"
                    bucket = "%s"
                    access_key_id = "%s"
                    secret_access_key = "env:S3_SECRET"
                    prefix = "enc/"

                    [[databases]]
                    name = "shop"
                    type = "sqlite"
                    path = "%s"

                    [compression]
                    daily = "gzip"

                    [catalog]
                    path = "%s"

                    [encryption]
                    recipients = ["%s", "%s"]
                    identity = "%s"
                    """.formatted(s3.endpoint(), bucket, S3ProxyServer.ACCESS_KEY, db, dir.resolve("catalog.sqlite"),
                    a.recipient().encoded(), b.recipient().encoded(), id));
            try (PatinaRuntime rt = PatinaRuntime.open(new ConfigLoader(Map.of("S3_SECRET",
                    S3ProxyServer.SECRET_KEY)::get, dir, n -> Optional.empty()).load(file),
                    new Services(Clock.fixed(NIGHT, ZoneOffset.UTC)))) {
                RunReport report = rt.backups().runNightly(NIGHT, "test", Set.of(), BackupProgress.NONE);
                assertEquals(RunStatus.OK, report.status(), report.toString());
                String key = "enc/daily/2026-11-28/shop.sql.gz.age";
                StoredObject o = rt.catalog().object(key).orElseThrow();
                Map<String, String> meta = rt.store().head(key).orElseThrow().metadata();
                assertEquals("age", meta.get("patina-encryption"));
                assertEquals(a.fingerprint() + "," + b.fingerprint(), meta.get("patina-recipients"));
                assertEquals(List.of(a.fingerprint(), b.fingerprint()), o.recipients());
                byte[] bytes;
                try (InputStream in = rt.store().get(key)) {
                    bytes = in.readAllBytes();
                }
                assertTrue(new String(bytes, 0, 21, StandardCharsets.US_ASCII).equals("age-encryption.org/v1"));
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                assertEquals(sha, o.sha256());
                assertEquals(sha, meta.get("patina-sha256"));

                assertTrue(rt.verifier().verify(List.of(o), r -> { }).get(0).ok());
                List<VerifyService.Verdict> decrypted = rt.verifier().verify(List.of(o), "cli", true, r -> { });
                assertTrue(decrypted.get(0).ok() && decrypted.get(0).detail().contains("integrity_check ok"),
                        decrypted.toString());
                Path out = dir.resolve("shop.sql");
                rt.downloads().download(rt.downloads().locate(LocalDate.parse("2026-11-28"), "shop"), out,
                        DownloadService.Form.PLAIN, false, List.of(), n -> { });
                assertTrue(Files.readString(out).contains("'row 4000'"));
            }
        }
    }
}
