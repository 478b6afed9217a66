package dev.grove.patina.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPortTest {
    @TempDir
    Path dir;

    /** Answers a run with three event lines, the last one ending it; records the orders it was handed. */
    private static final class Recording implements ControlPort.Answers {
        final List<String> orders = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public boolean show() {
            return false;
        }

        @Override
        public void run(String order, Consumer<String> out) {
            orders.add(order);
            out.accept("{\"event\":\"accepted\"}");
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.accept("{\"event\":\"progress\"}");
            out.accept("{\"event\":\"end\"}");
        }
    }

    @Test
    void aDaemonTakesARunHandedOverAndReportsUntilItEnds() throws Exception {
        Recording answers = new Recording();
        try (InstanceLock lock = InstanceLock.tryAcquire(dir, InstanceLock.Role.DAEMON).orElseThrow()) {
            lock.listen(answers);
            InstanceLock.Holder holder = InstanceLock.holder(dir).orElseThrow();
            assertTrue(holder.port() > 0, "a daemon now listens too");
            assertFalse(InstanceLock.askToShow(holder), "a daemon has no window to show");

            List<String> seen = new CopyOnWriteArrayList<>();
            Thread follower = new Thread(() -> {
                try {
                    ControlClient.handOver(holder, "{\"kind\":\"nightly\"}", line -> {
                        seen.add(line);
                        return line.contains("\"end\"");
                    });
                } catch (IOException e) {
                    seen.add("failed: " + e.getMessage());
                }
            });
            follower.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("{\"event\":\"accepted\"}"), seen, "the follower hears the run start at once");
            answers.release.countDown();
            follower.join(10_000);
            assertEquals(List.of("{\"event\":\"accepted\"}", "{\"event\":\"progress\"}", "{\"event\":\"end\"}"), seen);
            assertEquals(List.of("{\"kind\":\"nightly\"}"), answers.orders);
        }
    }

    @Test
    void aRunWithoutTheNonceIsRefusedAndNeverStarts() throws Exception {
        Recording answers = new Recording();
        try (InstanceLock lock = InstanceLock.tryAcquire(dir, InstanceLock.Role.DAEMON).orElseThrow()) {
            lock.listen(answers);
            InstanceLock.Holder holder = InstanceLock.holder(dir).orElseThrow();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), holder.port())) {
                s.getOutputStream().write("run 0000 {\"kind\":\"nightly\"}\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("refused", new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8)).readLine());
            }
            InstanceLock.Holder forged = new InstanceLock.Holder(holder.pid(), holder.role(), holder.port(), "0000");
            IOException e = assertThrows(IOException.class,
                    () -> ControlClient.handOver(forged, "{\"kind\":\"nightly\"}", line -> true));
            assertTrue(e.getMessage().contains("refused the run"), e.getMessage());
            assertEquals(List.of(), answers.orders);
        }
    }

    @Test
    void aHolderThatGoesAwayMidRunIsReportedNotWaitedForForever() throws Exception {
        InstanceLock lock = InstanceLock.tryAcquire(dir, InstanceLock.Role.CONSOLE).orElseThrow();
        lock.listen(new ControlPort.Answers() {
            @Override
            public boolean show() {
                return true;
            }

            @Override
            public void run(String order, Consumer<String> out) {
                out.accept("{\"event\":\"accepted\"}");
                throw new IllegalStateException("the process is stopping");
            }
        });
        InstanceLock.Holder holder = InstanceLock.holder(dir).orElseThrow();
        try {
            IOException e = assertThrows(IOException.class,
                    () -> ControlClient.handOver(holder, "{\"kind\":\"weekly\"}", line -> false));
            assertTrue(e.getMessage().contains("stopped before the run ended"), e.getMessage());
        } finally {
            lock.close();
        }
    }
}
