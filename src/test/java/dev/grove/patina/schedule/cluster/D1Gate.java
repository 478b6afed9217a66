package dev.grove.patina.schedule.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP gate in front of a {@link dev.grove.patina.source.d1.FakeD1Server}: every request is recorded with its
 * arrival time and held until {@link #open()}, then forwarded. A nightly that backs up the D1 database behind it
 * runs as long as the test wants — long enough to kill its node in the middle.
 */
final class D1Gate implements AutoCloseable {
    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newHttpClient();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final List<Instant> arrivals = new CopyOnWriteArrayList<>();

    D1Gate(URI targetApiBase) throws IOException {
        this.target = targetApiBase;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API base to configure ({@code …/client/v4}). */
    URI apiBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4");
    }

    /** When each request arrived, in order. */
    List<Instant> arrivals() {
        return List.copyOf(arrivals);
    }

    /** Lets the held requests and every later one through. */
    void open() {
        opened.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        arrivals.add(Instant.now());
        try {
            if (!opened.await(5, TimeUnit.MINUTES)) {
                ex.sendResponseHeaders(503, -1);
                return;
            }
            String path = ex.getRequestURI().getRawPath().substring("/client/v4".length());
            String query = ex.getRequestURI().getRawQuery();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(
                            ex.getRequestBody().readAllBytes()));
            for (String h : List.of("Authorization", "Content-Type")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    b.header(h, v);
                }
            }
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
            r.headers().firstValue("Retry-After").ifPresent(v -> ex.getResponseHeaders().add("Retry-After", v));
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the killed node's request: its socket is gone
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        open();
        server.stop(0);
    }
}
