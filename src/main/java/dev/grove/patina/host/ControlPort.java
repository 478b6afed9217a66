package dev.grove.patina.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loopback port of the process that holds the instance lock (the console or {@code patina daemon}), where
 * another Patina process of the same user asks it to show its window ({@code show <nonce>}) or hands it a run
 * ({@code run <nonce> <order as one JSON line>}, answered by event lines until the run ends). Only a request that
 * carries the random nonce from the owner-only {@code instance.json} is answered, so only someone who can read the
 * user's data folder can use it. Each connection is served on its own thread, at most {@link #CONNECTIONS} at once.
 */
public final class ControlPort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPort.class);
    /** Connections served at once; more are refused (a run handed over holds its connection until it ends). */
    static final int CONNECTIONS = 8;

    /** What the holder of the lock answers. */
    public interface Answers {
        /** Brings the console's window up; false for a process that has none. Called off the GUI thread. */
        boolean show();

        /**
         * Takes a run handed over by another process and reports on it until it ends.
         *
         * @param order the order, one JSON object (see {@link RunOrderJson})
         * @param out   receives one JSON event per line; the last is an {@code end} event
         */
        void run(String order, Consumer<String> out);
    }

    private final ServerSocket server;
    private final String nonce;
    private final Answers answers;
    private final Semaphore slots = new Semaphore(CONNECTIONS);

    private ControlPort(ServerSocket server, String nonce, Answers answers) {
        this.server = server;
        this.nonce = nonce;
        this.answers = answers;
    }

    /** Listens on a free loopback port. */
    static ControlPort open(String nonce, Answers answers) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CONNECTIONS);
        ControlPort port = new ControlPort(server, nonce, answers);
        Thread t = new Thread(port::acceptLoop, "patina-control");
        t.setDaemon(true);
        t.start();
        return port;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debug("control port: accept failed: {}", e.toString());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                answerAndClose(s, "busy");
                continue;
            }
            Thread t = new Thread(() -> {
                try {
                    serve(s);
                } finally {
                    slots.release();
                }
            }, "patina-control-connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(5000);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            s.setSoTimeout(0);
            OutputStream out = s.getOutputStream();
            if (line == null) {
                return;
            }
            if (("show " + nonce).equals(line)) {
                write(out, answers.show() ? "ok" : "no-window");
            } else if (line.startsWith("run " + nonce + " ")) {
                answers.run(line.substring(("run " + nonce + " ").length()), event -> {
                    try {
                        write(out, event);
                    } catch (IOException gone) {
                        // the other process went away: its run goes on here, recorded in the catalog
                        throw new java.io.UncheckedIOException(gone);
                    }
                });
            } else {
                write(out, "refused");
            }
        } catch (IOException | RuntimeException e) {
            if (!server.isClosed()) {
                LOG.debug("control request ended: {}", e.toString());
            }
        }
    }

    private static void answerAndClose(Socket s, String answer) {
        try (s) {
            write(s.getOutputStream(), answer);
        } catch (IOException ignored) {
            // the caller reads a closed connection as "no answer"
        }
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Stops listening; runs already handed over go on. Idempotent. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket
        }
    }
}
