package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-database locks across processes: a real second JVM holds a database's lock file. */
class DatabaseLocksTest {
    @TempDir
    Path dir;

    private Process holder(String database) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString(), database)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("locked", line, "the other process took the lock");
        return p;
    }

    @Test
    void aBackupOfADatabaseWaitsForAnotherProcessBackingItUp() throws Exception {
        DatabaseLocks locks = new DatabaseLocks(dir);
        Process other = holder("shop");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // another database is not held up
            try (DatabaseLocks.Held orders = locks.lock("orders")) {
                assertTrue(locks.isBusy("orders"));
            }
            Future<String> waiting = pool.submit(() -> {
                try (DatabaseLocks.Held shop = locks.lock("shop")) {
                    return "got it";
                }
            });
            assertThrows(TimeoutException.class, () -> waiting.get(500, TimeUnit.MILLISECONDS),
                    "shop is held by the other process");
            other.getOutputStream().close(); // the other process ends its backup and exits
            assertTrue(other.waitFor(10, TimeUnit.SECONDS));
            assertEquals("got it", waiting.get(10, TimeUnit.SECONDS));
            assertFalse(locks.isBusy("shop"));
        } finally {
            other.destroyForcibly();
            pool.shutdownNow();
        }
    }

    @Test
    void aCancelWhileWaitingForTheOtherProcessEndsTheWaitAndHoldsNothing() throws Exception {
        DatabaseLocks locks = new DatabaseLocks(dir);
        Process other = holder("shop");
        try {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try (DatabaseLocks.Held shop = locks.lock("shop")) {
                    failure.complete(null);
                } catch (IOException e) {
                    failure.complete(e);
                }
            });
            waiter.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!locks.isBusy("shop") && System.nanoTime() < deadline) {
                Thread.sleep(10); // until the waiter holds the in-process lock and waits on the file
            }
            Thread.sleep(200);
            waiter.interrupt();
            Throwable e = failure.get(10, TimeUnit.SECONDS);
            assertTrue(e instanceof java.nio.channels.FileLockInterruptionException, String.valueOf(e));
            assertFalse(locks.isBusy("shop"), "nothing is left held");
        } finally {
            other.getOutputStream().close();
            other.waitFor(10, TimeUnit.SECONDS);
            other.destroyForcibly();
        }
        try (DatabaseLocks.Held again = locks.lock("shop")) {
            assertTrue(locks.isBusy("shop"), "the lock works after the cancelled wait");
        }
    }
}
