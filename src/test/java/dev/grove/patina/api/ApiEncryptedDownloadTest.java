package dev.grove.patina.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.model.RunStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over real HTTP on an encrypted store: {@code /download} decrypts with the configured identity, and answers
 * 409 naming the fingerprint when this machine has no key; {@code /restore-guide} gives the {@code age -d} step.
 */
class ApiEncryptedDownloadTest {
    private static final String TOKEN = "tok-enc-5b1e-secret";

    @TempDir
    Path dir;

    private final X25519Identity identity = X25519Identity.generate(new SecureRandom());
    private final HttpClient http = HttpClient.newHttpClient();

    private PatinaRuntime runtime(String encryption) throws Exception {
        Path file = ApiWorkspace.write(dir, "\n[compression]\ndaily = \"gzip\"\n", "\n[encryption]\n" + encryption + "\n",
                "alpha", "beta");
        return PatinaRuntime.open(ApiWorkspace.load(dir, file, TOKEN), new Services(Clock.fixed(
                Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC)));
    }

    private HttpResponse<String> get(ApiServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ApiServer serve(PatinaRuntime rt) throws Exception {
        return new ApiServer(rt, rt.runs(), null, new ApiConfig(true, "127.0.0.1", 0, rt.config().api().token()),
                Clock.systemUTC()).start();
    }

    @Test
    void downloadDecryptsAndTheGuideGivesTheAgeStep() throws Exception {
        Path id = dir.resolve("id.txt");
        Files.writeString(id, AgeIdentityFile.format(identity, OffsetDateTime.now()));
        String recipients = "recipients = [\"" + identity.recipient().encoded() + "\"]";
        try (PatinaRuntime rt = runtime(recipients + "\nidentity = \"" + id + "\"")) {
            assertEquals(RunStatus.OK, rt.backups().runNightly(Instant.parse("2026-03-02T09:00:00Z"), "cli", Set.of(),
                    BackupProgress.NONE).status());
            StoredObject o = rt.catalog().latestGood("shop").orElseThrow();
            assertEquals("daily/2026-03-02/shop.sql.gz.age", o.key());
            try (ApiServer server = serve(rt)) {
                HttpResponse<String> r = get(server, "/download/2026-03-02/shop");
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains("CREATE TABLE") && r.body().contains("'beta'"), r.body());
                String guide = get(server, "/restore-guide/shop").body();
                assertTrue(guide.contains("age -d -i identity.txt -o shop.sql.gz shop.sql.gz.age"), guide);
                assertTrue(guide.contains("gunzip shop.sql.gz") && guide.contains("sqlite3 restored.sqlite < shop.sql"),
                        guide);
                assertTrue(guide.contains(identity.fingerprint()), guide);
            }
        }
        try (PatinaRuntime rt = runtime(recipients); ApiServer server = serve(rt)) {
            HttpResponse<String> r = get(server, "/download/2026-03-02/shop");
            assertEquals(409, r.statusCode(), r.body());
            assertTrue(r.body().contains(identity.fingerprint()), r.body());
            assertFalse(r.body().contains("AGE-SECRET-KEY"), r.body());
        }
    }
}
