package dev.grove.patina.source.d1;

import static dev.grove.patina.source.d1.D1Fixtures.ACCOUNT;
import static dev.grove.patina.source.d1.D1Fixtures.DATABASE;
import static dev.grove.patina.source.d1.D1Fixtures.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.dump.TableShape;
import dev.grove.patina.dump.ValueType;
import dev.grove.patina.source.d1.D1Fixtures.FakeTime;
import dev.grove.patina.testing.AwkwardDatabase;
import dev.grove.patina.testing.DatabaseComparator;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backs up D1 databases through a fake D1 REST API over real SQLite files. */
class D1SourceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime();

    /** The awkward database as a D1 file: no readable user_version/application_id, a _cf_KV table. */
    private Path d1File() throws Exception {
        Path file = AwkwardDatabase.create(dir.resolve("d1.sqlite"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 0");
            s.execute("PRAGMA application_id = 0");
            s.execute("CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID");
            s.execute("INSERT INTO _cf_KV VALUES ('internal', X'00ff')");
        }
        return file;
    }

    @Test
    void awkwardDatabaseSurvivesD1BackupAndRestoreValueByValue() throws Exception {
        Path file = d1File();
        Path sql = dir.resolve("dump.sql");
        try (FakeD1Server server = new FakeD1Server(file, ACCOUNT, DATABASE, TOKEN)) {
            D1Source source = D1Fixtures.source(server, time, 7);
            try (DumpSnapshot snapshot = source.openSnapshot(); OutputStream out = Files.newOutputStream(sql)) {
                new SqlDumpWriter(CLOCK, "test").write(snapshot, DumpOptions.all("shop", DumpDialect.D1), out,
                        DumpProgress.NONE);
            }
            assertTrue(server.statements().stream().noneMatch(s -> s.contains("_cf_")),
                    "D1 refuses reads of _cf_ tables; none may be sent");
            assertTrue(server.statements().stream().noneMatch(s -> FakeD1Server.refusedByD1(s) != null),
                    "nothing D1's engine refuses is sent: " + server.statements().stream()
                            .filter(s -> FakeD1Server.refusedByD1(s) != null).toList());
            assertTrue(server.requests() > 50, "small pages: " + server.requests() + " requests");
        }
        Path restored = dir.resolve("restored.sqlite");
        new Restorer(CLOCK).restore(sql, restored, RestoreOptions.all(), RestoreProgress.NONE);
        List<String> differences = DatabaseComparator.differences(file, restored).stream()
                .filter(d -> !d.contains("_cf_KV") && !d.contains(AwkwardDatabase.CONTENTLESS_FTS)).toList();
        assertEquals(List.of(), differences);
    }

    @Test
    void integersBeyond2Pow53AndSpecialRealsAreExactWhereD1sJsonIsNot() throws Exception {
        Path file = dir.resolve("numbers.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE n (v)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO n VALUES (?)")) {
                for (Object v : List.of(9007199254740993L, Long.MAX_VALUE, Long.MIN_VALUE, 0.1, Double.MIN_VALUE,
                        1e308, -0.0d, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0d, 123456789.0d)) {
                    ps.setObject(1, v);
                    ps.executeUpdate();
                }
            }
            s.execute("INSERT INTO n VALUES ('a' || char(0) || 'b'), (CAST(X'C328FF' AS TEXT)), ('😀'), ('l1\nl2'),"
                    + " (X''), (''), (NULL)");
        }
        try (FakeD1Server server = new FakeD1Server(file, ACCOUNT, DATABASE, TOKEN)) {
            D1Source source = D1Fixtures.source(server, time, 3);
            D1Client plain = D1Fixtures.client(source.config(), time, D1Settings.defaults());
            // the fake really is as lossy as D1: a plain SELECT rounds 2^53+1
            assertEquals(9007199254740992L,
                    plain.raw("SELECT v FROM n WHERE rowid = 1", List.of()).rows().get(0).get(0).longValue());
            List<String> seen = new ArrayList<>();
            try (DumpSnapshot snapshot = source.openSnapshot()) {
                TableShape shape = snapshot.describe("n");
                try (RowCursor rows = snapshot.rows(shape)) {
                    while (rows.next()) {
                        seen.add(describe(rows, 1));
                    }
                }
            }
            assertEquals(List.of("INTEGER 9007199254740993", "INTEGER " + Long.MAX_VALUE, "INTEGER " + Long.MIN_VALUE,
                    "REAL " + bits(0.1), "REAL " + bits(Double.MIN_VALUE), "REAL " + bits(1e308),
                    "REAL " + bits(expectedNegativeZero(file)), "REAL " + bits(Double.POSITIVE_INFINITY),
                    "REAL " + bits(Double.NEGATIVE_INFINITY), "REAL " + bits(0.0), "REAL " + bits(123456789.0),
                    "TEXT 610062", "TEXT C328FF", "TEXT F09F9880", "TEXT 6C310A6C32", "BLOB ", "TEXT ", "NULL"),
                    seen);
        }
    }

    /** What SQLite itself kept of -0.0 (it may store the integer 0 for it). */
    private static double expectedNegativeZero(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT v FROM n WHERE rowid = 7")) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static String bits(double d) {
        return Long.toHexString(Double.doubleToRawLongBits(d));
    }

    private static String describe(RowCursor rows, int i) throws Exception {
        ValueType t = rows.type(i);
        return switch (t) {
            case NULL -> "NULL";
            case INTEGER -> "INTEGER " + rows.getLong(i);
            case REAL -> "REAL " + bits(rows.getDouble(i));
            case TEXT -> "TEXT " + java.util.HexFormat.of().withUpperCase().formatHex(rows.getTextBytes(i));
            case BLOB -> "BLOB " + java.util.HexFormat.of().withUpperCase().formatHex(rows.getBlob(i));
        };
    }

    @Test
    void pagesThroughThousandsOfRowsByKey() throws Exception {
        Path file = dir.resolve("many.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE gaps (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("CREATE TABLE plain (v TEXT)");
            s.execute("CREATE TABLE pairs (a TEXT COLLATE NOCASE, b INTEGER, v, PRIMARY KEY (a, b DESC)) WITHOUT ROWID");
            s.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 2500) "
                    + "INSERT INTO gaps SELECT i * 3 - 4000, 'row ' || i FROM r");
            s.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 2500) "
                    + "INSERT INTO plain SELECT 'p' || i FROM r");
            s.execute("DELETE FROM plain WHERE rowid % 7 = 0");
            s.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 2500) "
                    + "INSERT INTO pairs SELECT CASE i % 3 WHEN 0 THEN 'A' WHEN 1 THEN 'b' ELSE 'é' END, i, i FROM r");
        }
        try (FakeD1Server server = new FakeD1Server(file, ACCOUNT, DATABASE, TOKEN)) {
            D1Source source = D1Fixtures.source(server, time, 100);
            try (DumpSnapshot snapshot = source.openSnapshot()) {
                int before = server.requests();
                List<Long> ids = readColumn(snapshot, "gaps", 0);
                assertEquals(2500, ids.size());
                for (int i = 0; i < ids.size(); i++) {
                    assertEquals((i + 1) * 3L - 4000, ids.get(i));
                }
                int used = server.requests() - before;
                assertTrue(used >= 25 && used <= 35, used + " requests for 2,500 rows in pages of ≤100");

                TableShape plain = snapshot.describe("plain");
                assertEquals("rowid", plain.rowidName());
                List<Long> rowids = readColumn(snapshot, "plain", 0);
                assertEquals(2500 - 2500 / 7, rowids.size());
                assertTrue(rowids.stream().noneMatch(r -> r % 7 == 0));
                assertEquals(rowids.stream().sorted().toList(), rowids);

                List<Long> b = readColumn(snapshot, "pairs", 1);
                assertEquals(2500, b.size());
                assertEquals(2500, b.stream().distinct().count());
            }
            assertTrue(server.statements().stream().anyMatch(s -> s.contains("WHERE rowid > ")),
                    "keyset paging by rowid");
            assertTrue(server.statements().stream().anyMatch(s -> s.contains("WHERE (\"a\", \"b\") > (")),
                    "keyset paging by the primary key of a WITHOUT ROWID table");
            assertTrue(server.statements().stream().noneMatch(s -> s.contains("OFFSET")), "no OFFSET paging");
        }
    }

    private static List<Long> readColumn(DumpSnapshot snapshot, String table, int column) throws Exception {
        List<Long> out = new ArrayList<>();
        try (RowCursor rows = snapshot.rows(snapshot.describe(table))) {
            while (rows.next()) {
                out.add(rows.getLong(column));
            }
        }
        return out;
    }

    @Test
    void wrongTokenSaysWhatToFixWithoutShowingTheToken() throws Exception {
        try (FakeD1Server server = new FakeD1Server(d1File(), ACCOUNT, DATABASE, TOKEN)) {
            var config = D1Fixtures.config(server, DATABASE, "tok-WRONG-9999");
            D1Source source = new D1Source(config, D1Fixtures.client(config, time, D1Settings.defaults()),
                    new Restorer(time), Duration.ofSeconds(1));
            D1ApiException e = assertThrows(D1ApiException.class, source::openSnapshot);
            assertEquals(403, e.status());
            assertTrue(e.getMessage().contains("database shop"), e.getMessage());
            assertTrue(e.getMessage().contains("Account › D1 › Read for backups"), e.getMessage());
            assertTrue(e.getMessage().contains("Authentication error"), e.getMessage());
            assertFalse(e.getMessage().contains("tok-WRONG-9999"), e.getMessage());
            assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
            assertEquals(1, server.requests(), "an auth failure is not retried");
        }
    }

    @Test
    void unknownDatabaseNamesTheIds() throws Exception {
        try (FakeD1Server server = new FakeD1Server(d1File(), ACCOUNT, DATABASE, TOKEN)) {
            var config = D1Fixtures.config(server, "no-such-db", TOKEN);
            D1Source source = new D1Source(config, D1Fixtures.client(config, time, D1Settings.defaults()),
                    new Restorer(time), Duration.ofSeconds(1));
            D1ApiException e = assertThrows(D1ApiException.class, source::openSnapshot);
            assertEquals(404, e.status());
            assertTrue(e.getMessage().contains("unknown account_id or database_id"), e.getMessage());
            assertTrue(e.getMessage().contains("no-such-db"), e.getMessage());
            assertFalse(e.getMessage().contains(TOKEN));
        }
    }

    @Test
    void rateLimitedRequestsWaitForRetryAfterThenSucceed() throws Exception {
        try (FakeD1Server server = new FakeD1Server(d1File(), ACCOUNT, DATABASE, TOKEN)) {
            server.answer429(2, "7");
            D1Source source = D1Fixtures.source(server, time, 100);
            try (DumpSnapshot snapshot = source.openSnapshot()) {
                assertEquals("unknown (D1 refuses sqlite_version())", snapshot.sqliteVersion(),
                        "D1 refuses sqlite_version(): the header says so instead of failing");
            }
            assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), time.sleeps);
            assertEquals(3, server.requests(), "2 refused + the math probe (which also proves token and ids)");
        }
    }

    @Test
    void persistentRateLimitGivesUpAfterBoundedAttempts() throws Exception {
        try (FakeD1Server server = new FakeD1Server(d1File(), ACCOUNT, DATABASE, TOKEN)) {
            server.answer429(1000, "not-a-number");
            D1Source source = D1Fixtures.source(server, time, 100);
            D1ApiException e = assertThrows(D1ApiException.class, source::openSnapshot);
            assertEquals(429, e.status());
            assertTrue(e.getMessage().contains("1,200 API requests per 5 minutes"), e.getMessage());
            assertEquals(D1Settings.defaults().maxAttempts(), server.requests());
            // no usable Retry-After: exponential backoff
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                    Duration.ofSeconds(8), Duration.ofSeconds(16)), time.sleeps);
        }
    }

    @Test
    void serverErrorsAreRetriedAndD1ErrorMessagesSurface() throws Exception {
        try (FakeD1Server server = new FakeD1Server(d1File(), ACCOUNT, DATABASE, TOKEN)) {
            server.answer500(2);
            D1Source source = D1Fixtures.source(server, time, 100);
            try (DumpSnapshot snapshot = source.openSnapshot()) {
                assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), time.sleeps);
                Exception e = assertThrows(IllegalStateException.class, () -> snapshot.describe("no such table"));
                assertTrue(e.getMessage().contains("no table named"), e.getMessage());
            }
            D1Client client = D1Fixtures.client(D1Fixtures.config(server, DATABASE, TOKEN), time,
                    D1Settings.defaults());
            D1ApiException e = assertThrows(D1ApiException.class, () -> client.raw("SELECT * FROM missing",
                    List.of()));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("no such table: missing"), e.getMessage());
            assertTrue(e.getMessage().contains("code 7500"), e.getMessage());
        }
    }
}
