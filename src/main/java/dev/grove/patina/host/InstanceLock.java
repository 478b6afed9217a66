package dev.grove.patina.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.util.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process runs the schedule over a catalog: the console or {@code patina daemon}. The holder keeps an OS file
 * lock on {@code instance.lock} beside the catalog (released by the OS when the process dies, so a crash never
 * leaves a stale lock) and describes itself in {@code instance.json}: its pid, its role, and — for the console — a
 * loopback port where a second start can ask it to show its window. The port only answers a line carrying the
 * random nonce from that file, so only someone who can read the user's data folder can use it.
 */
public final class InstanceLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLock.class);
    static final String LOCK_FILE = "instance.lock";
    static final String INFO_FILE = "instance.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who holds the lock. */
    public enum Role {
        CONSOLE, DAEMON;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What {@code instance.json} says about the holder.
     *
     * @param port the console's activation port, 0 for a daemon
     */
    public record Holder(long pid, Role role, int port, String nonce) {
        /** "the console (pid 1234)" for messages. */
        public String describe() {
            return (role == Role.CONSOLE ? "the Patina console" : "patina daemon") + " (pid " + pid + ")";
        }
    }

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;
    private volatile ServerSocket activation;

    private InstanceLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock in {@code folder} (the catalog's folder) for {@code role}, or says who holds it.
     *
     * @return the lock, or empty when another process holds it (see {@link #holder(Path)})
     * @throws UncheckedIOException when the folder cannot be written
     */
    public static Optional<InstanceLock> tryAcquire(Path folder, Role role) {
        try {
            Files.createDirectories(folder);
            FileChannel ch = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
                l = null;
            }
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            InstanceLock taken = new InstanceLock(folder, ch, l);
            try {
                taken.describe(role, 0, "");
            } catch (IOException | RuntimeException e) {
                taken.close();
                throw e;
            }
            return Optional.of(taken);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the instance lock in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Who holds the lock in {@code folder}, as its {@code instance.json} says (empty when unreadable). */
    public static Optional<Holder> holder(Path folder) {
        try {
            Map<?, ?> m = JSON.readValue(folder.resolve(INFO_FILE).toFile(), Map.class);
            return Optional.of(new Holder(((Number) m.get("pid")).longValue(),
                    Role.valueOf(String.valueOf(m.get("role")).toUpperCase(java.util.Locale.ROOT)),
                    ((Number) m.get("port")).intValue(), String.valueOf(m.get("nonce"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Listens on a loopback port for "show" requests from a second start and runs {@code onShow} for each (on the
     * listener's thread: hand over to the GUI thread yourself). Records the port in {@code instance.json}.
     */
    public synchronized void listenForActivation(Runnable onShow) throws IOException {
        if (activation != null) {
            return;
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String nonce = HexFormat.of().formatHex(random);
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        activation = server;
        describe(Role.CONSOLE, server.getLocalPort(), nonce);
        Thread t = new Thread(() -> serve(server, nonce, onShow), "patina-activation");
        t.setDaemon(true);
        t.start();
    }

    private static void serve(ServerSocket server, String nonce, Runnable onShow) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(2000);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                OutputStream out = s.getOutputStream();
                if (("show " + nonce).equals(line)) {
                    onShow.run();
                    out.write("ok\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write("refused\n".getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                if (!server.isClosed()) {
                    LOG.debug("activation request failed: {}", e.toString());
                }
            }
        }
    }

    /**
     * Asks the console holding the lock in {@code folder} to show its window.
     *
     * @return true when it answered that it did
     */
    public static boolean askToShow(Holder holder) {
        if (holder.role() != Role.CONSOLE || holder.port() <= 0) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), holder.port()), 2000);
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

    private void describe(Role role, int port, String nonce) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", ProcessHandle.current().pid());
        m.put("role", role.id());
        m.put("port", port);
        m.put("nonce", nonce);
        // a separate file from the lock file (whose OS lock lives on its inode): written whole, owner-only
        byte[] json = JSON.writeValueAsBytes(m);
        AtomicFiles.write(folder.resolve(INFO_FILE), AtomicFiles.Access.OWNER_ONLY, out -> out.write(json));
    }

    /** Stops listening and releases the lock; {@code instance.json} is removed. Idempotent. */
    @Override
    public synchronized void close() {
        try {
            if (activation != null) {
                activation.close();
            }
        } catch (IOException ignored) {
            // closing a listening socket
        }
        try {
            if (lock.isValid()) {
                Files.deleteIfExists(folder.resolve(INFO_FILE));
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            LOG.warn("releasing the instance lock in {}: {}", folder, e.getMessage());
        }
    }
}
