package dev.grove.patina.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process runs the schedule over a catalog: the console or {@code patina daemon}. The holder keeps an OS file
 * lock on {@code instance.lock} beside the catalog (released by the OS when the process dies, so a crash never
 * leaves a stale lock) and describes itself in {@code instance.json} (owner-only): its pid, its role, and its
 * {@link ControlPort} — a loopback port where a second start asks the console to show its window and where the
 * CLI hands over a run — with the random nonce that port asks for.
 */
public final class InstanceLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLock.class);
    static final String LOCK_FILE = "instance.lock";
    static final String INFO_FILE = "instance.json";
    /** Made on first use: Jackson's ~570 classes are not loaded by a start that finds no {@code instance.json}. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

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
     * @param port its control port, 0 until it listens
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
    private final Role role;
    private ControlPort control;

    private InstanceLock(Path folder, FileChannel channel, FileLock lock, Role role) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
        this.role = role;
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
            InstanceLock taken = new InstanceLock(folder, ch, l, role);
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
        java.io.File info = folder.resolve(INFO_FILE).toFile();
        if (!info.isFile()) {
            return Optional.empty(); // nobody holds it (the console's start: no JSON parser loaded for nothing)
        }
        try {
            Map<?, ?> m = Json.MAPPER.readValue(info, Map.class);
            return Optional.of(new Holder(((Number) m.get("pid")).longValue(),
                    Role.valueOf(String.valueOf(m.get("role")).toUpperCase(java.util.Locale.ROOT)),
                    ((Number) m.get("port")).intValue(), String.valueOf(m.get("nonce"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Opens this process's {@link ControlPort}: another Patina process of the user may then ask it to show its window
     * or hand it a run. Records the port in {@code instance.json}.
     */
    public synchronized void listen(ControlPort.Answers answers) throws IOException {
        if (control != null) {
            return;
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String nonce = HexFormat.of().formatHex(random);
        control = ControlPort.open(nonce, answers);
        describe(role, control.port(), nonce);
    }

    /**
     * Listens for "show" requests from a second start and runs {@code onShow} for each (on the port's thread: hand
     * over to the GUI thread yourself); runs handed over are refused. The console's window alone, for tests.
     */
    public void listenForActivation(Runnable onShow) throws IOException {
        listen(new ControlPort.Answers() {
            @Override
            public boolean show() {
                onShow.run();
                return true;
            }

            @Override
            public void run(String order, java.util.function.Consumer<String> out) {
                out.accept("refused");
            }
        });
    }

    /** Asks the console described by {@code holder} to show its window; true when it did. */
    public static boolean askToShow(Holder holder) {
        return ControlClient.askToShow(holder);
    }

    private void describe(Role role, int port, String nonce) throws IOException {
        // written by hand, not by Jackson (the console's start, ADR 0025): numbers, a role id and a hex nonce need
        // no escaping
        if (!nonce.matches("[0-9a-zA-Z]*")) {
            throw new IllegalArgumentException("nonce must be alphanumeric");
        }
        String text = "{\"pid\":" + ProcessHandle.current().pid() + ",\"role\":\"" + role.id() + "\",\"port\":" + port
                + ",\"nonce\":\"" + nonce + "\"}";
        // a separate file from the lock file (whose OS lock lives on its inode): written whole, owner-only
        byte[] json = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.write(folder.resolve(INFO_FILE), AtomicFiles.Access.OWNER_ONLY, out -> out.write(json));
    }

    /** Stops listening and releases the lock; {@code instance.json} is removed. Idempotent. */
    @Override
    public synchronized void close() {
        try {
            if (control != null) {
                control.close();
            }
        } finally {
            releaseLock();
        }
    }

    private void releaseLock() {
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
