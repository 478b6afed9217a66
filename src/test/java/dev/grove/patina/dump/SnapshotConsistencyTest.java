package dev.grove.patina.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY 4: a writer keeps committing during the dump; the dump is one consistent snapshot. */
class SnapshotConsistencyTest {
    private static final int ACCOUNTS = 20_000;
    private static final long TOTAL = ACCOUNTS * 100L;

    @TempDir
    Path dir;

    @Test
    void dumpIsOneSnapshotWhileAWalWriterKeepsCommitting() throws Exception {
        Path db = dir.resolve("bank.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
            s.execute("CREATE TABLE transfers (id INTEGER PRIMARY KEY, src INTEGER, dst INTEGER, amount INTEGER)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + ACCOUNTS + ") "
                    + "INSERT INTO accounts SELECT i, 100 FROM n");
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong commits = new AtomicLong();
        AtomicReference<Throwable> writerError = new AtomicReference<>();
        CountDownLatch writerRunning = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            Random rnd = new Random(3);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
                c.setAutoCommit(false);
                while (!stop.get()) {
                    int a = 1 + rnd.nextInt(ACCOUNTS);
                    int b = 1 + rnd.nextInt(ACCOUNTS);
                    int amount = 1 + rnd.nextInt(50);
                    s.execute("UPDATE accounts SET balance = balance - " + amount + " WHERE id = " + a);
                    s.execute("UPDATE accounts SET balance = balance + " + amount + " WHERE id = " + b);
                    s.execute("INSERT INTO transfers (src, dst, amount) VALUES (" + a + ", " + b + ", " + amount + ")");
                    c.commit();
                    commits.incrementAndGet();
                    writerRunning.countDown();
                }
            } catch (Throwable t) {
                writerError.set(t);
            }
        });
        writer.start();
        assertTrue(writerRunning.await(10, TimeUnit.SECONDS));
        long[] commitsDuringDump = new long[2];
        Path sql = dir.resolve("bank.sql");
        try {
            new dev.grove.patina.backup.ExportService(new SqlDumpWriter(DumpFixtures.CLOCK, "test")).exportToFile(
                    new SqliteFileSource("bank", db), sql, DumpOptions.all("bank", DumpDialect.D1), Compression.NONE,
                    (table, rows, total, bytes) -> {
                        if (commitsDuringDump[0] == 0) {
                            commitsDuringDump[0] = commits.get();
                            sleep(300); // the writer must get to commit while the dump's read transaction is open
                        }
                        commitsDuringDump[1] = commits.get();
                    });
        } finally {
            stop.set(true);
            writer.join(10_000);
        }
        assertEquals(null, writerError.get());
        assertTrue(commitsDuringDump[1] - commitsDuringDump[0] > 10,
                "the writer was not blocked by the dump: " + (commitsDuringDump[1] - commitsDuringDump[0])
                        + " commits during it");

        Path restored = dir.resolve("restored.sqlite");
        DumpFixtures.restorer().restore(sql, restored, RestoreOptions.all(), RestoreProgress.NONE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(balance), (SELECT count(*) FROM transfers) FROM accounts")) {
            rs.next();
            assertEquals(TOTAL, rs.getLong(1), "sum of balances holds in the restored copy");
            long transfers = rs.getLong(2);
            assertTrue(transfers < commits.get(), "the dump reflects its start, not later commits");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("WITH net AS (SELECT id, sum(d) AS d FROM (SELECT src AS id, -amount AS d "
                     + "FROM transfers UNION ALL SELECT dst, amount FROM transfers) GROUP BY id) "
                     + "SELECT count(*) FROM accounts a LEFT JOIN net ON net.id = a.id "
                     + "WHERE a.balance != 100 + coalesce(net.d, 0)")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "balances agree with the transfer log: both tables are one snapshot");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
