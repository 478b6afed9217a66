package dev.grove.patina.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port) playing a webhook: answers from a script, records what it
 * received. Replies may echo the request URI ({@code {uri}} in a body or header), the way some servers and proxies
 * do, to prove the notifier never repeats it.
 */
final class AlertTestServer implements AutoCloseable {

    /** One scripted answer; {@code hangs} holds the exchange open until the server closes (at most 20 s). */
    record Reply(int status, Map<String, String> headers, String body, boolean hangs) {
        static Reply status(int status) {
            return new Reply(status, Map.of(), "", false);
        }

        static Reply status(int status, String body) {
            return new Reply(status, Map.of(), body, false);
        }

        static Reply hanging() {
            return new Reply(200, Map.of(), "", true);
        }

        Reply header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, hangs);
        }
    }

    /** One request as received. */
    record Received(String method, String rawPath, String contentType, String body) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Reply otherwise = Reply.status(200, "ok");

    private AlertTestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    static AlertTestServer start() throws IOException {
        return new AlertTestServer();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers the next requests with these replies, in order, then with {@link #otherwise(Reply)}. */
    AlertTestServer script(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    AlertTestServer otherwise(Reply reply) {
        this.otherwise = reply;
        return this;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    int requests() {
        return received.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body));
            Reply reply = script.pollFirst();
            if (reply == null) {
                reply = otherwise;
            }
            if (reply.hangs()) {
                try {
                    closing.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            String echo = ex.getRequestURI().toString();
            String fullUrl = url(echo);
            for (Map.Entry<String, String> h : reply.headers().entrySet()) {
                ex.getResponseHeaders().add(h.getKey(), h.getValue().replace("{uri}", echo).replace("{url}", fullUrl));
            }
            byte[] out = reply.body().replace("{uri}", echo).replace("{url}", fullUrl)
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
