package dev.grove.patina.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-process-per-catalog lock and the console's "show your window" port, over a real file lock and socket. */
class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    void theHolderIsKnownAndALaterStartIsRefusedUntilItReleases() {
        try (InstanceLock lock = InstanceLock.tryAcquire(dir, InstanceLock.Role.DAEMON).orElseThrow()) {
            assertEquals(Optional.empty(), InstanceLock.tryAcquire(dir, InstanceLock.Role.CONSOLE));
            InstanceLock.Holder holder = InstanceLock.holder(dir).orElseThrow();
            assertEquals(ProcessHandle.current().pid(), holder.pid());
            assertEquals(InstanceLock.Role.DAEMON, holder.role());
            assertEquals("patina daemon (pid " + holder.pid() + ")", holder.describe());
            assertFalse(InstanceLock.askToShow(holder), "a daemon has no window to show");
        }
        assertFalse(Files.exists(dir.resolve(InstanceLock.INFO_FILE)), "released: the description is gone");
        try (InstanceLock again = InstanceLock.tryAcquire(dir, InstanceLock.Role.CONSOLE).orElseThrow()) {
            assertEquals(InstanceLock.Role.CONSOLE, InstanceLock.holder(dir).orElseThrow().role());
        }
    }

    @Test
    void aSecondStartAsksTheConsoleToShowItsWindowAndStrangersAreRefused() throws Exception {
        CountDownLatch shown = new CountDownLatch(1);
        AtomicInteger shows = new AtomicInteger();
        try (InstanceLock lock = InstanceLock.tryAcquire(dir, InstanceLock.Role.CONSOLE).orElseThrow()) {
            lock.listenForActivation(() -> {
                shows.incrementAndGet();
                shown.countDown();
            });
            InstanceLock.Holder holder = InstanceLock.holder(dir).orElseThrow();
            assertTrue(holder.port() > 0);
            assertEquals(32, holder.nonce().length());

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), holder.port())) {
                s.getOutputStream().write("show 0000\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("refused", new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8)).readLine());
            }
            assertEquals(0, shows.get(), "a wrong nonce shows nothing");

            assertTrue(InstanceLock.askToShow(holder));
            assertTrue(shown.await(5, TimeUnit.SECONDS));
            assertEquals(1, shows.get());
        }
        assertEquals(Optional.empty(), InstanceLock.holder(dir));
    }

    @Test
    void theDescriptionIsPrivateToTheUser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews()
                .contains("posix"), "POSIX permissions");
        try (InstanceLock lock = InstanceLock.tryAcquire(dir, InstanceLock.Role.CONSOLE).orElseThrow()) {
            lock.listenForActivation(() -> { });
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve(InstanceLock.INFO_FILE))));
        }
    }
}
