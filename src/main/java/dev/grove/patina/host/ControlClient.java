package dev.grove.patina.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** Talks to the {@link ControlPort} of the process that holds the instance lock. */
public final class ControlClient {
    private static final int CONNECT_MILLIS = 2000;

    private ControlClient() {
    }

    /**
     * Asks the console described by {@code holder} to show its window.
     *
     * @return true when it answered that it did
     */
    public static boolean askToShow(InstanceLock.Holder holder) {
        if (holder.role() != InstanceLock.Role.CONSOLE || holder.port() <= 0) {
            return false;
        }
        try (Socket s = connect(holder)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("show " + holder.nonce() + "\n").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            return "ok".equals(answer);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Hands a run to the holder and follows it: every event line goes to {@code onEvent} until it returns true
     * (the run's last event).
     *
     * @param order one JSON object on one line
     * @throws IOException when the holder cannot be reached, refuses, or goes away before the run's last event
     */
    public static void handOver(InstanceLock.Holder holder, String order, Predicate<String> onEvent)
            throws IOException {
        if (holder.port() <= 0) {
            throw new IOException(holder.describe() + " takes no runs from other processes (it is an older Patina"
                    + " or is still starting)");
        }
        if (order.indexOf('\n') >= 0 || order.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a run order is one line");
        }
        try (Socket s = connect(holder)) {
            s.getOutputStream().write(("run " + holder.nonce() + " " + order + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if ("refused".equals(line) || "busy".equals(line)) {
                    throw new IOException(holder.describe() + " " + ("busy".equals(line)
                            ? "is following too many runs for other processes" : "refused the run"));
                }
                if (onEvent.test(line)) {
                    return;
                }
            }
            throw new IOException(holder.describe() + " stopped before the run ended; `patina status` shows how"
                    + " it ended");
        }
    }

    private static Socket connect(InstanceLock.Holder holder) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), holder.port()), CONNECT_MILLIS);
            return s;
        } catch (IOException e) {
            s.close();
            throw new IOException(holder.describe() + " cannot be reached on its control port: " + e.getMessage(), e);
        }
    }
}
