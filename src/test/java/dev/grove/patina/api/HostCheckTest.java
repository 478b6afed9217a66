package dev.grove.patina.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.config.ApiConfig;
import dev.grove.patina.config.PatinaConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding: the loopback-bound API answers only requests that name it (localhost, 127.0.0.1, [::1], api.bind),
 * over real HTTP on a raw socket (the JDK's client will not send another Host).
 */
class HostCheckTest {
    @TempDir
    Path dir;

    /** Sends {@code request} as written and returns the whole answer. */
    private static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String get(int port, String path, String host) throws Exception {
        return raw(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    @Test
    void aLoopbackApiAnswersOnlyItsOwnNames() throws Exception {
        Path file = ApiWorkspace.write(dir, "", "", "a");
        PatinaConfig config = ApiWorkspace.load(dir, file, DashboardWebTest.TOKEN);
        ApiServerTest.ApiClock clock = new ApiServerTest.ApiClock("2026-03-02T09:00:00Z");
        try (PatinaRuntime rt = PatinaRuntime.open(config, new Services(clock));
             ApiServer server = new ApiServer(rt, rt.runs(), null, new ApiConfig(true, "127.0.0.1", 0,
                     rt.config().api().token()), clock).start()) {
            int port = server.port();
            for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port,
                    "127.0.0.1"}) {
                assertEquals(200, status(get(port, "/status", host)), host);
            }
            String rebound = get(port, "/status", "attacker.example:" + port);
            assertEquals(421, status(rebound), rebound);
            assertTrue(rebound.contains("\"error\":\"Host: 'attacker.example:" + port + "' is not a name of this API"),
                    rebound);
            assertTrue(!rebound.contains("\"healthy\""), "nothing of the status leaks: " + rebound);
            String login = raw(port, "POST /dashboard/login HTTP/1.1\r\nHost: attacker.example\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 13\r\nConnection: close\r\n\r\n{\"token\":\"x\"}");
            assertEquals(421, status(login), login);
            assertEquals(421, status(get(port, "/dashboard", "127.0.0.1.attacker.example")));
            assertEquals(400, status(get(port, "/status", "127.0.0.1:http")));
            String noHost = raw(port, "GET /status HTTP/1.0\r\n\r\n");
            assertEquals(400, status(noHost), noHost);
            assertTrue(noHost.contains("Host: header required"), noHost);
        }
    }

    @Test
    void theBoundNameIsAllowedToo() throws Exception {
        Path file = ApiWorkspace.write(dir, "", "", "a");
        PatinaConfig config = ApiWorkspace.load(dir, file, DashboardWebTest.TOKEN);
        ApiServerTest.ApiClock clock = new ApiServerTest.ApiClock("2026-03-02T09:00:00Z");
        try (PatinaRuntime rt = PatinaRuntime.open(config, new Services(clock));
             ApiServer server = new ApiServer(rt, rt.runs(), null, new ApiConfig(true, "127.0.0.2", 0,
                     rt.config().api().token()), clock).start()) {
            int port = server.port();
            try (Socket s = new Socket("127.0.0.2", port)) {
                s.getOutputStream().write(("GET /status HTTP/1.1\r\nHost: 127.0.0.2:" + port
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(200, status(answer), answer);
            }
        }
    }

    @Test
    void hostNamesAreReadWithoutTheirPort() {
        assertEquals("localhost", HostCheck.name("localhost:8765"));
        assertEquals("[::1]", HostCheck.name("[::1]:8765"));
        assertEquals("[::1]", HostCheck.name("[::1]"));
        assertEquals("127.0.0.1", HostCheck.name("127.0.0.1"));
        assertNull(HostCheck.name("[::1"));
        assertNull(HostCheck.name("[::1]x"));
        assertNull(HostCheck.name(":8765"));
        assertNull(HostCheck.name("a:b:c"));
    }
}
