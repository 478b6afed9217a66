package dev.grove.patina.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.ShopDatabase;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.testing.DatabaseComparator;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /download} of a {@code strategy = "differential"} database over real HTTP (ADR 0016, ADR 0023): a
 * differential day is sent combined by default — the very dump {@code patina download --combined} writes, restoring
 * that day's database — {@code ?form=full} its base, {@code ?form=differential} the differential alone; a full day's
 * answer is what it always was.
 */
class ApiDifferentialDownloadTest {
    private static final String TOKEN = "tok-diff-0c41-very-secret";
    private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private ApiServerTest.ApiClock clock;
    private PatinaRuntime rt;
    private ApiServer server;
    private String base;
    private Path shop;
    private Path tuesday;

    @BeforeEach
    void twoNights() throws Exception {
        shop = ShopDatabase.create(dir.resolve("shop.db"));
        Path file = Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"
                strategy = "differential"

                [compression]
                daily = "gzip"

                [catalog]
                path = "%s"

                [api]
                enabled = true
                token = "env:%s"
                """.formatted(dir.resolve("store"), shop, dir.resolve("data/catalog.sqlite"),
                ApiWorkspace.TOKEN_ENV));
        PatinaConfig config = ApiWorkspace.load(dir, file, TOKEN);
        clock = new ApiServerTest.ApiClock("2026-11-23T02:00:00Z");
        rt = PatinaRuntime.open(config, new Services(clock));
        nightly();
        ShopDatabase.mutate(shop);
        tuesday = dir.resolve("tuesday.db");
        Files.copy(shop, tuesday);
        clock.advance(Duration.ofDays(1));
        nightly();
        assertTrue(Files.isRegularFile(dir.resolve("store/daily/2026-11-23/shop.sql.gz")), "Monday's full");
        assertTrue(Files.isRegularFile(dir.resolve("store/daily/2026-11-24/shop.diff.sql.gz")),
                "Tuesday's differential");
        server = new ApiServer(rt, rt.runs(), null, new ApiConfig(true, "127.0.0.1", 0, rt.config().api().token()),
                clock).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (rt != null) {
            rt.close();
        }
    }

    private void nightly() {
        RunReport r = rt.backups().runNightly(clock.instant(), "cli", Set.of(), BackupProgress.NONE);
        assertEquals(RunStatus.OK, r.status(), r.toString());
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).headers(AUTH).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains(TOKEN), "no token in a body");
        return r;
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] plain(Path stored) throws Exception {
        try (InputStream in = Compression.decompressing(Files.newInputStream(stored))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aDifferentialDayIsSentCombinedByTheCliDownloadServiceAndRestoresThatDay() throws Exception {
        HttpResponse<byte[]> r = get("/download/2026-11-24/shop");
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("-- Patina SQL dump, format 1"), "an ordinary dump, not the differential: "
                + text.substring(0, Math.min(80, text.length())));
        assertEquals("attachment; filename=\"shop-2026-11-24.combined.sql\"", header(r, "Content-Disposition"));
        assertEquals("combined", header(r, "X-Patina-Form"));
        assertEquals("daily/2026-11-24/shop.diff.sql.gz", header(r, "X-Patina-Key"));
        assertEquals("daily/2026-11-23/shop.sql.gz", header(r, "X-Patina-Base-Key"));
        assertEquals(rt.catalog().object("daily/2026-11-23/shop.sql.gz").orElseThrow().sha256(),
                header(r, "X-Patina-Base-Stored-Sha256"));
        assertEquals(sha256(r.body()), header(r, "X-Patina-Sha256"), "the checksum is the body's");
        assertEquals(String.valueOf(r.body().length), header(r, "Content-Length"));

        // the same bytes as the download service writes for `patina download --combined`
        Path cli = dir.resolve("cli-combined.sql");
        rt.downloads().download(rt.downloads().locate(LocalDate.parse("2026-11-24"), "shop"), cli,
                DownloadService.Form.PLAIN, false, java.util.List.of(), n -> { });
        assertArrayEquals(Files.readAllBytes(cli), r.body(), "one implementation: the CLI's combined dump");

        Path body = Files.write(dir.resolve("api-combined.sql"), r.body());
        new Restorer(Clock.systemUTC()).restore(body, dir.resolve("back.db"), RestoreOptions.all(),
                RestoreProgress.NONE);
        DatabaseComparator.assertSameDatabase(tuesday, dir.resolve("back.db"));

        HttpResponse<byte[]> explicit = get("/download/2026-11-24/shop?form=combined");
        assertEquals(200, explicit.statusCode());
        assertArrayEquals(r.body(), explicit.body(), "form=combined is the default");
        try (var files = Files.list(dir.resolve("data/tmp"))) {
            assertEquals(0, files.filter(p -> !Files.isDirectory(p)).count(), "no temp file left behind");
        }
    }

    @Test
    void formFullSendsTheBaseAndFormDifferentialTheDifferentialAlone() throws Exception {
        HttpResponse<byte[]> full = get("/download/2026-11-24/shop?form=full");
        assertEquals(200, full.statusCode(), new String(full.body(), StandardCharsets.UTF_8));
        assertArrayEquals(plain(dir.resolve("store/daily/2026-11-23/shop.sql.gz")), full.body(), "Monday's full");
        assertEquals("attachment; filename=\"shop-2026-11-23.sql\"", header(full, "Content-Disposition"));
        assertEquals("full", header(full, "X-Patina-Form"));
        assertEquals("daily/2026-11-23/shop.sql.gz", header(full, "X-Patina-Key"));
        assertEquals(sha256(full.body()), header(full, "X-Patina-Sha256"));

        HttpResponse<byte[]> diff = get("/download/2026-11-24/shop?form=differential");
        assertEquals(200, diff.statusCode(), new String(diff.body(), StandardCharsets.UTF_8));
        assertArrayEquals(plain(dir.resolve("store/daily/2026-11-24/shop.diff.sql.gz")), diff.body());
        assertTrue(new String(diff.body(), StandardCharsets.UTF_8).startsWith("-- Patina SQL differential"));
        assertEquals("attachment; filename=\"shop-2026-11-24.diff.sql\"", header(diff, "Content-Disposition"));
        assertEquals("differential", header(diff, "X-Patina-Form"));
        assertEquals("daily/2026-11-24/shop.diff.sql.gz", header(diff, "X-Patina-Key"));
        assertEquals(rt.catalog().object("daily/2026-11-24/shop.diff.sql.gz").orElseThrow().sha256(),
                header(diff, "X-Patina-Stored-Sha256"));
    }

    @Test
    void aFullDayAnswersAsBeforeAndABadFormIsRefusedNamingTheParameter() throws Exception {
        byte[] monday = plain(dir.resolve("store/daily/2026-11-23/shop.sql.gz"));
        for (String query : new String[] {"", "?form=combined", "?form=full"}) {
            HttpResponse<byte[]> r = get("/download/2026-11-23/shop" + query);
            assertEquals(200, r.statusCode(), query);
            assertArrayEquals(monday, r.body(), query);
            assertEquals("attachment; filename=\"shop-2026-11-23.sql\"", header(r, "Content-Disposition"), query);
            assertEquals("daily/2026-11-23/shop.sql.gz", header(r, "X-Patina-Key"), query);
            assertEquals(rt.catalog().object("daily/2026-11-23/shop.sql.gz").orElseThrow().sha256(),
                    header(r, "X-Patina-Stored-Sha256"), query);
            assertEquals(null, header(r, "X-Patina-Form"), "a full day's headers are unchanged " + query);
        }
        ObjectMapper json = new ObjectMapper();
        HttpResponse<byte[]> none = get("/download/2026-11-23/shop?form=differential");
        assertEquals(404, none.statusCode());
        assertTrue(json.readTree(none.body()).get("error").asText().contains("no differential of shop for "
                + "2026-11-23"), new String(none.body(), StandardCharsets.UTF_8));

        HttpResponse<byte[]> bad = get("/download/2026-11-24/shop?form=zipped");
        assertEquals(400, bad.statusCode());
        String error = json.readTree(bad.body()).get("error").asText();
        assertTrue(error.startsWith("form: 'zipped'"), error);
        assertTrue(error.contains("combined, full or differential"), error);
    }
}
