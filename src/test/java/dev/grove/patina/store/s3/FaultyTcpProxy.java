package dev.grove.patina.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of the S3 server that misbehaves on demand: it resets the connection that
 * carries a chosen byte (upstream or downstream), refuses every new connection, or answers HTTP 503. Loopback
 * only; every thread is a daemon and ends on {@link #close()}. It can also stall a request: hold the connection that
 * carries it open without passing a byte on (a server that stopped answering), until {@link #releaseStalls()}; or
 * stall an answer midway: pass the server's bytes on up to a chosen one, then hold the rest back (a client waiting in
 * the middle of a download, at a known point, for a crash test).
 */
public final class FaultyTcpProxy implements AutoCloseable {
    private final int targetPort;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong upstreamBytes = new AtomicLong();
    private final AtomicLong downstreamBytes = new AtomicLong();
    private final AtomicLong resetUpstreamAt = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong resetDownstreamAt = new AtomicLong(Long.MAX_VALUE);
    private final AtomicInteger answer503 = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger served503 = new AtomicInteger();
    private volatile boolean refuseAll;
    private volatile boolean closed;
    private final List<String> stallMarkers = new CopyOnWriteArrayList<>();
    private final AtomicInteger stalled = new AtomicInteger();
    private volatile int stallGeneration;
    private final AtomicLong stallDownstreamAt = new AtomicLong(Long.MAX_VALUE);
    private final List<String> forbidMarkers = new CopyOnWriteArrayList<>();
    private final AtomicInteger forbidden = new AtomicInteger();

    public FaultyTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::acceptLoop, "faulty-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * From now on, a request whose bytes (as the client sends them, e.g. its request line
     * {@code PUT /bucket/key?partNumber=1…}) contain {@code marker} is stalled: its connection stays open and nothing
     * more of it reaches the server, nor does an answer come back, until {@link #releaseStalls()}.
     */
    public void stallRequestsContaining(String marker) {
        stallMarkers.add(marker);
    }

    /**
     * From now on, a request whose bytes contain {@code marker} (case-insensitive, e.g. the header
     * {@code x-amz-copy-source:}) is answered {@code 403 AccessDenied} without reaching the server: credentials that
     * may not do that.
     */
    public void forbidRequestsContaining(String marker) {
        forbidMarkers.add(marker.toLowerCase(java.util.Locale.ROOT));
    }

    /** How many requests were answered 403 by {@link #forbidRequestsContaining}. */
    public int forbidden() {
        return forbidden.get();
    }

    /** The bytes clients sent through the proxy so far (requests and their bodies). */
    public long upstreamBytes() {
        return upstreamBytes.get();
    }

    /** The bytes the server answered through the proxy so far. */
    public long downstreamBytes() {
        return downstreamBytes.get();
    }

    /** How many requests have been stalled so far. */
    public int stalled() {
        return stalled.get();
    }

    /**
     * From now on, the server's byte number {@code bytes} and every one after it are held back: the client gets what
     * came before and waits for the rest, until {@link #releaseStalls()} lets it through.
     */
    public void stallDownstreamAfter(long bytes) {
        stallDownstreamAt.set(downstreamBytes.get() + bytes);
    }

    /**
     * Stops stalling: the stalled requests' connections are reset (what they carried never reaches the server); a
     * held-back answer flows on.
     */
    public void releaseStalls() {
        stallMarkers.clear();
        stallDownstreamAt.set(Long.MAX_VALUE);
        stallGeneration++;
    }

    public java.net.URI endpoint() {
        return java.net.URI.create("http://127.0.0.1:" + port());
    }

    /** Resets the connection that carries the client's byte number {@code bytes} from now on (once). */
    public void resetUpstreamAfter(long bytes) {
        resetUpstreamAt.set(upstreamBytes.get() + bytes);
    }

    /** Resets the connection that carries the server's byte number {@code bytes} from now on (once). */
    void resetDownstreamAfter(long bytes) {
        resetDownstreamAt.set(downstreamBytes.get() + bytes);
    }

    /** Every new connection is accepted and reset at once; open ones are dropped. */
    public void refuseAll(boolean refuse) {
        refuseAll = refuse;
        if (refuse) {
            dropAll();
        }
    }

    /** The next {@code count} connections are answered {@code 503 SlowDown} and closed. */
    public void answer503(int count) {
        answer503.set(count);
        dropAll();
    }

    int connections() {
        return connections.get();
    }

    public int refused() {
        return refused.get();
    }

    public int resets() {
        return resets.get();
    }

    public int served503() {
        return served503.get();
    }

    /** Closes every open connection (a fresh pool for the client). */
    void dropAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            if (refuseAll) {
                refused.incrementAndGet();
                reset(client);
                continue;
            }
            if (answer503.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                start("faulty-proxy-503", () -> serve503(client));
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                start("faulty-proxy-up", () -> pump(client, upstream, upstreamBytes, resetUpstreamAt, true));
                start("faulty-proxy-down", () -> pump(upstream, client, downstreamBytes, resetDownstreamAt, false));
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter, AtomicLong resetAt, boolean upstream) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (upstream && !forbidMarkers.isEmpty()) {
                    String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1)
                            .toLowerCase(java.util.Locale.ROOT);
                    if (forbidMarkers.stream().anyMatch(chunk::contains)) {
                        forbidden.incrementAndGet();
                        answerForbidden(from);
                        reset(to);
                        return;
                    }
                }
                if (upstream && !stallMarkers.isEmpty()) {
                    String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    if (stallMarkers.stream().anyMatch(chunk::contains)) {
                        stalled.incrementAndGet();
                        int generation = stallGeneration;
                        while (!closed && generation == stallGeneration) {
                            try {
                                Thread.sleep(20); // holding the request: the server never sees it
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                break;
                            }
                        }
                        reset(from);
                        reset(to);
                        return;
                    }
                }
                long before = counter.getAndAdd(n);
                long hold = upstream ? Long.MAX_VALUE : stallDownstreamAt.get();
                if (before + n > hold) {
                    int first = (int) Math.max(0, hold - before);
                    out.write(buffer, 0, first);
                    out.flush();
                    stalled.incrementAndGet();
                    int generation = stallGeneration;
                    while (!closed && generation == stallGeneration) {
                        try {
                            Thread.sleep(20); // holding the answer back: the client waits mid-body
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                    out.write(buffer, first, n - first);
                    out.flush();
                    continue;
                }
                long at = resetAt.get();
                if (before + n > at && resetAt.compareAndSet(at, Long.MAX_VALUE)) {
                    int first = (int) Math.max(0, at - before);
                    out.write(buffer, 0, first);
                    out.flush();
                    resets.incrementAndGet();
                    reset(from);
                    reset(to);
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void serve503(Socket client) {
        try (client) {
            client.setSoTimeout(5000);
            InputStream in = client.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                    + "<Message>Please reduce your request rate.</Message></Error>";
            String response = "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            client.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            served503.incrementAndGet();
        } catch (IOException e) {
            // fine: the client gave up
        }
    }

    private static void answerForbidden(Socket client) throws IOException {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
                + "<Message>Access Denied</Message></Error>";
        String response = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        client.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
    }

    private void start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // RST instead of FIN
        } catch (IOException e) {
            // closed already
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        dropAll();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
