package dev.grove.patina.source.d1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.ValueType;
import dev.grove.patina.source.d1.D1Fixtures.FakeTime;
import dev.grove.patina.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query mode's pages against {@link FakeD1Server} (real SQLite, D1's JSON shapes): pages read one ahead, a page
 * whose TEXT came back damaged is read again as hex and nothing else is, the traffic counted matches what the
 * server saw and is logged without the token, and closing stops the prefetch thread.
 */
class D1QueryPagingTest {
    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime();

    private Path database(int rows) throws Exception {
        Path file = dir.resolve("paging.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
            s.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ") "
                    + "INSERT INTO t SELECT i, 'row ' || i || ' é', i * 1000003 FROM r");
            // one value that is not valid UTF-8, deep in the table
            s.execute("UPDATE t SET v = CAST(X'C328FF' AS TEXT) WHERE id = 1234");
        }
        return file;
    }

    @Test
    void damagedTextIsReadAgainAsHexOnlyForItsPageAndEveryValueIsExact() throws Exception {
        Path file = database(3000);
        try (FakeD1Server server = new FakeD1Server(file, D1Fixtures.ACCOUNT, D1Fixtures.DATABASE, D1Fixtures.TOKEN)) {
            D1Source source = D1Fixtures.source(server, time, 400);
            int hexPages;
            try (DumpSnapshot snapshot = source.openSnapshot();
                    RowCursor rows = snapshot.rows(snapshot.describe("t"))) {
                int before = server.statements().size();
                long id = 0;
                while (rows.next()) {
                    id++;
                    assertEquals(id, rows.getLong(0));
                    assertEquals(ValueType.TEXT, rows.type(1));
                    byte[] expected = id == 1234 ? HexFormat.of().parseHex("C328FF")
                            : ("row " + id + " é").getBytes(StandardCharsets.UTF_8);
                    assertArrayEquals(expected, rows.getTextBytes(1), "row " + id);
                    assertEquals(id * 1000003, rows.getLong(2));
                }
                assertEquals(3000, id);
                hexPages = (int) server.statements().stream().skip(before)
                        .filter(s -> s.contains("char(1) || 'x' || hex(\"v\") WHEN 'real'")).count();
            }
            assertEquals(1, hexPages, "only the page holding the damaged value is read again as hex");
        }
    }

    @Test
    void trafficMatchesWhatTheServerSawIsLoggedWithoutTheTokenAndCloseStopsThePrefetchThread() throws Exception {
        Path file = database(2500);
        try (FakeD1Server server = new FakeD1Server(file, D1Fixtures.ACCOUNT, D1Fixtures.DATABASE, D1Fixtures.TOKEN);
                LogCapture log = new LogCapture(Level.INFO)) {
            D1Source source = D1Fixtures.source(server, time, 300);
            D1Traffic.Counts before = source.client().traffic().counts();
            int requestsBefore = server.requests();
            D1Traffic.Counts whole;
            try (DumpSnapshot snapshot = source.openSnapshot()) {
                try (RowCursor rows = snapshot.rows(snapshot.describe("t"))) {
                    int n = 0;
                    while (rows.next()) {
                        n++;
                    }
                    assertTrue(prefetchThreads() >= 1, "the snapshot's prefetch thread read the pages");
                    assertEquals(2500, n);
                }
                // the table read to its end: no page is in flight, so what the client counted is exactly what the
                // server received
                whole = source.client().traffic().counts().minus(before);
                assertEquals(server.requests() - requestsBefore, whole.requests());
                try (RowCursor rows = snapshot.rows(snapshot.describe("t"))) {
                    assertTrue(rows.next()); // abandoned after one row: the page in flight is dropped
                }
            }
            D1Traffic.Counts used = source.client().traffic().counts().minus(before);
            // the abandoned cursor's first page at least; its prefetched page may or may not have
            // reached the server when it was cancelled (a race between the interrupt and the socket write), so the
            // server's count is not compared here
            assertTrue(used.requests() > whole.requests(), used.describe());
            assertTrue(used.rows() >= 2500, used.describe()); // the table's rows, the schema's and the abandoned pages
            assertTrue(used.responseBytes() > 2500 * 10, used.describe());
            String logged = String.join("\n", log.messages(Level.INFO));
            assertTrue(logged.contains("D1 shop: query-mode read took " + used.requests() + " requests"), logged);
            assertFalse(log.everything().contains(D1Fixtures.TOKEN));
            for (int i = 0; i < 100 && prefetchThreads() > 0; i++) {
                Thread.sleep(20);
            }
            assertEquals(0, prefetchThreads(), "close() stopped the prefetch thread");
        }
    }

    private static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("d1-prefetch ") && t.isAlive()).count();
    }
}
