package dev.grove.patina.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code patina daemon} with {@code [api] enabled = true}: a real process answers over HTTP until SIGTERM. */
class ApiDaemonTest {
    @TempDir
    Path dir;

    @Test
    void theDaemonServesTheApiWhenEnabled() throws Exception {
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO items (name) VALUES ('a')");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path file = dir.resolve("patina.toml");
        Files.writeString(file, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [catalog]
                path = "%s"

                [api]
                enabled = true
                port = %d
                token = "env:PATINA_TEST_API_TOKEN"
                """.formatted(dir.resolve("store"), db, dir.resolve("data/catalog.sqlite"), port));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.grove.patina.Launcher", "daemon", "--config",
                file.toString(), "--grace", "10");
        pb.environment().put("PATINA_HOME", dir.resolve("home").toString());
        pb.environment().put("PATINA_TEST_API_TOKEN", ApiServerTest.TOKEN);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            boolean api = false;
            while ((line = out.readLine()) != null && !line.startsWith("patina daemon: running")) {
                api |= line.equals("patina daemon: API on http://127.0.0.1:" + port + "/");
            }
            assertTrue(line != null && api, "the daemon did not announce its API");
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            HttpResponse<String> health;
            do {
                // the catch-up nightly runs at start: health turns ok once it is stored
                health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() != 200) {
                    Thread.sleep(100);
                }
            } while (health.statusCode() != 200 && System.nanoTime() < deadline);
            assertEquals(200, health.statusCode(), health.body());
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the daemon did not exit on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }
}
